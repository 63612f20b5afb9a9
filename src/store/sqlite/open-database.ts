import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations.js';

export type SyncMode = 'full' | 'normal';

export interface OpenDatabaseOptions {
  /** File path, or ":memory:". Parent folders are created. */
  readonly path: string;
  /**
   * `full` (default): every commit is fsynced, so an acknowledged write survives power loss as well as a
   * killed process. `normal`: WAL without a sync per commit; survives a killed process, may lose the last
   * commits on power loss (never corrupts).
   */
  readonly sync?: SyncMode;
  readonly readonly?: boolean;
  /** Turn automatic checkpoints off (a {@link startCheckpointer} thread does them instead). */
  readonly backgroundCheckpoints?: boolean;
}

/**
 * Open (creating if needed) the Homefinder SQLite database: WAL, foreign keys on, busy timeout for other
 * processes (the CLI writing while the server runs), migrations applied.
 *
 * @example
 * const db = openDatabase({ path: './data/homefinder.db' });
 */
export function openDatabase(opts: OpenDatabaseOptions): Database.Database {
  if (opts.path !== ':memory:') mkdirSync(dirname(opts.path), { recursive: true });
  const db = new Database(opts.path, { readonly: opts.readonly ?? false });
  db.pragma('busy_timeout = 10000');
  if (!opts.readonly) {
    if (opts.path !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${opts.sync === 'normal' ? 'NORMAL' : 'FULL'}`);
    // With a background checkpointer, the writing connection never checkpoints itself.
    if (opts.backgroundCheckpoints && opts.path !== ':memory:') db.pragma('wal_autocheckpoint = 0');
  }
  db.pragma('foreign_keys = ON');
  if (!opts.readonly) migrate(db, MIGRATIONS);
  return db;
}

/**
 * Apply every migration newer than the database's `user_version`, each in its own transaction.
 * Refuses a database written by a newer Homefinder.
 *
 * @example
 * migrate(db, MIGRATIONS); // returns the versions applied, e.g. [1]
 */
export function migrate(db: Database.Database, migrations: readonly Migration[]): number[] {
  const applied: number[] = [];
  const latest = migrations.at(-1)?.version ?? 0;
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > latest) {
    throw new Error(`migrate: database schema version ${current} is newer than this Homefinder (${latest}); upgrade Homefinder`);
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    applied.push(m.version);
  }
  return applied;
}
