// Import a NetBox or phpIPAM CSV: a dry run first (what would change), then apply — all
// or nothing; a bad line is shown with its line and column. The file goes to the core in
// chunks (a WebSocket message is at most 1 MiB; files up to 64 MB), then the core imports
// it in a worker thread and its progress arrives on a subscription of the job: the bar
// shows the upload, then the rows checked or written. Cancel stops either (the import
// rolls back: nothing of it stays).
import { Button, Callout, Dialog, DialogBody, DialogFooter, FileInput, HTMLSelect, HTMLTable, ProgressBar, TextArea } from '@blueprintjs/core';
import { useRef, useState } from 'react';
import { IMPORT_FORMATS, type ImportFormat } from '../../../shared/ipam-choices';
import type { ImportProgress, ImportReport } from '../../../shared/ipam-types';
import { IMPORT_CHUNK_SENT } from '../../../shared/schemas/ipam';
import { formErrorOf } from '../../lib/errors';
import { uploadText } from '../../stores/ipam-store';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { ipamStore } from './ipam-instance';

const MAX_FILE = 64 * 1024 * 1024;
/** Bigger texts are not put in the text area (a browser's text area crawls at megabytes). */
const SHOW_TEXT = 200_000;

type Stage =
  | { kind: 'upload'; sent: number; total: number }
  | { kind: 'import'; dryRun: boolean; progress: ImportProgress | null };

const randomId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
const num = (n: number) => n.toLocaleString('en-US');

function stageText(s: Stage): string {
  if (s.kind === 'upload') return `Sending the file: ${mb(s.sent)} of ${mb(s.total)}`;
  const p = s.progress;
  if (!p) return 'Reading the file…';
  if (p.phase === 'parse') return `Read ${num(p.total)} rows; ${s.dryRun ? 'checking' : 'writing'}…`;
  if (p.phase === 'apply') return `${s.dryRun ? 'Checked' : 'Written'} ${num(p.done)} of ${num(p.total)} rows`;
  return s.dryRun ? 'Checked every row' : 'Written; saving…';
}

function stageValue(s: Stage): number | undefined {
  if (s.kind === 'upload') return s.total ? s.sent / s.total : undefined;
  const p = s.progress;
  return p && p.total && p.phase !== 'parse' ? p.done / p.total : undefined;
}

