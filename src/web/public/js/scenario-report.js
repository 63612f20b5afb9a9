// The simulation report (src/simulate/report.ts ScenarioReport) -> chart specs and the affected-children
// table. Pure: no DOM.
import { fixed, HOME_TYPES, km, money, moneyShort, pct, typeLabel } from './format.js';

const DIM_LABEL = { ethnicity: 'Ethnicity', disability: 'Disability', uasc: 'UASC' };
const METRIC_LABEL = {
  placed: 'placed',
  within20Miles: 'within 20 mi',
  insideAuthority: 'inside authority',
  atDistance: 'at a distance',
  kinship: 'kinship',
  siblingsTogether: 'with siblings',
  ks4KeptSchool: 'KS4 kept school',
  residential: 'residential',
};

const shareFmt = (v) => pct(v, 1);
const countFmt = (v) => fixed(v, Number.isInteger(v) ? 0 : 1);

/**
 * The model sections a report has, best first: 'static' (today's cohort re-matched) then 'dynamic' (a year).
 * @example availableModels({ static: {...}, dynamic: null }) // ['static']
 */
export function availableModels(report) {
  return ['static', 'dynamic'].filter((m) => report?.[m]);
}

/**
 * Values of one model as plain numbers: `get(key)` for baseline and scenario (dynamic: the mean over runs),
 * keys without the model prefix ("placed", "share.within20Miles", "cost.annual.byType.ifa_foster").
 */
export function modelValues(report, model) {
  const sec = report[model];
  if (!sec) return null;
  const prefix = model === 'static' ? 'static.' : 'placements.';
  const costPrefix = model === 'static' ? 'static.' : '';
  const val = (vec, key) => {
    const full = key.startsWith('cost.') ? `${costPrefix}${key}` : `${prefix}${key}`;
    const v = vec?.[full];
    if (v === undefined || v === null) return Number.NaN;
    return typeof v === 'number' ? v : typeof v.mean === 'number' ? v.mean : Number.NaN;
  };
  const keys = (vec) => Object.keys(vec ?? {}).map((k) => (k.startsWith(prefix) ? k.slice(prefix.length) : k.startsWith(costPrefix) && costPrefix ? k.slice(costPrefix.length) : k));
  return {
    baseline: (key) => val(sec.baseline, key),
    scenario: (key) => val(sec.scenario, key),
    keys: () => [...new Set([...keys(sec.baseline), ...keys(sec.scenario)])],
    interval: (world, key) => {
      const full = key.startsWith('cost.') ? `${costPrefix}${key}` : `${prefix}${key}`;
      const v = sec[world]?.[full];
      return v && Array.isArray(v.ci95) ? v.ci95 : null;
    },
  };
}

function pair(v, title, categories, keys, format, extra = {}) {
  return {
    title,
    categories,
    series: [
      { name: 'Baseline', values: keys.map((k) => (typeof k === 'function' ? k('baseline') : v.baseline(k))) },
      { name: 'Scenario', values: keys.map((k) => (typeof k === 'function' ? k('scenario') : v.scenario(k))) },
    ],
    format,
    ...extra,
  };
}

/**
 * Chart specs for one model: placed, distance, siblings and family, setting mix, cost by type, fairness gaps.
 * Each: { title, categories, series: [{ name, values }], format, note?, highlight? }.
 * @example reportCharts(report, 'static').map((c) => c.title)
 */
export function reportCharts(report, model) {
  const v = modelValues(report, model);
  if (!v) return [];
  const charts = [];
  charts.push(pair(v, 'Children placed', ['Placed', 'Unmet demand'], ['placed', 'unmet'], countFmt, { note: `Out of ${countFmt(v.baseline('children'))} children${model === 'dynamic' ? ' (mean over runs)' : ''}.` }));

  const bandKeys = v.keys().filter((k) => /^distanceBand\./.test(k));
  if (bandKeys.length) {
    charts.push(pair(v, 'Distance from home', bandKeys.map((k) => k.slice('distanceBand.'.length).replace(/_/g, ' ')), bandKeys, shareFmt, { note: 'Share of placed children in each distance band.' }));
  } else {
    const beyond = (w) => 1 - v[w]('share.within20Miles');
    const adjoining = (w) => 1 - v[w]('share.insideAuthority') - v[w]('share.atDistance');
    charts.push(
      pair(v, 'Distance from home', ['Within 20 miles', 'Beyond 20 miles', 'Inside the authority', 'Adjoining authority', "At a distance (Director's approval)"], ['share.within20Miles', beyond, 'share.insideAuthority', adjoining, 'share.atDistance'], shareFmt, {
        note: `Mean distance ${km(v.baseline('distanceKm.mean'))} → ${km(v.scenario('distanceKm.mean'))}.`,
      }),
    );
  }

  charts.push(
    pair(v, 'Siblings, kinship and school', ['Sibling groups kept together', 'Kinship placements', 'KS4 children kept their school'], ['share.siblingGroupsTogether', 'share.kinship', 'share.ks4KeptSchool'], shareFmt, {
      note: `${countFmt(v.baseline('siblingGroupsTogether'))} → ${countFmt(v.scenario('siblingGroupsTogether'))} of ${countFmt(v.baseline('siblingGroups'))} sibling groups together.`,
    }),
  );

  charts.push(pair(v, 'Placement mix', ['Fostering', 'Residential', 'Supported'], ['mix.fostering', 'mix.residential', 'mix.supported'], shareFmt, { note: `Step-down opportunities: ${countFmt(v.baseline('stepDown'))} → ${countFmt(v.scenario('stepDown'))}.` }));

  const types = HOME_TYPES.filter((t) => (v.baseline(`cost.annual.byType.${t}`) || 0) > 0 || (v.scenario(`cost.annual.byType.${t}`) || 0) > 0);
  charts.push(
    pair(v, 'Annual cost by placement type', types.map(typeLabel), types.map((t) => `cost.annual.byType.${t}`), moneyShort, {
      note: `Total ${money(v.baseline('cost.annual'))} → ${money(v.scenario('cost.annual'))}; ten costliest placements ${pct(v.baseline('cost.annual.top10Share'))} → ${pct(v.scenario('cost.annual.top10Share'))} of spend.`,
    }),
  );

  const gaps = v.keys().filter((k) => /^fairnessGap\.[^.]+\.[^.]+$/.test(k));
  const ranked = gaps
    .map((k) => ({ k, m: Math.max(v.baseline(k) || 0, v.scenario(k) || 0) }))
    .filter((g) => Number.isFinite(v.baseline(g.k)) || Number.isFinite(v.scenario(g.k)))
    .sort((a, b) => b.m - a.m || (a.k < b.k ? -1 : 1))
    .slice(0, 8);
  if (ranked.length) {
    const threshold = report.fairness?.threshold ?? 0.1;
    const label = (k) => {
      const [, dim, metric] = k.split('.');
      return `${DIM_LABEL[dim] ?? dim}: ${METRIC_LABEL[metric] ?? metric}`;
    };
    charts.push(
      pair(v, 'Fairness gaps (largest minus smallest group share)', ranked.map((g) => label(g.k)), ranked.map((g) => g.k), shareFmt, {
        highlight: ranked.map((g, i) => (g.m > threshold ? i : -1)).filter((i) => i >= 0),
        note: `Gaps above ${pct(threshold, 0)} are highlighted in red.`,
      }),
    );
  }
  return charts;
}

