/**
 * Small inline-SVG chart primitives for the HTML report: no library, no external assets, text escaped.
 * Every chart has a <title> and an aria-label so it reads without the picture.
 */

/**
 * Escape text for HTML/SVG content and attributes.
 *
 * @example
 * esc('<b>"A&B"</b>'); // '&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;'
 */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac', '#86bcb6'];

/**
 * A colour for series k (a fixed colour-blind-aware palette, cycling).
 *
 * @example
 * colour(0); // '#4e79a7'
 */
export function colour(k: number): string {
  return PALETTE[k % PALETTE.length] as string;
}

const num = (x: number): string => (Number.isFinite(x) ? (Math.round(x * 100) / 100).toString() : '0');

/** One row of a difference chart: a value with an interval. */
export interface DiffRow {
  readonly label: string;
  readonly value: number;
  readonly lo: number;
  readonly hi: number;
  /** Whether an increase is good (green) or bad (red); 'neither' draws grey. */
  readonly better: 'higher' | 'lower' | 'neither';
}

/**
 * Horizontal bars of differences around zero with interval whiskers (e.g. scenario minus baseline with 95 %
 * confidence intervals). `fmt` formats the axis and value labels.
 *
 * @example
 * diffChart('Change in shares', rows, (x) => `${(x * 100).toFixed(1)} pts`);
 */
export function diffChart(title: string, rows: readonly DiffRow[], fmt: (x: number) => string): string {
  const labelW = 300;
  const plotW = 360;
  const rowH = 26;
  const h = rows.length * rowH + 40;
  const ext = Math.max(1e-9, ...rows.flatMap((r) => [Math.abs(r.lo), Math.abs(r.hi), Math.abs(r.value)].filter(Number.isFinite)));
  const x = (v: number): number => labelW + plotW / 2 + (v / ext) * (plotW / 2 - 10);
  const parts: string[] = [];
  parts.push(`<line x1="${x(0)}" y1="20" x2="${x(0)}" y2="${h - 16}" stroke="#444" stroke-width="1"/>`);
  parts.push(`<text x="${x(-ext)}" y="${h - 2}" font-size="10" text-anchor="start">${esc(fmt(-ext))}</text>`);
  parts.push(`<text x="${x(ext)}" y="${h - 2}" font-size="10" text-anchor="end">${esc(fmt(ext))}</text>`);
  rows.forEach((r, i) => {
    const y = 24 + i * rowH;
    const good = r.better === 'neither' || r.value === 0 ? '#888' : (r.value > 0) === (r.better === 'higher') ? '#2e7d32' : '#c62828';
    const x0 = x(Math.min(0, r.value));
    const w = Math.abs(x(r.value) - x(0));
    parts.push(`<text x="${labelW - 8}" y="${y + 14}" font-size="12" text-anchor="end">${esc(r.label)}</text>`);
    parts.push(`<rect x="${num(x0)}" y="${y + 3}" width="${num(Math.max(1, w))}" height="${rowH - 10}" fill="${good}" opacity="0.8"><title>${esc(`${r.label}: ${fmt(r.value)} (${fmt(r.lo)} to ${fmt(r.hi)})`)}</title></rect>`);
    if (Number.isFinite(r.lo) && Number.isFinite(r.hi)) {
      parts.push(`<line x1="${num(x(r.lo))}" y1="${y + rowH / 2 - 1}" x2="${num(x(r.hi))}" y2="${y + rowH / 2 - 1}" stroke="#111" stroke-width="1.5"/>`);
      for (const v of [r.lo, r.hi]) parts.push(`<line x1="${num(x(v))}" y1="${y + 6}" x2="${num(x(v))}" y2="${y + rowH - 8}" stroke="#111" stroke-width="1.5"/>`);
    }
    parts.push(`<text x="${labelW + plotW + 6}" y="${y + 14}" font-size="11">${esc(fmt(r.value))}</text>`);
  });
  return svg(title, labelW + plotW + 90, h, parts);
}

/** A series of a grouped bar chart. */
export interface Series {
  readonly name: string;
  readonly values: readonly number[];
}

/**
 * Vertical grouped bars: one group per category, one bar per series.
 *
 * @example
 * groupedBars('Cost by type (£m)', ['fostering', 'residential'], [{ name: 'baseline', values: [10, 20] }], (x) => x.toFixed(1));
 */
