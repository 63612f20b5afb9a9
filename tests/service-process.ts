/**
 * Helpers to run the compiled server as a child process (durability test, benchmarks): build dist if it is
 * missing, spawn `serve` on a free loopback port, wait until ready, kill.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = resolve(import.meta.dirname, '..');
const SERVE_JS = join(ROOT, 'dist', 'src', 'cli', 'commands', 'serve.js');

/** Compile with tsconfig.build.json when the compiled server is missing. */
export function ensureBuilt(): void {
  if (existsSync(SERVE_JS) && existsSync(join(ROOT, 'dist', 'src', 'workers', 'score-worker.js'))) return;
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ensureBuilt: tsc failed\n${r.stdout}\n${r.stderr}`);
}

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly stdout: string[];
  readonly stderr: string[];
}

/**
 * Spawn the compiled server (port 0: a free port on 127.0.0.1) and resolve once `/readyz` answers 200.
 *
 * @example
 * const s = await startServerProcess(dataDir, { demo: false });
 * await fetch(`${s.url}/healthz`);
 */
export async function startServerProcess(dataDir: string, opts: { demo?: boolean; threads?: number; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<ServerProcess> {
  ensureBuilt();
  const script = join(dataDir, 'run-serve.mjs');
  writeFileSync(
    script,
    `const { serve } = await import(${JSON.stringify(pathToFileURL(SERVE_JS).href)});\n` +
      `await serve({ port: 0, host: '127.0.0.1', dataDir: ${JSON.stringify(dataDir)}, demo: ${opts.demo ?? false}, threads: ${opts.threads ?? 0} });\n`,
  );
  const child = spawn(process.execPath, [script], {
    cwd: ROOT,
    env: { ...process.env, HOMEFINDER_LOG_LEVEL: 'info', HOMEFINDER_RATE_LIMIT: 'off', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`startServerProcess: not listening after ${opts.timeoutMs ?? 120_000} ms\n${stderr.join('')}`)), opts.timeoutMs ?? 120_000);
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      const s = d.toString();
      stdout.push(s);
      buf += s;
      const m = /homefinder: listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(buf);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`startServerProcess: exited with ${code}\n${stderr.join('')}\n${stdout.join('')}`));
    });
  });
  for (let i = 0; i < 100; i++) {
    const r = await fetch(`${url}/readyz`).catch(() => undefined);
    if (r?.status === 200) break;
    await new Promise((r2) => setTimeout(r2, 50));
  }
  return { child, url, stdout, stderr };
}

/** Kill and wait for the exit. */
export async function killServer(s: ServerProcess, signal: NodeJS.Signals): Promise<number | null> {
  if (s.child.exitCode !== null) return s.child.exitCode;
  const exited = new Promise<number | null>((res) => s.child.once('exit', (code) => res(code)));
  s.child.kill(signal);
  return exited;
}
