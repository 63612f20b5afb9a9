import { beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../src/simulate/run.js';
import type { ScenarioReport } from '../src/simulate/report.js';
import { loadPublicModule } from './web-helpers.js';

interface Chart {
  title: string;
  categories: string[];
  series: { name: string; values: number[] }[];
  format: (v: number) => string;
  note?: string;
  highlight?: number[];
}
interface ReportMod {
  availableModels(r: unknown): string[];
  reportCharts(r: unknown, model: string): Chart[];
  affectedTable(r: unknown, model: string, limit?: number): { caption: string; columns: { key: string }[]; rows: Record<string, string>[] };
  reportView(r: unknown, model?: string): { meta: string; models: string[]; model: string | null; charts: Chart[] };
}
const R = await loadPublicModule<ReportMod>('js/scenario-report.js');

/** A real report from the real simulation: a small authority, a provider leaving, a cost uplift, both models. */
let report: ScenarioReport;
beforeAll(async () => {
  report = await runScenario(
    {
      name: 'web report test',
      baseline: { kind: 'demo', authorities: ['E08000026'], children: 250, seed: 7 },
      changes: [
        { kind: 'cost_uplift', percent: 6 },
        { kind: 'open_homes', type: 'council_childrens_home', places: 3, districts: ['CV2'] },
      ],
      settings: { model: 'both', runs: 2, horizonDays: 90, workers: 0 },
    },
    { workers: 0 },
  );
}, 120_000);

const chart = (charts: Chart[], title: string): Chart => {
  const c = charts.find((x) => x.title === title);
  if (!c) throw new Error(`no chart "${title}" in ${charts.map((x) => x.title).join(', ')}`);
  return c;
};

describe('scenario report as charts', () => {
  it('offers both models, static first', () => {
    expect(R.availableModels(report)).toEqual(['static', 'dynamic']);
    expect(R.reportView(report).model).toBe('static');
  });

  it('static charts carry exactly the report numbers, baseline then scenario', () => {
    const charts = R.reportCharts(report, 'static');
    const s = report.static!;
    const placed = chart(charts, 'Children placed');
    expect(placed.series.map((x) => x.name)).toEqual(['Baseline', 'Scenario']);
    expect(placed.series[0]!.values).toEqual([s.baseline['static.placed'], s.baseline['static.unmet']]);
    expect(placed.series[1]!.values).toEqual([s.scenario['static.placed'], s.scenario['static.unmet']]);
    const dist = chart(charts, 'Distance from home');
    expect(dist.series[1]!.values[0]).toBe(s.scenario['static.share.within20Miles']);
    expect(dist.series[1]!.values[0]! + dist.series[1]!.values[1]!).toBeCloseTo(1, 12);
    const sib = chart(charts, 'Siblings, kinship and school');
    expect(sib.series[0]!.values[0]).toBe(s.baseline['static.share.siblingGroupsTogether']);
    const cost = chart(charts, 'Annual cost by placement type');
    const total = (w: 'baseline' | 'scenario') => cost.series[w === 'baseline' ? 0 : 1]!.values.reduce((a, b) => a + b, 0);
    // Every type with spend is drawn, so the bars add up to the total spend.
    expect(total('baseline')).toBeCloseTo(s.baseline['static.cost.annual']!, 6);
    expect(total('scenario')).toBeCloseTo(s.scenario['static.cost.annual']!, 6);
    expect(cost.note).toContain('→');
  });

  it('dynamic charts show the means over the runs', () => {
    const d = report.dynamic!;
    const placed = chart(R.reportCharts(report, 'dynamic'), 'Children placed');
    expect(placed.series[0]!.values[0]).toBe(d.baseline['placements.placed']!.mean);
    expect(placed.series[1]!.values[0]).toBe(d.scenario['placements.placed']!.mean);
    const cost = chart(R.reportCharts(report, 'dynamic'), 'Annual cost by placement type');
    expect(cost.series[1]!.values.reduce((a, b) => a + b, 0)).toBeCloseTo(d.scenario['cost.annual']!.mean, 6);
  });

  it('fairness gaps: at most 8, largest first, highlighted above the threshold', () => {
    const gaps = R.reportCharts(report, 'static').find((c) => c.title.startsWith('Fairness gaps'));
    if (!gaps) return; // a cohort with a single group in every dimension has no gap to show
    expect(gaps.categories.length).toBeLessThanOrEqual(8);
    const m = gaps.series[0]!.values.map((v, i) => Math.max(v || 0, gaps.series[1]!.values[i] || 0));
    expect([...m].sort((a, b) => b - a)).toEqual(m);
    for (const i of gaps.highlight ?? []) expect(m[i]).toBeGreaterThan(report.fairness.threshold);
  });

  it('lists the children most affected, harmed first, with pseudonymous ids only', () => {
    const t = R.affectedTable(report, 'static', 10);
    expect(t.rows.length).toBeLessThanOrEqual(10);
    const effects = t.rows.map((r) => r.effect);
    expect([...effects].sort((a, b) => (a === b ? 0 : a === 'Harmed' ? -1 : 1))).toEqual(effects);
    for (const r of t.rows) expect(r.child).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/);
    expect(t.caption).toMatch(/harmed/);
  });

  it('says so when the job result is not a report', () => {
    expect(R.reportView({ hello: 1 }).charts).toEqual([]);
    expect(R.reportView(null).meta).toMatch(/without a simulation report/);
  });
});
