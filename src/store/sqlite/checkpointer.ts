import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints off the event loop. The service's connection turns automatic checkpoints off and this
 * worker thread, on its own connection to the same file, runs `PRAGMA wal_checkpoint(PASSIVE)` every
 * `intervalMs` (PASSIVE never blocks the writer). The copy of WAL pages into the database and its fsync
 * then never stall request handling. The worker is written inline (CommonJS, resolving better-sqlite3 from
 * this package), so it runs the same from the TypeScript sources and from dist.
 *
 * @example
 * const cp = startCheckpointer('./data/homefinder.db', 1000);
 * await cp.stop(); // one final TRUNCATE checkpoint, then the thread exits
 */
export interface Checkpointer {
  stop(): Promise<void>;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createRequire } = require('node:module');
const Database = createRequire(workerData.from)('better-sqlite3');
const db = new Database(workerData.path);
db.pragma('busy_timeout = 2000');
const tick = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (e) { /* busy: try next time */ } };
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  try { db.pragma('wal_checkpoint(TRUNCATE)'); } catch (e) { /* the next open recovers the WAL */ }
  db.close();
  parentPort.postMessage('stopped');
});
`;

/**
 * Start the checkpoint thread for the database at `path`.
 *
 * @example
 * const cp = startCheckpointer('./data/homefinder.db');
 */
export function startCheckpointer(path: string, intervalMs = 1000): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, intervalMs, from: import.meta.url } });
  worker.unref();
  worker.on('error', () => undefined);
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          void worker.terminate().then(done, done);
        }, 5000);
        worker.once('message', () => void worker.terminate().then(done, done));
        worker.once('exit', done);
        worker.postMessage('stop');
      }),
  };
}