export function ImportDialog({ isOpen, onClose }: { isOpen: boolean; onClose(): void }) {
  const [format, setFormat] = useState<ImportFormat>('netbox-prefixes');
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState('');
  const [report, setReport] = useState<ImportReport | null>(null);
  const [stage, setStage] = useState<Stage | null>(null);
  const [error, setError] = useState<string | null>(null);
  // the upload of the current text, once sent (the dry run's upload serves the import too)
  const uploaded = useRef<{ id: string; text: string } | null>(null);
  const running = useRef<{ abort: AbortController; jobId: string } | null>(null);

  function changed(next: string, name = '') {
    setText(next);
    setFileName(name);
    setReport(null);
    setError(null);
    void dropUpload();
  }

  async function dropUpload() {
    const u = uploaded.current;
    uploaded.current = null;
    if (u) await api.ipam.importCancel.mutate({ uploadId: u.id }).catch(() => undefined);
  }

  async function ensureUploaded(signal: AbortSignal): Promise<string> {
    if (uploaded.current?.text === text) return uploaded.current.id;
    await dropUpload();
    const id = randomId('upload');
    setStage({ kind: 'upload', sent: 0, total: text.length });
    try {
      await uploadText(text, id, (p) => api.ipam.importUpload.mutate(p), {
        size: IMPORT_CHUNK_SENT, signal, onProgress: (sent, total) => setStage({ kind: 'upload', sent, total }),
      });
    } catch (err) {
      void api.ipam.importCancel.mutate({ uploadId: id }).catch(() => undefined); // nothing half-sent stays
      throw err;
    }
    uploaded.current = { id, text };
    return id;
  }

  async function run(dryRun: boolean) {
    const abort = new AbortController();
    const jobId = randomId('import');
    running.current = { abort, jobId };
    setError(null);
    let sub: { unsubscribe(): void } | null = null;
    try {
      const uploadId = await ensureUploaded(abort.signal);
      setStage({ kind: 'import', dryRun, progress: null });
      sub = api.ipam.importProgress.subscribe({ jobId }, { onData: (p: ImportProgress) => setStage({ kind: 'import', dryRun, progress: p }), onError: () => undefined });
      const r = await api.ipam.import.mutate({ format, uploadId, dryRun, jobId });
      setReport(r);
      if (!dryRun) {
        uploaded.current = null; // the core drops an imported upload itself
        toast({ intent: 'success', icon: 'import', message: `Imported: ${num(r.created)} created, ${num(r.updated)} updated, ${num(r.unchanged)} unchanged.` });
        await ipamStore.getState().refresh();
        onClose();
      }
    } catch (err) {
      setReport(null);
      // a bad line comes as the error of the field "text": "Line N, column C: …"
      const e = formErrorOf(err);
      setError(abort.signal.aborted ? 'Cancelled. Nothing was imported.' : e.message ?? e.fields.text?.[0] ?? Object.values(e.fields)[0]?.[0] ?? 'The import was refused.');
    } finally {
      sub?.unsubscribe();
      running.current = null;
      setStage(null);
    }
  }

  function cancel() {
    const r = running.current;
    if (!r) return;
    r.abort.abort();
    void api.ipam.importCancel.mutate({ jobId: r.jobId }).catch(() => undefined);
  }

  function close() {
    cancel();
    void dropUpload();
    onClose();
  }

  async function pick(file: File | undefined) {
    if (!file) return;
    if (file.size > MAX_FILE) { setError(`${file.name} is ${mb(file.size)}; the app takes files up to 64 MB. Split it, or use \`noc ipam import FILE\` on the command line.`); return; }
    changed(await file.text(), file.name);
  }

  const busy = stage !== null;
  const big = text.length > SHOW_TEXT;
  return (
    <Dialog isOpen={isOpen} onClose={close} title="Import CSV" icon="import" className="noc-ipam-dialog noc-ipam-import" data-testid="import-dialog">
      <DialogBody>
        <div className="noc-form-row">
          <HTMLSelect value={format} disabled={busy} onChange={(e) => { setFormat(e.currentTarget.value as ImportFormat); setReport(null); }} options={IMPORT_FORMATS.map((f) => ({ value: f.value, label: f.label }))} data-testid="import-format" />
          <FileInput className="noc-grow" disabled={busy} text={fileName || 'Choose a .csv file…'} inputProps={{ accept: '.csv,text/csv' }} onInputChange={(e) => void pick(e.currentTarget.files?.[0])} />
        </div>
        {big ? (
          <Callout compact icon="document" data-testid="import-file-summary">
            {fileName || 'Pasted text'}: {mb(text.length)}, {num(text.split('\n').filter((l) => l.trim()).length - 1)} rows. <Button minimal small text="Clear" disabled={busy} onClick={() => changed('')} />
          </Callout>
        ) : (
          <TextArea fill rows={8} className="noc-mono" disabled={busy} placeholder="…or paste the CSV here (first line: the column names)" value={text} onChange={(e) => changed(e.currentTarget.value)} data-testid="import-text" />
        )}
        {stage && (
          <div className="noc-ipam-progress" data-testid="import-stage">
            <ProgressBar value={stageValue(stage)} intent="primary" data-testid="import-progress" />
            <span data-testid="import-phase">{stageText(stage)}</span>
          </div>
        )}
        {error && <Callout intent="danger" compact data-testid="import-error">{error}</Callout>}
        {report && (
          <Callout intent={report.dryRun ? 'primary' : 'success'} compact data-testid="import-report">
            {report.dryRun ? 'Dry run — nothing changed yet: ' : ''}{num(report.created)} to create, {num(report.updated)} to update, {num(report.unchanged)} unchanged ({num(report.rows)} rows).
            {report.changes.length > 0 && (
              <HTMLTable compact className="noc-ipam-import-changes">
                <tbody>
                  {report.changes.slice(0, 30).map((c) => (
                    <tr key={`${c.line}-${c.key}-${c.kind}`}><td>line {c.line}</td><td>{c.action}</td><td>{c.kind}</td><td className="noc-mono">{c.key}</td>
                      <td>{Object.entries(c.changes).map(([k, [a, b]]) => `${k}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`).join(', ')}</td></tr>
                  ))}
                </tbody>
              </HTMLTable>
            )}
          </Callout>
        )}
      </DialogBody>
      <DialogFooter actions={
        <>
          {busy ? <Button text="Cancel" icon="stop" onClick={cancel} data-testid="import-cancel" /> : <Button text="Close" onClick={close} />}
          <Button text="Dry run" icon="eye-open" disabled={!text || busy} onClick={() => void run(true)} data-testid="import-dry-run" />
          <Button text="Import" intent="primary" icon="import" disabled={!report?.dryRun || busy || report.created + report.updated === 0} onClick={() => void run(false)} data-testid="import-apply" />
        </>
      } />
    </Dialog>
  );
}

/** Saves an export of the chosen format as a file. */
export async function exportCsv(format: ImportFormat): Promise<void> {
  const csv = await api.ipam.export.query({ format });
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${format}.csv`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
