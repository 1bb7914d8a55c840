// The messages between the core and the import worker (import-worker.ts), and how an
// import's error crosses the thread boundary: structured clone keeps only plain data, so
// an ImportLineError travels as { line, column, detail } and is rebuilt on the other side,
// with the same message ("Line N, column C: …") and field as when it ran in-thread.
import { assertNever } from '../../../shared/assert';
import type { ImportFormat } from '../../../shared/ipam-choices';
import type { ImportProgress, ImportReport } from '../../../shared/ipam-types';
import type { ChangeEvent } from '../../../shared/types';
import { DomainError, type DomainErrorCode } from '../../core/errors';
import type { WriteContext } from '../../store/repository';
import { ImportCancelled, ImportLineError } from './transfer';

export interface ImportWorkerData {
  /** The store file; the worker opens its own connection to it (WAL). */
  file: string;
  nodeId: string;
  /** The core's clock and HLC at the start: the worker's clock goes on from there. */
  clockStart: number;
  hlcStart: string;
  ctx: WriteContext;
  input: { format: ImportFormat; text: string; dryRun: boolean; vrf?: string };
  /** Int32Array over a SharedArrayBuffer: [0] = 1 asks the worker to stop (it rolls back). */
  cancel: SharedArrayBuffer;
}

export type SerializedError =
  | { kind: 'line'; line: number; column: string; detail: string }
  | { kind: 'domain'; code: DomainErrorCode; message: string; field?: string }
  | { kind: 'cancelled' }
  | { kind: 'other'; message: string };

export type WorkerMessage =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; report: ImportReport; events: ChangeEvent[]; hlc: string | null }
  | { type: 'failed'; error: SerializedError };

export function serializeError(err: unknown): SerializedError {
  if (err instanceof ImportLineError) return { kind: 'line', line: err.line, column: err.column, detail: err.detail };
  if (err instanceof ImportCancelled) return { kind: 'cancelled' };
  if (err instanceof DomainError) return { kind: 'domain', code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) };
  return { kind: 'other', message: err instanceof Error ? err.message : String(err) };
}

export function deserializeError(e: SerializedError): Error {
  switch (e.kind) {
    case 'line': return new ImportLineError(e.line, e.column, e.detail);
    case 'domain': return new DomainError(e.code, e.message, e.field);
    case 'cancelled': return new ImportCancelled();
    case 'other': return new Error(`The import failed: ${e.message} Nothing was imported.`);
    default: return assertNever(e, 'import error');
  }
}
