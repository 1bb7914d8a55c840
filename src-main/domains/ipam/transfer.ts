// CSV import and export (NetBox prefixes, IP addresses, VLANs; phpIPAM addresses), with
// csv-parse/csv-stringify. An import is all or nothing: every row is applied through the
// IPAM rules inside ONE transaction; the first bad row aborts it with its line and column.
// A dry run is the same run rolled back at the end, so it reports exactly what would change.
// Progress: a callback (the CLI prints it) and per-job listeners (the UI subscribes).
// The app runs an import in a worker thread (import-runner.ts, import-worker.ts) with this
// same importCsv; the CLI runs it here, in its own thread.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { IpFormatError } from '../../../shared/ipam';
import type { ImportFormat } from '../../../shared/ipam-choices';
import { assertNever } from '../../../shared/assert';
import type { ImportChange, ImportProgress, ImportReport } from '../../../shared/ipam-types';
import { DomainError } from '../../core/errors';
import type { Clock } from '../../core/clock';
import type { WriteContext } from '../../store/repository';
import { NotFoundError } from '../../store/repository';
import { netboxAddresses, netboxPrefixes, netboxVlans, type FormatHandler, type ImportEnv } from './csv-netbox';
import { phpipamAddresses } from './csv-phpipam';
import { ImportRunner } from './import-runner';
import { ImportUploads } from './import-uploads';
import type { IpamService } from './service';

export class ImportLineError extends DomainError {
  constructor(readonly line: number, readonly column: string, readonly detail: string) {
    super('invalid', `Line ${line}, column ${column}: ${detail} Nothing was imported.`, 'text');
    this.name = 'ImportLineError';
  }
}

/** The person cancelled the import; it was rolled back (or never began writing). */
export class ImportCancelled extends DomainError {
  constructor() {
    super('precondition', 'The import was cancelled. Nothing was imported.');
    this.name = 'ImportCancelled';
  }
}

/** Hooks of a run in the worker: asked after parsing and between rows whether to stop. */
export interface ImportHooks {
  cancelled?(): boolean;
}

class DryRunDone extends Error {}

export const PREVIEW_CHANGES = 200;
const PROGRESS_EVERY = 1000;

export function handlerOf(format: ImportFormat): FormatHandler {
  switch (format) {
    case 'netbox-prefixes': return netboxPrefixes;
    case 'netbox-ip-addresses': return netboxAddresses;
    case 'netbox-vlans': return netboxVlans;
    case 'phpipam': return phpipamAddresses;
    default: return assertNever(format, 'import format');
  }
}

type Progress = (p: ImportProgress) => void;

export class IpamTransfer {
  private jobs = new Map<string, Set<Progress>>();
  /** Files sent from the app in chunks (a WebSocket message is at most 1 MiB). */
  readonly uploads: ImportUploads;
  /** The app's imports: in a worker thread, one at a time. */
  readonly runner: ImportRunner;

  constructor(private readonly ipam: IpamService, private readonly clock: Clock) {
    this.uploads = new ImportUploads(clock);
    this.runner = new ImportRunner(ipam.store, clock, this);
  }

  /** Listens to one import job's progress; returns the unsubscribe. */
  onProgress(jobId: string, listener: Progress): () => void {
    let set = this.jobs.get(jobId);
    if (!set) this.jobs.set(jobId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.jobs.delete(jobId);
    };
  }

  /** Tells a job's listeners (the runner forwards the worker's progress through here). */
  emitProgress(jobId: string, p: ImportProgress): void {
    for (const l of this.jobs.get(jobId) ?? []) l(p);
  }

