// Import a NetBox or phpIPAM CSV: a dry run first (what would change), then apply — all
// or nothing; a bad line is shown with its line and column. Progress arrives on a
// subscription of the job. Files over 900 KB: `noc ipam import` on the command line.
import { Button, Callout, Dialog, DialogBody, DialogFooter, FileInput, HTMLSelect, HTMLTable, ProgressBar, TextArea } from '@blueprintjs/core';
import { useState } from 'react';
import { IMPORT_FORMATS, type ImportFormat } from '../../../shared/ipam-choices';
import type { ImportProgress, ImportReport } from '../../../shared/ipam-types';
import { formErrorOf } from '../../lib/errors';
import { toast } from '../../toaster';
import { api } from '../../trpc';
import { ipamStore } from './ipam-instance';

const MAX_TEXT = 900_000;

export function ImportDialog({ isOpen, onClose }: { isOpen: boolean; onClose(): void }) {
  const [format, setFormat] = useState<ImportFormat>('netbox-prefixes');
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState('');
  const [report, setReport] = useState<ImportReport | null>(null);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(dryRun: boolean) {
    setBusy(true);
    setError(null);
    setProgress(null);
    const jobId = `import-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    const sub = api.ipam.importProgress.subscribe({ jobId }, { onData: (p: ImportProgress) => setProgress(p), onError: () => undefined });
    try {
      const r = await api.ipam.import.mutate({ format, text, dryRun, jobId });
      setReport(r);
      if (!dryRun) {
        toast({ intent: 'success', icon: 'import', message: `Imported: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged.` });
        await ipamStore.getState().refresh();
        onClose();
      }
    } catch (err) {
      setReport(null);
      setError(formErrorOf(err).message ?? 'The import was refused.');
    } finally {
      sub.unsubscribe();
      setBusy(false);
    }
  }

  async function pick(file: File | undefined) {
    if (!file) return;
    if (file.size > MAX_TEXT) { setError(`${file.name} is ${(file.size / 1e6).toFixed(1)} MB; files over 900 KB go through \`noc ipam import\` on the command line.`); return; }
    setFileName(file.name);
    setText(await file.text());
    setReport(null);
    setError(null);
  }

  return (
    <Dialog isOpen={isOpen} onClose={onClose} title="Import CSV" icon="import" className="noc-ipam-dialog noc-ipam-import" data-testid="import-dialog">
      <DialogBody>
        <div className="noc-form-row">
          <HTMLSelect value={format} onChange={(e) => { setFormat(e.currentTarget.value as ImportFormat); setReport(null); }} options={IMPORT_FORMATS.map((f) => ({ value: f.value, label: f.label }))} data-testid="import-format" />
          <FileInput className="noc-grow" text={fileName || 'Choose a .csv file…'} inputProps={{ accept: '.csv,text/csv' }} onInputChange={(e) => void pick(e.currentTarget.files?.[0])} />
        </div>
        <TextArea fill rows={8} className="noc-mono" placeholder="…or paste the CSV here (first line: the column names)" value={text} onChange={(e) => { setText(e.currentTarget.value); setReport(null); }} data-testid="import-text" />
        {busy && <ProgressBar className="noc-ipam-progress" value={progress && progress.total ? progress.done / progress.total : undefined} intent="primary" />}
        {error && <Callout intent="danger" compact data-testid="import-error">{error}</Callout>}
        {report && (
          <Callout intent={report.dryRun ? 'primary' : 'success'} compact data-testid="import-report">
            {report.dryRun ? 'Dry run — nothing changed yet: ' : ''}{report.created} to create, {report.updated} to update, {report.unchanged} unchanged ({report.rows} rows).
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
          <Button text="Close" onClick={onClose} />
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
