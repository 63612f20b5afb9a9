/**
 * `homefinder match`: rank every home for a child or a sibling group, with explanations.
 *
 *   npx homefinder match --child examples/child.json                 # demo registry, JSON out
 *   npx homefinder match --child group.json --homes homes.json --format table
 */
import type { Command } from 'commander';
import { defaultGeography } from '../../../geo/geography.js';
import { generateDemo } from '../../demo/generate.js';
import { HomeSchema, type Home } from '../../domain/home.js';
import { MatchRequestSchema, type MatchRequest, type MatchResponse } from '../../domain/match.js';
import { PolicyOverrideSchema } from '../../domain/policy.js';
import { parseOrThrow } from '../../domain/zod-problems.js';
import { match } from '../../match/engine.js';
import { buildRegistry, type Registry } from '../../match/registry.js';
import { DEMO_OPTIONS } from '../../api/bootstrap.js';
import { asFileError, CliError, readJsonFile } from '../io.js';
import { formatMatchTable } from './match-table.js';
import { z } from 'zod';

const HomesFileSchema = z.union([z.array(HomeSchema), z.strictObject({ homes: z.array(HomeSchema) })]);

/**
 * Turn a referral file into a match request. Accepted shapes: a match request (`{ child | siblingGroup, ... }`),
 * a sibling group (`{ id, children: [...] }`), or a bare child.
 *
 * @example
 * toMatchRequest(readJsonFile('child.json'), 'child.json', { top: 10 });
 */
export function toMatchRequest(json: unknown, file: string, extra: { top?: number; asOf?: string; policy?: unknown }): MatchRequest {
  let body: Record<string, unknown>;
  if (json && typeof json === 'object' && !Array.isArray(json) && ('child' in json || 'siblingGroup' in json)) body = { ...(json as Record<string, unknown>) };
  else if (json && typeof json === 'object' && !Array.isArray(json) && 'children' in json) body = { siblingGroup: json };
  else body = { child: json };
  if (extra.top !== undefined) body.top = extra.top;
  if (extra.asOf !== undefined) body.asOf = extra.asOf;
  if (extra.policy !== undefined) body.policy = extra.policy;
  try {
    return parseOrThrow(MatchRequestSchema, body, 'match');
  } catch (e) {
    throw asFileError(e, file);
  }
}

/** The homes of a `--homes` file (an array, or `{ homes: [...] }`), validated; problems name the file and field. */
export function readHomesFile(file: string): Home[] {
  const json = readJsonFile(file);
  try {
    const parsed = parseOrThrow(HomesFileSchema, json, 'readHomesFile');
    return Array.isArray(parsed) ? parsed : parsed.homes;
  } catch (e) {
    throw asFileError(e, file);
  }
}

/** The demo registry `npm start` serves (same seed), built once per process. */
export function demoRegistry(): Registry {
  const demo = generateDemo({ seed: DEMO_OPTIONS.seed, children: DEMO_OPTIONS.children, homesPerChild: DEMO_OPTIONS.homesPerChild });
  return buildRegistry(demo.homes, defaultGeography(), `demo-seed-${DEMO_OPTIONS.seed}`);
}

function positiveInt(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new CliError(`--${name}: expected a positive whole number, got "${v}"`);
    return n;
  };
}

/**
 * Run a match from files and return the response (used by the command and by tests).
 *
 * @example
 * const res = runMatchCommand({ child: 'examples/child.json', format: 'json' });
 */
export function runMatchCommand(opts: { child: string; homes?: string; top?: number; asOf?: string; policy?: string }): MatchResponse {
  const policy = opts.policy ? readPolicyFile(opts.policy) : undefined;
  const request = toMatchRequest(readJsonFile(opts.child), opts.child, { top: opts.top, asOf: opts.asOf, policy });
  const geo = defaultGeography();
  let registry: Registry;
  if (opts.homes) {
    const homes = readHomesFile(opts.homes);
    try {
      registry = buildRegistry(homes, geo, `file:${opts.homes}`);
    } catch (e) {
      throw asFileError(e, opts.homes);
    }
  } else {
    registry = demoRegistry();
  }
  try {
    return match(request, registry, geo);
  } catch (e) {
    throw asFileError(e, opts.child);
  }
}

function readPolicyFile(file: string): unknown {
  try {
    return parseOrThrow(PolicyOverrideSchema, readJsonFile(file), 'readPolicyFile');
  } catch (e) {
    throw asFileError(e, file);
  }
}

/** Register `match` on the program. */
export function register(program: Command): void {
  program
    .command('match')
    .description('Rank every home for a child or sibling group: eligible homes first with explanations and approvals, then every ineligible home with the rules it breaks.')
    .requiredOption('--child <file>', 'referral JSON: a child, a sibling group {id, children}, or a full match request')
    .option('--homes <file>', 'homes JSON (array or {homes}); default: the demo West Midlands registry')
    .option('--top <n>', 'how many eligible homes get full explanations', positiveInt('top'))
    .option('--as-of <date>', 'date ages are taken on (YYYY-MM-DD; default today)')
    .option('--policy <file>', 'policy override JSON (weights, thresholds)')
    .option('--format <format>', 'json or table', 'json')
    .action((o: { child: string; homes?: string; top?: number; asOf?: string; policy?: string; format: string }) => {
      if (o.format !== 'json' && o.format !== 'table') throw new CliError(`--format: expected "json" or "table", got "${o.format}"`);
      const res = runMatchCommand(o);
      process.stdout.write(o.format === 'table' ? formatMatchTable(res, defaultGeography()) : `${JSON.stringify(res, null, 2)}\n`);
    });
}
