/**
 * `homefinder simulate scenario.json [--html report.html] [--out report.json]`: run a commissioner's scenario
 * (static re-match and dynamic Monte Carlo year) and write the report. A progress bar on a terminal (none when
 * stderr is not a TTY or CI is set); errors name the file and the field and exit non-zero.
 */
import { writeFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { renderHtml } from '../../simulate/html.js';
import type { ScenarioReport } from '../../simulate/report.js';
import { runScenario, type ScenarioProgress } from '../../simulate/run.js';
import { asFileError, CliError, readJsonFile } from '../io.js';

/** Options of the simulate command. */
export interface SimulateCliOptions {
  readonly html?: string;
  readonly out?: string;
  readonly runs?: string;
  readonly seed?: string;
  readonly workers?: string;
  readonly model?: string;
  readonly progress?: boolean;
}

function intFlag(name: string, v: string | undefined, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new CliError(`simulate: --${name} must be a whole number of at least ${min}, got ${JSON.stringify(v)}`);
  return n;
}

/** Apply command-line overrides to the scenario JSON's settings (validated with the rest of the file). */
export function withOverrides(raw: unknown, o: SimulateCliOptions): unknown {
  const runs = intFlag('runs', o.runs, 1);
  const seed = intFlag('seed', o.seed, 0);
  if (o.model !== undefined && !['static', 'dynamic', 'both'].includes(o.model)) {
    throw new CliError(`simulate: --model must be static, dynamic or both, got ${JSON.stringify(o.model)}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const r = raw as Record<string, unknown>;
  const settings = typeof r.settings === 'object' && r.settings !== null && !Array.isArray(r.settings) ? { ...(r.settings as Record<string, unknown>) } : {};
  if (runs !== undefined) settings.runs = runs;
  if (seed !== undefined) settings.seed = seed;
  if (o.model !== undefined) settings.model = o.model;
  return { ...r, settings };
}

function progressReporter(enabled: boolean): { update(p: ScenarioProgress): void; stop(): void } {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { format: '{phase} |{bar}| {value}/{total} {message}', hideCursor: true, clearOnComplete: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let phase = '';
  return {
    update(p) {
      if (p.phase !== phase) {
        if (phase) bar.stop();
        phase = p.phase;
        bar.start(Math.max(1, p.total), p.done, { phase: p.phase.padEnd(11), message: p.message });
      } else bar.update(p.done, { message: p.message });
    },
    stop: () => bar.stop(),
  };
}

function money(x: number): string {
  const m = Math.round(x / 1e4) / 100;
  return `${m > 0 ? '+' : m < 0 ? '−' : '±'}£${Math.abs(m).toFixed(2)}m`;
}

/** A few lines for a person: the headline changes. */
export function summaryText(r: ScenarioReport): string {
  const lines = [`${r.scenario.name}: ${r.meta.cohort} children, ${r.meta.homes.baseline} homes (scenario ${r.meta.homes.scenario}).`];
  const st = r.static;
  if (st) {
    const d = (k: string): number => st.difference[k] ?? 0;
    lines.push(
      `Static: placed ${d('static.placed') >= 0 ? '+' : ''}${d('static.placed')}, within 20 miles ${(d('static.share.within20Miles') * 100).toFixed(1)} pts, spend ${money(d('static.cost.annual'))}; helps ${st.trace.helped}, harms ${st.trace.harmed} children.`,
    );
  }
  const dy = r.dynamic;
  if (dy) {
    const m = (k: string): string => {
      const s = dy.difference[k];
      return s ? `${(s.mean * (k.includes('share') ? 100 : 1)).toFixed(1)} [${(s.ci95[0] * (k.includes('share') ? 100 : 1)).toFixed(1)}, ${(s.ci95[1] * (k.includes('share') ? 100 : 1)).toFixed(1)}]` : '–';
    };
    lines.push(`Dynamic (${dy.runs} runs): unmet ${m('placements.unmet')}, within 20 miles ${m('placements.share.within20Miles')} pts, spend ${money(dy.difference['cost.annual']?.mean ?? 0)}.`);
    if (dy.priceOfUrgency) lines.push(dy.priceOfUrgency.sentence);
  }
  if (r.calibration) lines.push(`Calibration vs DfE ${r.calibration.year}: largest mix error ${r.calibration.summary.maxMixErrorPts.toFixed(1)} pts, inside ${r.calibration.summary.maxInsideErrorPts.toFixed(1)} pts.`);
  return lines.join('\n');
}

/**
 * Register `simulate` on the program.
 *
 * @example
 * register(program); // homefinder simulate scenario.json --html report.html
 */
export function register(program: Command): void {
  program
    .command('simulate')
    .description('Simulate what opening, losing or re-pricing homes does, child by child (static re-match and a Monte Carlo year)')
    .argument('<scenario>', 'scenario JSON file')
    .option('--html <file>', 'also write a self-contained HTML report')
    .option('--out <file>', 'write the JSON report to a file instead of stdout')
    .option('--runs <n>', 'Monte Carlo runs (overrides settings.runs)')
    .option('--seed <n>', 'random seed (overrides settings.seed)')
    .option('--workers <n>', 'worker threads (0 = run on the main thread)')
    .option('--model <model>', 'static, dynamic or both (overrides settings.model)')
    .option('--no-progress', 'no progress bar')
    .action(async (file: string, o: SimulateCliOptions) => {
      const raw = withOverrides(readJsonFile(file), o);
      const workers = intFlag('workers', o.workers, 0);
      const tty = Boolean(process.stderr.isTTY) && !process.env.CI && o.progress !== false;
      const bar = progressReporter(tty);
      let report: ScenarioReport;
      try {
        report = await runScenario(raw, workers === undefined ? {} : { workers }, { onProgress: (p) => bar.update(p) });
      } catch (e) {
        throw asFileError(e, file);
      } finally {
        bar.stop();
      }
      const json = JSON.stringify(report, null, 2);
      if (o.out) writeFileSync(o.out, json);
      else process.stdout.write(`${json}\n`);
      if (o.html) writeFileSync(o.html, renderHtml(report));
      process.stderr.write(`${summaryText(report)}\n`);
    });
}
