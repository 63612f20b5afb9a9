import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { defaultGeography } from '../../../geo/geography.js';
import { createService } from '../../api/app.js';
import { bootstrapDemo, DEMO_AUTHORITY } from '../../api/bootstrap.js';
import { configFromEnv } from '../../api/config.js';
import { createLogger } from '../../api/logging.js';
import { ServiceMetrics } from '../../api/metrics.js';
import { poolExecutor } from '../../api/services/pool-executor.js';
import { listen, type RunningServer } from '../../api/server.js';
import type { MatchExecutor } from '../../api/services/match-executor.js';
import { openStore } from '../../store/index.js';
import { createMatchPool } from '../../workers/pool.js';
import { CliError } from '../io.js';

export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly db?: string;
  readonly demo: boolean;
  readonly threads?: number;
  /**
   * standard (default): decisions, home changes and keys are fsynced at commit, recommendations ride on the
   * next fsync; strict: every commit is fsynced; relaxed: no fsync per commit (WAL; a killed process still
   * loses nothing).
   */
  readonly durability?: 'standard' | 'strict' | 'relaxed';
}

const DURABILITY = {
  standard: { sync: 'full', recommendationSync: 'normal' },
  strict: { sync: 'full', recommendationSync: 'full' },
  relaxed: { sync: 'normal', recommendationSync: 'normal' },
} as const;

function intOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new CliError(`serve: ${name} must be an integer ${min}-${max}, got "${raw}"`);
  return n;
}

/**
 * Start the HTTP service: open (or create) the database, load the demo registry and keys on first start,
 * start the scoring pool, listen, and shut down gracefully on SIGTERM/SIGINT.
 *
 * @example
 * const running = await serve({ port: 8080, host: '127.0.0.1', dataDir: './data', demo: true });
 */
export async function serve(opts: ServeOptions): Promise<RunningServer> {
  const config = configFromEnv();
  const logger = createLogger();
  const dataDir = resolve(opts.dataDir);
  const store = openStore({ path: opts.db ?? join(dataDir, 'homefinder.db'), ...DURABILITY[opts.durability ?? 'standard'] });
  const geo = defaultGeography();
  const boot = opts.demo ? await bootstrapDemo(store, geo, dataDir) : undefined;
  let pool: MatchExecutor | undefined;
  try {
    const threads = opts.threads ?? 2;
    if (threads > 0) {
      // Registries smaller than this score on the calling thread (a pool round trip costs more).
      const minHomes = process.env.HOMEFINDER_POOL_MIN_HOMES ? Number(process.env.HOMEFINDER_POOL_MIN_HOMES) : undefined;
      const p = createMatchPool({ threads, ...(minHomes !== undefined && Number.isFinite(minHomes) ? { minHomes } : {}) });
      await p.warmup();
      pool = poolExecutor(p);
    }
  } catch (e) {
    logger.warn({ err: { message: (e as Error).message } }, 'scoring pool unavailable; scoring on the main thread');
  }
  const metrics = new ServiceMetrics();
  const service = createService({ store, geo, logger, metrics, pool, poolThresholdPairs: process.env.HOMEFINDER_POOL_MIN_HOMES ? Number(process.env.HOMEFINDER_POOL_MIN_HOMES) : undefined, config, version: process.env.npm_package_version });
  const running = await listen(service, { port: opts.port, host: opts.host });
  logger.info({ url: running.url, registryBuildMs: Math.round(service.registry.lastBuildMs) }, 'homefinder listening');
  if (boot?.created) {
    process.stdout.write(
      [
        '',
        `Homefinder: first start. Loaded the demo registry (${boot.homes} homes, 14 West Midlands authorities).`,
        `API keys (shown once; also written to ${boot.keysFile}):`,
        `  admin:                          ${boot.adminToken}`,
        `  placement officer, ${DEMO_AUTHORITY}: ${boot.officerToken}`,
        `Try: curl -s -H "Authorization: Bearer ${boot.officerToken}" -H 'Content-Type: application/json' \\`,
        `       -d @${boot.referralFile} ${running.url}/v1/match`,
        '',
      ].join('\n'),
    );
  }
  // One plain line whatever the log level, for people and scripts waiting for the port.
  process.stdout.write(`homefinder: listening on ${running.url}\n`);
  const stop = (signal: string) => {
    logger.info({ signal }, 'signal received');
    running.close().then(
      () => process.exit(0),
      (e: unknown) => {
        logger.error({ err: { message: (e as Error).message } }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  return running;
}

/**
 * `homefinder serve`: the HTTP API (PORT, default 8080; HOST, default 127.0.0.1).
 *
 * @example
 * register(program); // adds `serve`
 */
export function register(program: Command): void {
  program
    .command('serve')
    .description('Start the HTTP API on the registry in ./data (created with demo data and keys on first start)')
    .option('--port <port>', 'port to listen on (env PORT, default 8080)')
    .option('--host <host>', 'address to bind (env HOST, default 127.0.0.1)')
    .option('--data-dir <dir>', 'where the database and demo keys live', './data')
    .option('--db <file>', 'database file (default <data-dir>/homefinder.db)')
    .option('--no-demo', 'do not load the demo registry and keys into an empty database')
    .option('--threads <n>', 'scoring worker threads (0: score on the main thread)', '2')
    .option('--durability <mode>', 'standard (decisions and home changes fsynced at commit), strict (every commit) or relaxed', 'standard')
    .action(async (o: { port?: string; host?: string; dataDir: string; db?: string; demo: boolean; threads: string; durability: string }) => {
      if (o.durability !== 'standard' && o.durability !== 'strict' && o.durability !== 'relaxed') {
        throw new CliError(`serve: --durability must be standard, strict or relaxed, got "${o.durability}"`);
      }
      await serve({
        port: intOption('--port/PORT', o.port ?? process.env.PORT, 8080, 0, 65535),
        host: o.host ?? process.env.HOST ?? '127.0.0.1',
        dataDir: o.dataDir,
        db: o.db,
        demo: o.demo,
        threads: intOption('--threads', o.threads, 2, 0, 64),
        durability: o.durability,
      });
      // Keep running until a signal: commander resolves once the action returns.
      await new Promise<never>(() => undefined);
    });
}
