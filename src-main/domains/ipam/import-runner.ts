// Runs the app's imports off the core's thread (issue 5): a worker_threads Worker with its
// own connection to the store file does the parse and the one all-or-nothing transaction
// (import-worker.ts), and posts progress that the core forwards to the job's subscribers,
// so the progress bar moves while rows are written and nothing else waits on the import.
//
// While the worker holds SQLite's write lock (one writer per file), what of the core's own
// writes? SQLite cannot interleave them into the import without breaking all-or-nothing,
// and every writer of the core (people's edits, the alarm engine, BMC readings, sync pulls)
// calls Store.write synchronously and expects it to have happened when it returns. So:
//   - one import at a time: a second one is refused at once, with the first one's progress;
//   - the core's writes during the apply phase wait for the import's commit instead of
//     failing after busy_timeout (5 s): the wait is raised for the import's duration, so a
//     machine writer (an alarm raised meanwhile) never loses its write. Such a write holds
//     the core's thread until the commit (at most the rest of the apply: ~10 s for 100,000
//     rows); reads never wait (WAL), and with no write meanwhile nothing waits at all.
//   - after the commit, the changes are announced on the core's Store (live queries
//     refresh, the sync pushes the outbox) and the core's HLC moves past the import's.
// A store that is not a file (':memory:', tests and benchmarks) cannot be opened twice:
// there the import runs in this thread, as the CLI's does.
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ImportFormat } from '../../../shared/ipam-choices';
import type { ImportProgress, ImportReport } from '../../../shared/ipam-types';
import type { Clock } from '../../core/clock';
import { conflict } from '../../core/errors';
import type { Store, WriteContext } from '../../store/repository';
import { deserializeError, type ImportWorkerData, type WorkerMessage } from './import-protocol';
import type { IpamTransfer } from './transfer';

export type ImportInput = { format: ImportFormat; text: string; dryRun: boolean; vrf?: string };

/** While the import writes, the core's own writes wait this long for the lock. */
const WAIT_FOR_IMPORT_MS = 10 * 60_000;

interface Job {
  jobId: string;
  who: string;
  dryRun: boolean;
  progress: ImportProgress | null;
  cancel: Int32Array;
}

export class ImportRunner {
  private job: Job | null = null;

  constructor(private readonly store: Store, private readonly clock: Clock, private readonly transfer: IpamTransfer) {}

  /** The running import, if any (its job id, who started it, its last progress). */
  current(): { jobId: string; who: string; progress: ImportProgress | null } | null {
    return this.job && { jobId: this.job.jobId, who: this.job.who, progress: this.job.progress };
  }

  /** Parses and applies (or dry-runs) `input` in a worker; resolves with the report. */
  async run(ctx: WriteContext, input: ImportInput, jobId: string = `import-${this.clock.now()}`): Promise<ImportReport> {
    if (this.job) throw conflict(`An import is already running (${describe(this.job)}, started by ${this.job.who}); wait for it to finish, then try again.`);
    const file = this.store.db.name;
    if (file === ':memory:' || this.store.db.memory) return this.transfer.importCsv(ctx, input, jobId);
    const job: Job = { jobId, who: ctx.actor.name, dryRun: input.dryRun, progress: null, cancel: new Int32Array(new SharedArrayBuffer(4)) };
    this.job = job;
    // raised before the worker starts: a write of the core already waiting keeps the long wait too
    const before = this.store.db.pragma('busy_timeout', { simple: true }) as number;
    this.store.db.pragma(`busy_timeout = ${WAIT_FOR_IMPORT_MS}`);
    try {
      const data: ImportWorkerData = {
        file, nodeId: this.store.hlc.node, clockStart: this.clock.now(), hlcStart: this.store.hlc.tick(), ctx: { actor: ctx.actor, reason: ctx.reason },
        input, cancel: job.cancel.buffer as SharedArrayBuffer,
      };
      return await new Promise<ImportReport>((resolve, reject) => {
        const worker = startWorker(data);
        let settled = false;
        const settle = (fn: () => void) => { if (!settled) { settled = true; fn(); } };
        worker.on('message', (m: WorkerMessage) => {
          switch (m.type) {
            case 'progress':
              job.progress = m.progress;
              this.transfer.emitProgress(jobId, m.progress);
              break;
            case 'done':
              // restored before the listeners run: they may write
              this.store.db.pragma(`busy_timeout = ${before}`);
              if (!m.report.dryRun) this.store.announceExternal(m.events, m.hlc);
              settle(() => resolve(m.report));
              break;
            case 'failed':
              settle(() => reject(deserializeError(m.error)));
              break;
          }
        });
        worker.on('error', (err) => settle(() => reject(new Error(`The import worker failed: ${err.message} Nothing was imported.`))));
        worker.on('exit', (code) => settle(() => reject(new Error(`The import worker stopped (exit code ${code}) before it finished. Nothing was imported.`))));
      });
    } finally {
      this.store.db.pragma(`busy_timeout = ${before}`);
      this.job = null;
    }
  }

  /** Asks the running import to stop: it rolls back (or never writes), so nothing of it stays. */
  cancel(jobId: string): { cancelled: boolean; message: string } {
    const job = this.job;
    if (!job || job.jobId !== jobId) return { cancelled: false, message: 'That import is not running (it may have finished).' };
    Atomics.store(job.cancel, 0, 1);
    return { cancelled: true, message: 'Cancelling: the import stops and nothing of it is kept.' };
  }
}

function describe(job: Job): string {
  const p = job.progress;
  if (!p || p.phase === 'parse') return 'reading the file';
  if (p.phase === 'done') return 'finishing';
  return `${job.dryRun ? 'dry run' : 'writing'} ${p.total ? Math.floor((p.done / p.total) * 100) : 0} %`;
}

/**
 * The worker, under each way the core runs: the Electron main process is one CommonJS
 * bundle with the worker bundled beside it (scripts/build-main.mjs); under tsx (noc
 * serve, the CLI) and vitest, the worker is this folder's import-worker.ts, loaded
 * through tsx's loader registered inside the worker (a worker does not inherit the
 * loader that bin/noc.mjs registered, nor vitest's transform).
 */
function startWorker(workerData: ImportWorkerData): Worker {
  const here = typeof import.meta.url === 'string' ? import.meta.url : '';
  if (!here) return new Worker(join(__dirname, 'import-worker.cjs'), { workerData });
  const require = createRequire(here);
  const tsxApi = pathToFileURL(join(dirname(require.resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;
  const entry = new URL('./import-worker.ts', here).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`
    + `.catch((err) => { require('node:worker_threads').parentPort.postMessage({ type: 'failed', error: { kind: 'other', message: String(err && err.stack || err) } }); });`;
  return new Worker(boot, { eval: true, workerData });
}
