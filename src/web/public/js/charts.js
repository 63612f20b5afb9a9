// SVG charts as markup strings. Pure: no DOM. Every data value is escaped; charts carry role="img", a
// <title> and a <desc> listing the values, so a screen reader gets the numbers too.

/** Escape text for XML/HTML content and attributes. */
export function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

const r2 = (v) => Math.round(v * 100) / 100;

/**
 * A radar (spider) chart: one axis per domain, 0..max, one closed polygon per series (drawn in order, so put
 * the filled "capability" first and the child's "needs" outline last).
 * @example radarSvg({ axes: ['A','B','C'], series: [{ name: 'Needs', values: [1,2,3], cls: 'needs' }] })
 */
export function radarSvg({ axes, series, max = 4, size = 320, title = 'Radar chart' }) {
  const n = axes.length;
  const cx = size / 2;
  const cy = size / 2;
  const radius = size / 2 - 62;
  const pt = (i, v) => {
    const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
    const r = (Math.max(0, Math.min(max, v)) / max) * radius;
    return [cx + r * Math.cos(a), cy + r * Math.sin(a)];
  };
  let s = `<svg class="chart radar-chart" viewBox="0 0 ${size} ${size}" role="img" aria-labelledby="radar-t radar-d" xmlns="http://www.w3.org/2000/svg">`;
  s += `<title id="radar-t">${esc(title)}</title><desc id="radar-d">${esc(
    series.map((se) => `${se.name}: ${axes.map((a, i) => `${a} ${se.values[i] ?? 0}`).join(', ')}`).join('. '),
  )}</desc>`;
  for (let level = 1; level <= max; level++) {
    const ring = axes.map((_, i) => pt(i, level).map(r2).join(',')).join(' ');
    s += `<polygon class="grid" points="${ring}"/>`;
  }
  axes.forEach((label, i) => {
    const [x, y] = pt(i, max);
    s += `<line class="axis" x1="${cx}" y1="${cy}" x2="${r2(x)}" y2="${r2(y)}"/>`;
    const [lx, ly] = pt(i, max + 0.55);
    const anchor = Math.abs(lx - cx) < 8 ? 'middle' : lx > cx ? 'start' : 'end';
    s += `<text class="axis-label" x="${r2(lx)}" y="${r2(ly + 4)}" text-anchor="${anchor}">${esc(label)}</text>`;
  });
  for (let level = 1; level <= max; level++) {
    const [x, y] = pt(0, level);
    s += `<text class="tick" x="${r2(x + 3)}" y="${r2(y - 2)}">${level}</text>`;
  }
  for (const se of series) {
    const pts = axes.map((_, i) => pt(i, se.values[i] ?? 0).map(r2).join(',')).join(' ');
    s += `<polygon class="series ${esc(se.cls ?? '')}" points="${pts}"><title>${esc(se.name)}</title></polygon>`;
    axes.forEach((_, i) => {
      const [x, y] = pt(i, se.values[i] ?? 0);
      s += `<circle class="dot ${esc(se.cls ?? '')}" cx="${r2(x)}" cy="${r2(y)}" r="3"/>`;
    });
  }
  return `${s}</svg>`;
}

/**
 * A small horizontal bar for a 0..1 fraction (factor score), with an optional faint "weight" track.
 * @example barSvg(0.5, 'good')
 */
export function barSvg(fraction, cls = '', label = '') {
  const f = Math.max(0, Math.min(1, Number.isFinite(fraction) ? fraction : 0));
  return `<svg class="bar ${esc(cls)}" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false" xmlns="http://www.w3.org/2000/svg">${
    label ? `<title>${esc(label)}</title>` : ''
  }<rect class="track" x="0" y="0" width="100" height="10"/><rect class="fill" x="0" y="0" width="${r2(f * 100)}" height="10"/></svg>`;
}

/** "Nice" axis maximum: 1, 2 or 5 times a power of ten at or above v. */
export function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v - 1e-12) return m * p;
  return 10 * p;
}

/**
 * Horizontal grouped bars: one row per category, one bar per series (baseline vs scenario). Handles
 * negative values (bars go left of zero). `format` turns a value into a label.
 * @example groupedBarsSvg({ title: 'Placed', categories: ['All'], series: [{ name: 'Baseline', values: [640] }] })
 */
export function groupedBarsSvg({ title, categories, series, format = (v) => String(v), width = 480, labelWidth = 175, barH = 14, highlight = [] }) {
  const gap = 8;
  const groupH = series.length * barH + gap;
  const top = 8;
  const legendH = 22;
  const height = top + categories.length * groupH + legendH + 6;
  const all = series.flatMap((se) => se.values.filter((v) => Number.isFinite(v)));
  const hi = niceMax(Math.max(0, ...all));
  const lo = Math.min(0, ...all) < 0 ? -niceMax(-Math.min(0, ...all)) : 0;
  const plotX = labelWidth + 6;
  const plotW = width - plotX - 78;
  const x = (v) => plotX + ((v - lo) / (hi - lo)) * plotW;
  const desc = categories
    .map((c, ci) => `${c}: ${series.map((se) => `${se.name} ${Number.isFinite(se.values[ci]) ? format(se.values[ci]) : 'n/a'}`).join(', ')}`)
    .join('; ');
  const id = `c${Math.abs(hashish(title))}`;
  let s = `<svg class="chart bars-chart" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${id}-t ${id}-d" xmlns="http://www.w3.org/2000/svg">`;
  s += `<title id="${id}-t">${esc(title)}</title><desc id="${id}-d">${esc(desc)}</desc>`;
  s += `<line class="zero" x1="${r2(x(0))}" y1="${top - 4}" x2="${r2(x(0))}" y2="${top + categories.length * groupH - gap + 2}"/>`;
  categories.forEach((cat, ci) => {
    const y0 = top + ci * groupH;
    const hl = highlight.includes(ci) ? ' highlight' : '';
    s += `<text class="cat-label${hl}" x="${labelWidth}" y="${r2(y0 + (series.length * barH) / 2 + 4)}" text-anchor="end">${esc(truncate(cat, 24))}<title>${esc(cat)}</title></text>`;
    series.forEach((se, si) => {
      const v = se.values[ci];
      const y = y0 + si * barH;
      if (!Number.isFinite(v)) {
        s += `<text class="val na" x="${r2(x(0) + 3)}" y="${r2(y + barH - 3)}">n/a</text>`;
        return;
      }
      const x1 = Math.min(x(0), x(v));
      const w = Math.max(0.5, Math.abs(x(v) - x(0)));
      s += `<rect class="s${si} ${esc(se.cls ?? '')}" x="${r2(x1)}" y="${r2(y + 1)}" width="${r2(w)}" height="${barH - 2}"><title>${esc(`${se.name}: ${format(v)}`)}</title></rect>`;
      s += `<text class="val" x="${r2(Math.max(x(0), x(v)) + 3)}" y="${r2(y + barH - 3)}">${esc(format(v))}</text>`;
    });
  });
  let lx = plotX;
  const ly = height - legendH + 8;
  series.forEach((se, si) => {
    s += `<rect class="s${si} ${esc(se.cls ?? '')}" x="${lx}" y="${ly}" width="12" height="10"/><text class="legend-label" x="${lx + 16}" y="${ly + 9}">${esc(se.name)}</text>`;
    lx += 28 + se.name.length * 7.5;
  });
  return `${s}</svg>`;
}

function truncate(s, n) {
  const t = String(s);
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}

function hashish(s) {
  let x = 7;
  for (const ch of String(s)) x = (Math.imul(x, 31) + ch.charCodeAt(0)) | 0;
  return x;
}
