import { resolve } from 'node:path';
import { openSqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';
import type { Store } from './types.js';

/** Where `npm start` keeps its database (relative to the working directory). */
export const DEFAULT_DB_PATH = './data/homefinder.db';

/**
 * Open the configured store. Today that is always the embedded SQLite file; a server database would be
 * chosen here (e.g. by a `postgres://` path) without any caller changing.
 *
 * @example
 * const store = openStore({ path: process.env.HOMEFINDER_DB ?? DEFAULT_DB_PATH });
 */
export function openStore(opts: Partial<SqliteStoreOptions> = {}): Store {
  const path = opts.path ?? DEFAULT_DB_PATH;
  return openSqliteStore({ ...opts, path: path === ':memory:' ? path : resolve(path) });
}
