// The import worker (a worker_threads thread, started by import-runner.ts): its OWN
// better-sqlite3 connection to the store file (WAL), the same IPAM rules through the same
// repository layer (row + audit + outbox + search in one transaction, all or nothing; a
// dry run is the same run rolled back), and messages to the core: progress, then the
// report with the change events, or the error. The core's event loop
// stays free meanwhile: the WebSocket sends progress, the wall and the pollers go on.
import { parentPort, workerData } from 'node:worker_threads';
import type { ChangeEvent } from '../../../shared/types';
import type { Clock } from '../../core/clock';
import { openStore } from '../../store/db';
import { Store } from '../../store/repository';
import { DeviceRepository } from '../inventory/repository';
import { serializeError, type ImportWorkerData, type WorkerMessage } from './import-protocol';
import { IpamService } from './service';

/** Waits this long for a write of the core's to finish before taking the write lock. */
const BUSY_TIMEOUT_MS = 30_000;

function run(data: ImportWorkerData, post: (m: WorkerMessage) => void): void {
  // The core's clock goes on here in real time (a FakeClock's "now" included).
  const t0 = Date.now();
  const clock: Clock = {
    now: () => data.clockStart + (Date.now() - t0),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  const db = openStore(data.file, { busyTimeoutMs: BUSY_TIMEOUT_MS });
  try {
    const store = new Store(db, clock, data.nodeId);
    store.hlc.observe(data.hlcStart);
    const events: ChangeEvent[] = [];
    store.onChange((batch) => { for (const e of batch) events.push(e); });
    const ipam = new IpamService(store, new DeviceRepository(store), clock);
    const cancel = new Int32Array(data.cancel);
    const report = ipam.transfer.importCsv(data.ctx, data.input, undefined, (progress) => post({ type: 'progress', progress }), {
      cancelled: () => Atomics.load(cancel, 0) === 1,
    });
    post({ type: 'done', report, events, hlc: events.length > 0 ? store.hlc.tick() : null });
  } finally {
    db.close();
  }
}

if (parentPort) {
  const port = parentPort;
  const post = (m: WorkerMessage) => port.postMessage(m);
  try {
    run(workerData as ImportWorkerData, post);
  } catch (err) {
    post({ type: 'failed', error: serializeError(err) });
  }
}