export function groupedBars(title: string, categories: readonly string[], series: readonly Series[], fmt: (x: number) => string): string {
  const groupW = Math.max(40, series.length * 22 + 16);
  const left = 60;
  const plotH = 200;
  const w = left + categories.length * groupW + 20;
  const h = plotH + 110;
  const max = Math.max(1e-9, ...series.flatMap((s) => s.values.filter(Number.isFinite)));
  const y = (v: number): number => 20 + plotH - (v / max) * plotH;
  const parts: string[] = [];
  parts.push(`<line x1="${left}" y1="${20 + plotH}" x2="${w - 10}" y2="${20 + plotH}" stroke="#444"/>`);
  for (const t of [0, 0.5, 1]) {
    parts.push(`<text x="${left - 4}" y="${num(y(max * t) + 4)}" font-size="10" text-anchor="end">${esc(fmt(max * t))}</text>`);
    parts.push(`<line x1="${left}" y1="${num(y(max * t))}" x2="${w - 10}" y2="${num(y(max * t))}" stroke="#ddd"/>`);
  }
  categories.forEach((c, ci) => {
    const gx = left + ci * groupW + 8;
    series.forEach((s, si) => {
      const v = s.values[ci] ?? 0;
      const bx = gx + si * 22;
      parts.push(`<rect x="${bx}" y="${num(y(Math.max(0, v)))}" width="18" height="${num(Math.max(0, y(0) - y(Math.max(0, v))))}" fill="${colour(si)}"><title>${esc(`${c}, ${s.name}: ${fmt(v)}`)}</title></rect>`);
    });
    parts.push(`<text transform="translate(${gx + 4},${26 + plotH}) rotate(35)" font-size="10">${esc(c)}</text>`);
  });
  series.forEach((s, si) => {
    parts.push(`<rect x="${left + si * 120}" y="${h - 14}" width="10" height="10" fill="${colour(si)}"/><text x="${left + si * 120 + 14}" y="${h - 5}" font-size="11">${esc(s.name)}</text>`);
  });
  return svg(title, w, h, parts);
}

/**
 * Horizontal 100 % stacked bars: one bar per row, segments per category (shares summing to 1).
 *
 * @example
 * stackedShares('Placement mix', ['fostering', 'residential'], [{ name: 'baseline', values: [0.8, 0.2] }]);
 */
export function stackedShares(title: string, categories: readonly string[], rows: readonly Series[]): string {
  const labelW = 170;
  const plotW = 420;
  const rowH = 28;
  const h = rows.length * rowH + 46;
  const parts: string[] = [];
  rows.forEach((r, ri) => {
    const y = 10 + ri * rowH;
    const total = r.values.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0) || 1;
    let x = labelW;
    parts.push(`<text x="${labelW - 8}" y="${y + 16}" font-size="12" text-anchor="end">${esc(r.name)}</text>`);
    r.values.forEach((v, ci) => {
      const w = ((Number.isFinite(v) ? v : 0) / total) * plotW;
      if (w <= 0) return;
      parts.push(`<rect x="${num(x)}" y="${y}" width="${num(w)}" height="${rowH - 6}" fill="${colour(ci)}"><title>${esc(`${r.name}, ${categories[ci] ?? ''}: ${(100 * v / total).toFixed(1)} %`)}</title></rect>`);
      if (w > 34) parts.push(`<text x="${num(x + w / 2)}" y="${y + 16}" font-size="10" text-anchor="middle" fill="#fff">${(100 * v / total).toFixed(0)}%</text>`);
      x += w;
    });
  });
  categories.forEach((c, ci) => {
    parts.push(`<rect x="${labelW + ci * 110}" y="${h - 16}" width="10" height="10" fill="${colour(ci)}"/><text x="${labelW + ci * 110 + 14}" y="${h - 7}" font-size="11">${esc(c)}</text>`);
  });
  return svg(title, labelW + plotW + 20, h, parts);
}

/**
 * A histogram of values (e.g. a metric's difference over Monte Carlo runs).
 *
 * @example
 * histogram('Within 20 miles, run by run', diffs, 12, (x) => `${(x * 100).toFixed(1)}`);
 */
export function histogram(title: string, values: readonly number[], bins: number, fmt: (x: number) => string): string {
  const xs = values.filter(Number.isFinite);
  const w = 460;
  const h = 170;
  const parts: string[] = [];
  if (xs.length === 0) return svg(title, w, 40, [`<text x="10" y="24" font-size="12">No values.</text>`]);
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  const span = max - min || 1;
  const counts = new Array<number>(bins).fill(0);
  for (const v of xs) counts[Math.min(bins - 1, Math.floor(((v - min) / span) * bins))]! += 1;
  const top = Math.max(...counts);
  const bw = (w - 40) / bins;
  counts.forEach((c, i) => {
    const bh = (c / top) * (h - 50);
    parts.push(`<rect x="${num(30 + i * bw)}" y="${num(h - 30 - bh)}" width="${num(bw - 2)}" height="${num(bh)}" fill="#4e79a7"><title>${esc(`${fmt(min + (i * span) / bins)} to ${fmt(min + ((i + 1) * span) / bins)}: ${c} run(s)`)}</title></rect>`);
  });
  parts.push(`<line x1="30" y1="${h - 30}" x2="${w - 10}" y2="${h - 30}" stroke="#444"/>`);
  parts.push(`<text x="30" y="${h - 14}" font-size="10">${esc(fmt(min))}</text><text x="${w - 10}" y="${h - 14}" font-size="10" text-anchor="end">${esc(fmt(max))}</text>`);
  return svg(title, w, h, parts);
}

function svg(title: string, w: number, h: number, parts: readonly string[]): string {
  return `<figure><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" width="${Math.round(w)}" height="${Math.round(h)}" viewBox="0 0 ${Math.round(w)} ${Math.round(h)}" font-family="system-ui, sans-serif"><title>${esc(title)}</title>${parts.join('')}</svg><figcaption>${esc(title)}</figcaption></figure>`;
}
