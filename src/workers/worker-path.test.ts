import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { compiledWorker, workerExecArgv } from './worker-path.js';

describe('workerExecArgv', () => {
  it('makes require() of an ES module fail cleanly in a worker, so piscina loads workers by import() only', async () => {
    const esm = compiledWorker('score-worker'); // an ES module ("type": "module")
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      try { require(workerData); parentPort.postMessage('required'); }
      catch (e) { parentPort.postMessage(e.code ?? String(e)); }`;
    const run = (execArgv: string[]): Promise<string> =>
      new Promise((resolve, reject) => {
        const w = new Worker(code, { eval: true, workerData: esm, execArgv });
        w.once('message', (m: string) => {
          resolve(m);
          void w.terminate();
        });
        w.once('error', reject);
      });
    const flags = workerExecArgv();
    if (flags.length === 0) {
      // a Node without require(esm): it always fails cleanly
      expect(await run([])).toBe('ERR_REQUIRE_ESM');
      return;
    }
    expect(flags).toEqual(['--no-experimental-require-module']);
    expect(await run(flags)).toBe('ERR_REQUIRE_ESM');
  });

  it('names the missing file when the build has not been run', () => {
    expect(() => compiledWorker('no-such-worker')).toThrow(/compiledWorker: ".*no-such-worker\.js" does not exist/);
  });
});
