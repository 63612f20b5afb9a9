import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../src/cli/commands/serve.js';

/** The real service, started in this process on 127.0.0.1 with a random port and a temporary data dir. */
export interface E2eService {
  readonly url: string;
  readonly dataDir: string;
  /** The demo keys the first start wrote to `<dataDir>/demo-keys.txt`. */
  readonly keys: { readonly admin: string; readonly officer: string };
  /** The placement officer's authority (from the key file). */
  readonly authority: string;
  /** The sample referral the first start wrote to `<dataDir>/demo-referral.json`. */
  readonly referral: { readonly child: Record<string, unknown> } & Record<string, unknown>;
  /** Call the API directly (to check what the page did). */
  api(method: string, path: string, key: string, body?: unknown): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/**
 * Start `homefinder serve` in-process exactly as `npm start` does on first start (demo registry, demo keys),
 * but on a free port, a temporary data dir, and without the scoring pool's threads (the e2e test exercises
 * the page, not the pool).
 *
 * @example
 * const svc = await startE2eService(); await fetch(`${svc.url}/healthz`); await svc.close();
 */
export async function startE2eService(): Promise<E2eService> {
  const dataDir = mkdtempSync(join(tmpdir(), 'homefinder-e2e-'));
  const running = await serve({ port: 0, host: '127.0.0.1', dataDir, demo: true, threads: 0, durability: 'relaxed' });
  const keyText = readFileSync(join(dataDir, 'demo-keys.txt'), 'utf8');
  const entry = (re: RegExp): RegExpExecArray => {
    const m = re.exec(keyText);
    if (!m) throw new Error(`startE2eService: ${join(dataDir, 'demo-keys.txt')} has no line matching ${re}`);
    return m;
  };
  const admin = entry(/^admin=(\S+)$/m)[1]!;
  const officerLine = entry(/^placement_officer_(E\d{8})=(\S+)$/m);
  const referral = JSON.parse(readFileSync(join(dataDir, 'demo-referral.json'), 'utf8')) as E2eService['referral'];
  const url = running.url;
  const page = await fetch(`${url}/`);
  if (page.status !== 200 || !(page.headers.get('content-type') ?? '').includes('text/html')) {
    await running.close();
    throw new Error(`startE2eService: GET / answered ${page.status}; the service must mount webRouter() from src/web/router.ts`);
  }
  return {
    url,
    dataDir,
    keys: { admin, officer: officerLine[2]! },
    authority: officerLine[1]!,
    referral,
    async api(method, path, key, body) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
    },
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
