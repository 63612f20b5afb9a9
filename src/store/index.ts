/**
 * Storage for the Homefinder service: the {@link Store} contract and its embedded SQLite implementation.
 *
 * @example
 * import { openStore, DEFAULT_DB_PATH } from './store/index.js';
 * const store = openStore({ path: DEFAULT_DB_PATH });
 */
export * from './types.js';
export * from './audit-chain.js';
export * from './canonical-json.js';
export * from './api-keys.js';
export { openSqliteStore, SqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';
export { openStore, DEFAULT_DB_PATH } from './open-store.js';
