import { join } from 'node:path';
import type { Command } from 'commander';
import { openStore, type Store } from '../../store/index.js';

/**
 * The `--db` option shared by the commands that work on the database (default ./data/homefinder.db,
 * or env HOMEFINDER_DB).
 *
 * @example
 * withDbOption(program.command('audit'));
 */
export function withDbOption(cmd: Command): Command {
  return cmd.option('--db <file>', 'database file (env HOMEFINDER_DB, default ./data/homefinder.db)');
}

/**
 * Open the store named by `--db` / HOMEFINDER_DB / the default, run `fn`, always close it.
 *
 * @example
 * await withStore(opts.db, async (store) => store.verifyAudit());
 */
export async function withStore<T>(db: string | undefined, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = openStore({ path: db ?? process.env.HOMEFINDER_DB ?? join('data', 'homefinder.db') });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
