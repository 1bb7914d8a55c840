// The console logs of a server: who opened each session, who watched and who had control;
// each can be read in a dialog or downloaded as a file.
import { Button, Classes, Dialog, DialogBody, DialogFooter, Tag } from '@blueprintjs/core';
import { useEffect, useState } from 'react';
import type { ConsoleLogText, ConsoleLogView } from '../../../shared/console';
import { formErrorOf } from '../../lib/errors';
import { toast } from '../../toaster';
import { api } from '../../trpc';

function size(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Terminal output as text a person can read in a <pre>: colours and cursor moves removed. */
function readable(text: string): string {
  return text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/\x1b[()][0-9A-Za-z]/g, '').replace(/\r\n?/g, '\n');
}

export function ConsoleLogList({ deviceId, deviceName, version }: { deviceId: string; deviceName: string; version: number }) {
  const [logs, setLogs] = useState<ConsoleLogView[]>([]);
  const [open, setOpen] = useState<ConsoleLogText | null>(null);

  useEffect(() => {
    let alive = true;
    api.console.logs.query({ deviceId, limit: 20 }).then((l) => alive && setLogs(l), () => undefined);
    return () => { alive = false; };
  }, [deviceId, version]);

  async function view(id: string) {
    try {
      setOpen(await api.console.readLog.query({ id }));
    } catch (err) {
      toast({ intent: 'danger', icon: 'error', message: formErrorOf(err).message ?? 'The log could not be read.' });
    }
  }

  async function download(log: ConsoleLogView) {
    try {
      const r = await api.console.readLog.query({ id: log.id });
      const url = URL.createObjectURL(new Blob([r.text], { type: 'text/plain;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${deviceName}-${log.fileName}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      toast({ intent: 'danger', icon: 'error', message: formErrorOf(err).message ?? 'The log could not be read.' });
    }
  }

  return (
    <div className="noc-console-logs">
      <h4 className="noc-section-title">Console logs <Tag minimal round>{logs.length}</Tag></h4>
      {logs.length === 0 ? <p className="noc-muted">No console sessions yet.</p> : (
        <div className="noc-console-loglist" data-testid="console-logs">
          {logs.map((l) => (
            <div key={l.id} className="noc-console-logrow" data-testid="console-log">
              <span>{new Date(l.startedAt).toLocaleString()}</span>
              <span className="noc-muted">{l.driver} · {l.openedBy}{l.endedAt === null ? ' · open' : ''} · {size(l.bytes)}</span>
              <span className="noc-console-people">{l.participants.map((p) => <Tag key={`${p.name}-${p.joinedAt}`} minimal icon={p.controlled ? 'key' : 'eye-open'}>{p.name}</Tag>)}</span>
              <span>
                <Button size="small" variant="minimal" icon="document-open" text="View" data-testid="console-log-view" onClick={() => void view(l.id)} />
                <Button size="small" variant="minimal" icon="download" text="Download" onClick={() => void download(l)} />
              </span>
            </div>
          ))}
        </div>
      )}
      <Dialog isOpen={open !== null} onClose={() => setOpen(null)} title={open ? `${deviceName} — ${open.log.fileName}` : ''} icon="console" style={{ width: 900 }}>
        <DialogBody>
          {open?.truncated && <p className="noc-muted">The file is long: its end is shown. Download it for all of it.</p>}
          <pre className={`noc-console-logtext ${Classes.MONOSPACE_TEXT}`} data-testid="console-log-text">{open ? readable(open.text) : ''}</pre>
        </DialogBody>
        <DialogFooter actions={<Button text="Close" onClick={() => setOpen(null)} />} />
      </Dialog>
    </div>
  );
}