/** One brief placement as text: "IFA foster carer, 12.3 km" or "not placed". */
function briefText(b) {
  if (!b || b.homeId === null) return 'not placed';
  return `${b.homeId} (${typeLabel(b.homeType)}${b.distanceKm !== null && b.distanceKm !== undefined ? `, ${fixed(b.distanceKm, 1)} km` : ''})`;
}

/**
 * The children most affected: harmed first, then helped, with where they were and are, and why.
 * @example affectedTable(report, 'static', 25).rows.length
 */
export function affectedTable(report, model, limit = 15) {
  const traces = (model === 'static' ? report.static?.traces : report.dynamic?.exampleTraces) ?? [];
  const rows = traces
    .filter((t) => t.effect !== 'unchanged')
    .slice(0, limit)
    .map((t) => {
      const ds = t.scenario?.score ?? null;
      const db = t.baseline?.score ?? null;
      const delta = ds !== null && db !== null ? ds - db : null;
      return {
        child: t.childId,
        effect: t.effect === 'harmed' ? 'Harmed' : 'Helped',
        baseline: briefText(t.baseline),
        scenario: briefText(t.scenario),
        score: delta === null ? (t.scenario?.homeId === null ? 'unplaced' : 'placed') : `${delta > 0 ? '+' : ''}${fixed(delta, 1)}`,
        reasons: (t.reasons ?? []).join(' '),
        cls: { effect: t.effect === 'harmed' ? 'worse' : 'better' },
      };
    });
  const summary = model === 'static' ? report.static?.trace : null;
  const counts = summary
    ? `${summary.harmed} harmed, ${summary.helped} helped, ${summary.unchanged} unchanged`
    : report.dynamic?.trace
      ? `per year on average: ${fixed(report.dynamic.trace.harmed.mean, 1)} harmed, ${fixed(report.dynamic.trace.helped.mean, 1)} helped`
      : '';
  return {
    caption: `${model === 'static' ? "Today's cohort re-matched" : 'Placements in one simulated year (run 0)'}: ${counts}. Pseudonymous ids.`,
    columns: [
      { key: 'child', label: 'Child' },
      { key: 'effect', label: 'Effect' },
      { key: 'baseline', label: 'Baseline' },
      { key: 'scenario', label: 'Scenario' },
      { key: 'score', label: 'Score change', num: true },
      { key: 'reasons', label: 'How' },
    ],
    rows,
  };
}

/**
 * Everything the outcome panel shows for a report (and a model, default the first available).
 * @example const v = reportView(job.result); v.charts.length
 */
export function reportView(report, model = availableModels(report)[0]) {
  if (!report || report.kind !== 'homefinder-simulation' || !model) {
    return { meta: 'The job finished without a simulation report.', models: [], model: null, charts: [], affected: { caption: '', columns: [], rows: [] } };
  }
  const m = report.meta ?? {};
  const homes = m.homes ?? {};
  const meta = [
    `${report.scenario?.name ?? 'Scenario'}`,
    `${m.cohort ?? '?'} children`,
    `homes ${homes.baseline ?? '?'} → ${homes.scenario ?? '?'} (+${homes.opened ?? 0} / −${homes.closed ?? 0})`,
    m.displacedChildren ? `${m.displacedChildren} children displaced` : null,
    model === 'dynamic' && report.dynamic ? `${report.dynamic.runs} Monte Carlo runs (means shown)` : 'static re-match',
    `policy ${m.policyVersion ?? '?'}`,
    `seed ${m.seed ?? '?'}`,
  ]
    .filter(Boolean)
    .join(' · ');
  return { meta, models: availableModels(report), model, charts: reportCharts(report, model), affected: affectedTable(report, model), highlights: report.fairness?.highlights ?? [] };
}
