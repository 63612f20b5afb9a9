import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, vi } from 'vitest';

/** What a CLI test sees: a fresh temp dir and everything written to stdout and stderr. */
export interface CliIo {
  dir: string;
  out: string[];
  err: string[];
}

/**
 * For CLI tests: before each test, a fresh temp dir and stdout/stderr captured; after it, mocks restored,
 * `process.exitCode` cleared and the dir removed. Read the fields inside tests (they are replaced each time).
 *
 * @example
 * const io = useCliIo('hf-cli-');
 * it('prints', async () => { await run('keys', 'list'); expect(io.out.join('')).toMatch(/admin/); });
 */
export function useCliIo(prefix: string): CliIo {
  const io: CliIo = { dir: '', out: [], err: [] };
  beforeEach(() => {
    io.dir = mkdtempSync(join(tmpdir(), prefix));
    io.out = [];
    io.err = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (io.out.push(String(s)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (io.err.push(String(s)), true));
  });
  afterEach(() => {
    vi.restoreAllMocks();
    process.exitCode = undefined;
    rmSync(io.dir, { recursive: true, force: true });
  });
  return io;
}
