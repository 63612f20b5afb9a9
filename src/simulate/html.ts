import { HOME_TYPES } from '../domain/index.js';
import { NEED_BANDS } from './facts.js';
import { COST_HEADLINES, HEADLINES, type Headline, type MetricFormat, type ScenarioReport } from './report.js';
import type { Summary } from './stats.js';
import { diffChart, esc, groupedBars, histogram, stackedShares, type DiffRow } from './svg.js';
import type { ChildTrace } from './trace.js';
import { URGENCY_KEYS } from './urgency.js';

/**
 * The report as one self-contained HTML page: inline CSS and SVG charts, no scripts, no external assets.
 */

function fmtValue(v: number | undefined, f: MetricFormat): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  switch (f) {
    case 'count':
      return Math.abs(v - Math.round(v)) < 1e-9 ? String(Math.round(v)) : v.toFixed(1);
    case 'share':
      return `${(v * 100).toFixed(1)} %`;
    case 'money':
      return `£${(v / 1e6).toFixed(2)}m`;
    case 'km':
      return `${v.toFixed(1)} km`;
    case 'score':
      return v.toFixed(1);
  }
}

function fmtDelta(v: number | undefined, f: MetricFormat): string {
  if (v === undefined || !Number.isFinite(v)) return '–';
  // Round first, so a tiny negative never shows as "−0.0".
  const scaled = f === 'share' ? v * 100 : f === 'money' ? v / 1e6 : v;
  const dp = f === 'money' ? 2 : f === 'count' && Math.abs(v - Math.round(v)) < 1e-9 ? 0 : 1;
  const r = Number(scaled.toFixed(dp));
  const sign = r > 0 ? '+' : r < 0 ? '−' : '±';
  const a = Math.abs(r).toFixed(dp);
  switch (f) {
    case 'share':
      return `${sign}${a} pts`;
    case 'money':
      return `${sign}£${a}m`;
    case 'km':
      return `${sign}${a} km`;
    default:
      return `${sign}${a}`;
  }
}

function deltaClass(v: number | undefined, h: Headline): string {
  if (v === undefined || !Number.isFinite(v) || Math.abs(v) < 1e-12 || h.better === 'neither') return 'same';
  return (v > 0) === (h.better === 'higher') ? 'good' : 'bad';
}

function ci(s: Summary | undefined, f: MetricFormat, delta: boolean): string {
  if (!s || s.n === 0) return '';
  const g = delta ? fmtDelta : fmtValue;
  return `<span class="ci">95 % CI ${esc(g(s.ci95[0], f))} to ${esc(g(s.ci95[1], f))}; runs ${esc(g(s.p95[0], f))} to ${esc(g(s.p95[1], f))}</span>`;
}