  importCsv(ctx: WriteContext, input: { format: ImportFormat; text: string; dryRun: boolean; vrf?: string }, jobId?: string, progress?: Progress, hooks: ImportHooks = {}): ImportReport {
    const started = this.clock.now();
    const emit = (p: ImportProgress) => {
      progress?.(p);
      if (jobId) this.emitProgress(jobId, p);
    };
    const handler = handlerOf(input.format);
    const records = parseCsv(input.text, handler);
    emit({ phase: 'parse', done: records.length, total: records.length });
    if (hooks.cancelled?.()) throw new ImportCancelled();
    const report: ImportReport = { format: input.format, dryRun: input.dryRun, rows: records.length, created: 0, updated: 0, unchanged: 0, changes: [], elapsedMs: 0 };
    const env: ImportEnv = { ctx: { ...ctx, reason: ctx.reason ?? `import (${input.format})` }, ipam: this.ipam, defaultVrf: input.vrf ?? '', seen: new Map(), cache: new Map() };
    try {
      this.ipam.store.write(() => {
        records.forEach((rec, i) => {
          if (hooks.cancelled?.()) throw new ImportCancelled(); // rolls the whole import back
          const change = handler.apply(rowContext(rec.line, rec.row), env);
          count(report, change);
          if ((i + 1) % PROGRESS_EVERY === 0) emit({ phase: 'apply', done: i + 1, total: records.length });
        });
        if (input.dryRun) throw new DryRunDone();
      });
    } catch (err) {
      if (!(err instanceof DryRunDone)) throw err;
    }
    report.elapsedMs = this.clock.now() - started;
    emit({ phase: 'done', done: records.length, total: records.length });
    return report;
  }

  exportCsv(format: ImportFormat, vrf?: string): string {
    const handler = handlerOf(format);
    const { columns, rows } = handler.export(this.ipam, vrf);
    return stringify(rows, { header: true, columns: [...columns] });
  }
}

function count(report: ImportReport, changes: ImportChange | ImportChange[]): void {
  for (const change of Array.isArray(changes) ? changes : [changes]) countOne(report, change);
}

function countOne(report: ImportReport, change: ImportChange): void {
  if (change.action === 'create') report.created++;
  else if (change.action === 'update') report.updated++;
  else report.unchanged++;
  if (change.action !== 'unchanged' && report.changes.length < PREVIEW_CHANGES) report.changes.push(change);
}

interface ParsedRecord { line: number; row: Record<string, string> }

/** Header checked against the format (NetBox refuses unknown columns too); each row keeps its line. */
function parseCsv(text: string, handler: FormatHandler): ParsedRecord[] {
  let header: string[] = [];
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true, trim: true, skip_empty_lines: true, info: true,
      columns: (h: string[]) => (header = h.map((c) => c.trim().toLowerCase())),
    }) as Array<{ record: Record<string, string>; info: { lines: number } }>;
  } catch (err) {
    const e = err as { lines?: number; message?: string; code?: string };
    throw new DomainError('invalid', `Line ${e.lines ?? '?'}: the file is not valid CSV (${e.message ?? String(err)}). Nothing was imported.`, 'text');
  }
  if (header.length === 0) throw new DomainError('invalid', 'The file has no header line; the first line names the columns.', 'text');
  const known = new Set([...handler.columns, ...handler.optional]);
  for (const c of header) {
    if (!known.has(c)) throw new ImportLineError(1, c, `unknown column "${c}" for ${handler.label}; the columns are ${handler.columns.join(', ')} (optional: ${handler.optional.join(', ') || 'none'}).`);
  }
  for (const c of handler.required) {
    if (!header.includes(c)) throw new ImportLineError(1, c, `the required column "${c}" is missing (${handler.label} needs ${handler.required.join(', ')}).`);
  }
  return records.map((r) => ({ line: r.info.lines, row: r.record }));
}

export interface RowContext {
  line: number;
  row: Record<string, string>;
  /** The cell (trimmed), '' when the column is absent. */
  cell(column: string): string;
  has(column: string): boolean;
  /** Runs fn; a refusal inside becomes "line N, column C: …". */
  at<T>(column: string, fn: () => T): T;
  fail(column: string, message: string): never;
}

function rowContext(line: number, row: Record<string, string>): RowContext {
  return {
    line, row,
    cell: (c) => (row[c] ?? '').trim(),
    has: (c) => c in row,
    at(column, fn) {
      try {
        return fn();
      } catch (err) {
        if (err instanceof ImportLineError) throw err;
        if (err instanceof IpFormatError || err instanceof DomainError || err instanceof NotFoundError) throw new ImportLineError(line, column, withStop(err.message));
        throw err;
      }
    },
    fail(column, message) {
      throw new ImportLineError(line, column, withStop(message));
    },
  };
}

const withStop = (m: string) => (/[.!?]$/.test(m) ? m : `${m}.`);