function headlineTable(r: ScenarioReport): string {
  const st = r.static;
  const dy = r.dynamic;
  const rows: string[] = [];
  const all: { h: Headline; sKey: string | null; dKey: string }[] = [
    ...HEADLINES.map((h) => ({ h, sKey: `static.${h.key}`, dKey: `placements.${h.key}` })),
    ...COST_HEADLINES.map((h) => ({ h, sKey: h.key === 'cost.nextYear' ? null : `static.${h.key}`, dKey: h.key })),
  ];
  for (const { h, sKey, dKey } of all) {
    const sb = sKey && st ? st.baseline[sKey] : undefined;
    const ss = sKey && st ? st.scenario[sKey] : undefined;
    const sd = sKey && st ? st.difference[sKey] : undefined;
    const db = dy?.baseline[dKey];
    const ds = dy?.scenario[dKey];
    const dd = dy?.difference[dKey];
    rows.push(
      `<tr><th>${esc(h.label)}</th>` +
        (st ? `<td>${esc(fmtValue(sb, h.format))}</td><td>${esc(fmtValue(ss, h.format))}</td><td class="${deltaClass(sd, h)}">${esc(fmtDelta(sd, h.format))}</td>` : '') +
        (dy
          ? `<td>${esc(fmtValue(db?.mean, h.format))}</td><td>${esc(fmtValue(ds?.mean, h.format))}</td><td class="${deltaClass(dd?.mean, h)}">${esc(fmtDelta(dd?.mean, h.format))}${ci(dd, h.format, true)}</td>`
          : '') +
        '</tr>',
    );
  }
  const head =
    '<tr><th rowspan="2">Metric</th>' +
    (st ? '<th colspan="3">Static: cohort re-matched optimally</th>' : '') +
    (dy ? `<th colspan="3">Dynamic: placements made over ${r.meta.horizonDays} days, mean of ${dy.runs} runs</th>` : '') +
    '</tr><tr>' +
    (st ? '<th>Baseline</th><th>Scenario</th><th>Change</th>' : '') +
    (dy ? '<th>Baseline</th><th>Scenario</th><th>Change (paired)</th>' : '') +
    '</tr>';
  return `<table class="metrics"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function diffRows(r: ScenarioReport): DiffRow[] {
  const dy = r.dynamic;
  if (!dy) return [];
  return HEADLINES.filter((h) => h.format === 'share').flatMap((h) => {
    const d = dy.difference[`placements.${h.key}`];
    if (!d || d.n === 0) return [];
    return [{ label: h.label, value: d.mean, lo: d.ci95[0], hi: d.ci95[1], better: h.better }];
  });
}

function mixChart(r: ScenarioReport): string {
  const settings = ['fostering', 'residential', 'supported'];
  const rows = [];
  if (r.static) {
    rows.push({ name: 'Static baseline', values: settings.map((s) => r.static?.baseline[`static.mix.${s}`] ?? 0) });
    rows.push({ name: 'Static scenario', values: settings.map((s) => r.static?.scenario[`static.mix.${s}`] ?? 0) });
  }
  if (r.dynamic) {
    rows.push({ name: 'Year end, baseline', values: settings.map((s) => r.dynamic?.baseline[`yearEnd.mix.${s}`]?.mean ?? 0) });
    rows.push({ name: 'Year end, scenario', values: settings.map((s) => r.dynamic?.scenario[`yearEnd.mix.${s}`]?.mean ?? 0) });
  }
  return rows.length ? stackedShares('Residential vs fostering mix (placed children)', settings, rows) : '';
}

function costChart(r: ScenarioReport): string {
  const get = (w: 'baseline' | 'scenario', t: string): number =>
    r.dynamic ? (r.dynamic[w][`cost.annual.byType.${t}`]?.mean ?? 0) : (r.static?.[w][`static.cost.annual.byType.${t}`] ?? 0);
  const types = HOME_TYPES.filter((t) => get('baseline', t) > 0 || get('scenario', t) > 0);
  if (types.length === 0) return '';
  return groupedBars(
    `Spend by placement type, £m (${r.dynamic ? 'dynamic, mean over runs' : 'static'})`,
    types.map((t) => t.replace(/_/g, ' ')),
    [
      { name: 'baseline', values: types.map((t) => get('baseline', t) / 1e6) },
      { name: 'scenario', values: types.map((t) => get('scenario', t) / 1e6) },
    ],
    (x) => x.toFixed(1),
  );
}

function contractChart(r: ScenarioReport): string {
  const contracts = ['council_run', 'block', 'framework', 'spot'];
  const get = (w: 'baseline' | 'scenario', c: string): number =>
    r.dynamic ? (r.dynamic[w][`cost.annual.byContract.${c}`]?.mean ?? 0) : (r.static?.[w][`static.cost.annual.byContract.${c}`] ?? 0);
  return groupedBars(
    'Spend by contract, £m',
    contracts.map((c) => c.replace(/_/g, ' ')),
    [
      { name: 'baseline', values: contracts.map((c) => get('baseline', c) / 1e6) },
      { name: 'scenario', values: contracts.map((c) => get('scenario', c) / 1e6) },
    ],
    (x) => x.toFixed(1),
  );
}

function unmetChart(r: ScenarioReport): string {
  const get = (w: 'baseline' | 'scenario', b: string): number =>
    r.dynamic ? (r.dynamic[w][`placements.unmet.byNeed.${b}`]?.mean ?? 0) : (r.static?.[w][`static.unmet.byNeed.${b}`] ?? 0);
  return groupedBars(
    `Unmet demand by need band (${r.dynamic ? 'dynamic, mean per year' : 'static'})`,
    [...NEED_BANDS],
    [
      { name: 'baseline', values: NEED_BANDS.map((b) => get('baseline', b)) },
      { name: 'scenario', values: NEED_BANDS.map((b) => get('scenario', b)) },
    ],
    (x) => x.toFixed(1),
  );
}

function urgencySection(r: ScenarioReport): string {
  const u = r.dynamic?.priceOfUrgency;
  if (!u) return '';
  const labels: Record<string, [string, MetricFormat]> = {
    'share.within20Miles': ['Within 20 miles', 'share'],
    'share.insideAuthority': ['Inside the authority', 'share'],
    'share.siblingGroupsTogether': ['Sibling groups together', 'share'],
    'share.placed': ['Placed', 'share'],
    'score.mean': ['Mean match score', 'score'],
    'distanceKm.mean': ['Mean distance', 'km'],
  };
  const rows = URGENCY_KEYS.filter((k) => labels[k])
    .map((k) => {
      const [label, f] = labels[k] as [string, MetricFormat];
      const cell = (w: 'baseline' | 'scenario'): string => {
        const g = u[w][`urgency.greedy.${k}`];
        const o = u[w][`urgency.optimum.${k}`];
        const d = u[w][`urgency.gap.${k}`];
        return `<td>${esc(fmtValue(g?.mean, f))}</td><td>${esc(fmtValue(o?.mean, f))}</td><td>${esc(fmtDelta(d?.mean, f))}</td>`;
      };
      return `<tr><th>${esc(label)}</th>${cell('baseline')}${cell('scenario')}</tr>`;
    })
    .join('');
  return `<section><h2>The price of urgency</h2><p>${esc(u.sentence)}</p>
<table class="metrics"><thead><tr><th rowspan="2">The year's entrants still in care</th><th colspan="3">Baseline</th><th colspan="3">Scenario</th></tr>
<tr><th>One at a time</th><th>All at once (optimum)</th><th>Gap</th><th>One at a time</th><th>All at once (optimum)</th><th>Gap</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function fairnessSection(r: ScenarioReport): string {
  const hs = r.fairness.highlights;
  if (hs.length === 0) return `<section><h2>Fairness</h2><p>No gap between groups above ${(r.fairness.threshold * 100).toFixed(0)} points.</p></section>`;
  const rows = hs
    .map(
      (h) =>
        `<tr><td>${esc(h.model)}</td><td>${esc(h.world)}</td><td>${esc(h.dimension)}</td><td>${esc(h.metric)}</td><td class="bad">${(h.gap * 100).toFixed(1)} pts</td><td>${h.groups
          .map((g) => `${esc(g.group)}: ${(g.value * 100).toFixed(1)} % (n=${g.children})`)
          .join('<br>')}</td></tr>`,
    )
    .join('');
  return `<section><h2>Fairness: gaps between groups</h2><p>Every share broken down by ethnicity, disability and UASC status; gaps above ${(r.fairness.threshold * 100).toFixed(0)} points between groups of at least ${r.scenario.settings.fairnessMinGroup} children are listed.</p>
<table class="metrics"><thead><tr><th>Model</th><th>World</th><th>By</th><th>Share</th><th>Gap</th><th>Groups</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function calibrationSection(r: ScenarioReport): string {
  const c = r.calibration;
  if (!c) return '';
  const p = (x: number): string => `${(x * 100).toFixed(1)}`;
  const rows = c.authorities
    .map(
      (a) =>
        `<tr><th>${esc(a.laName)} <small>${esc(a.laCode)}</small></th><td>${a.children}</td><td>${p(a.mix.foster.generated)} / ${p(a.mix.foster.dfe)}</td><td>${p(a.mix.childrens_homes.generated)} / ${p(a.mix.childrens_homes.dfe)}</td><td>${p(a.mix.supported.generated)} / ${p(a.mix.supported.dfe)}</td><td>${p(a.inside.generated)} / ${p(a.inside.dfe)}</td><td>${p(a.within20.generated)} / ${p(a.within20.dfe)}</td><td>${a.maxMixErrorPts.toFixed(1)}</td><td>${a.inside.errorPts.toFixed(1)}</td><td>${a.within20.errorPts.toFixed(1)}</td></tr>`,
    )
    .join('');
  const s = c.summary;
  return `<section><h2>Calibration against DfE ${c.year} figures</h2><p>Today's placements in the baseline against the published placement mix and location shares, per placing authority (model / DfE, %; errors in percentage points). Largest errors: mix ${s.maxMixErrorPts.toFixed(1)}, inside the boundary ${s.maxInsideErrorPts.toFixed(1)}, within 20 miles ${s.maxWithin20ErrorPts.toFixed(1)} points.</p>
<table class="metrics"><thead><tr><th>Authority</th><th>n</th><th>Foster</th><th>Children's homes</th><th>Supported</th><th>Inside</th><th>Within 20 mi</th><th>Mix error</th><th>Inside error</th><th>20 mi error</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function traceTable(traces: readonly ChildTrace[], title: string): string {
  if (traces.length === 0) return `<h3>${esc(title)}</h3><p>No child's placement changes.</p>`;
  const rows = traces
    .map(
      (t) =>
        `<tr class="${t.effect === 'helped' ? 'good' : t.effect === 'harmed' ? 'bad' : 'same'}"><td>${esc(t.childId)}</td><td>${esc(t.effect)}</td><td>${esc(t.baseline.homeId ?? 'none')}</td><td>${esc(t.scenario.homeId ?? 'none')}</td><td>${esc(t.reasons.join(' '))}</td></tr>`,
    )
    .join('');
  return `<h3>${esc(title)}</h3><table class="metrics trace"><thead><tr><th>Child</th><th>Effect</th><th>Baseline home</th><th>Scenario home</th><th>How</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function traceSection(r: ScenarioReport): string {
  const parts: string[] = ['<section><h2>Child by child</h2>'];
  if (r.static) {
    const t = r.static.trace;
    parts.push(`<p>Static model: the change helps <b>${t.helped}</b> children, harms <b>${t.harmed}</b>, and leaves ${t.unchanged} where they were.</p>`);
    parts.push(traceTable(r.static.traces, 'Static model: children whose placement changes (harmed first)'));
  }
  if (r.dynamic) {
    const t = r.dynamic.trace;
    parts.push(
      `<p>Dynamic model: of the placements made in a year, the change helps ${t.helped.mean.toFixed(1)} (95 % CI ${t.helped.ci95[0].toFixed(1)} to ${t.helped.ci95[1].toFixed(1)}) and harms ${t.harmed.mean.toFixed(1)} (${t.harmed.ci95[0].toFixed(1)} to ${t.harmed.ci95[1].toFixed(1)}) children per year.</p>`,
    );
    if (r.dynamic.displaced.length) {
      const placed = r.dynamic.displaced.reduce((a, d) => a + d.placedShare, 0) / r.dynamic.displaced.length;
      parts.push(`<p>${r.dynamic.displaced.length} children lose their home when it closes; across runs ${(placed * 100).toFixed(1)} % of them find another on the day.</p>`);
    }
    parts.push(traceTable(r.dynamic.exampleTraces, 'Dynamic model, run 0: the year\'s placements the change alters'));
  }
  parts.push('</section>');
  return parts.join('');
}

const CSS = `body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:1180px;color:#1a1a1a;line-height:1.45;padding:0 1rem}
h1{font-size:1.6rem}h2{border-bottom:2px solid #4e79a7;padding-bottom:.2rem;margin-top:2.2rem}
table.metrics{border-collapse:collapse;width:100%;font-size:.9rem;margin:.6rem 0}
table.metrics th,table.metrics td{border:1px solid #ddd;padding:.3rem .5rem;vertical-align:top;text-align:left}
table.metrics thead th{background:#f3f5f8}td.good,tr.good td:nth-child(2){color:#2e7d32;font-weight:600}
td.bad,tr.bad td:nth-child(2){color:#c62828;font-weight:600}td.same{color:#666}
.ci{display:block;font-size:.75rem;color:#666;font-weight:normal}
figure{display:inline-block;margin:.5rem 1rem .5rem 0;vertical-align:top}figcaption{font-size:.8rem;color:#555}
.meta{color:#555;font-size:.9rem}ul.changes li{margin:.2rem 0}small{color:#777}`;

/**
 * Render a report as a self-contained HTML page (inline CSS and SVG, no scripts or external assets).
 *
 * @example
 * writeFileSync('report.html', renderHtml(report));
 */
export function renderHtml(r: ScenarioReport): string {
  const changes = r.scenario.changes.map((c) => `<li><b>${esc(c.label)}</b>: ${esc(c.sentence)}</li>`).join('');
  const dy = r.dynamic;
  const perRun = dy?.perRun['placements.share.within20Miles'];
  const unmetRuns = dy?.perRun['placements.unmet'];
  const charts = [
    dy ? diffChart(`Scenario minus baseline, placements over the year (mean of ${dy.runs} paired runs, 95 % CI)`, diffRows(r), (x) => `${(x * 100).toFixed(1)} pts`) : '',
    mixChart(r),
    unmetChart(r),
    costChart(r),
    contractChart(r),
    perRun && perRun.length > 1 ? histogram('Change in placements within 20 miles, run by run (pts)', perRun.map((x) => x * 100), 12, (x) => x.toFixed(1)) : '',
    unmetRuns && unmetRuns.length > 1 ? histogram('Change in unmet demand, run by run (children)', unmetRuns, 12, (x) => x.toFixed(0)) : '',
  ].join('');
  const meta = r.meta;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(r.scenario.name)}: Homefinder simulation</title><style>${CSS}</style></head>
<body>
<h1>${esc(r.scenario.name)}</h1>
${r.scenario.description ? `<p>${esc(r.scenario.description)}</p>` : ''}
<p class="meta">Baseline: ${esc(meta.baseline)} data, ${meta.cohort} children in care, ${meta.homes.baseline} homes (scenario ${meta.homes.scenario}), authorities ${esc(meta.authorities.join(', '))}. From ${esc(meta.asOf)} for ${meta.horizonDays} days; seed ${meta.seed}; policy ${esc(meta.policyVersion)}.${dy ? ` ${dy.runs} Monte Carlo runs (${dy.mode === 'threads' ? `${dy.workers} worker threads` : 'one thread'}), ${dy.childrenPerYear.toFixed(0)} children entering care a year.` : ''}</p>
<section><h2>The changes</h2><ul class="changes">${changes || '<li>No change (baseline only).</li>'}</ul></section>
<section><h2>Baseline and scenario</h2>${headlineTable(r)}${charts}</section>
${urgencySection(r)}
${fairnessSection(r)}
${traceSection(r)}
${calibrationSection(r)}
<section><h2>How to read this</h2><ul>${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul></section>
</body></html>
`;
}
