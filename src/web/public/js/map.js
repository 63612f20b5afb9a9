// An SVG map of the authorities' real boundaries with markers and shaded areas. No tiles, no network.
import { bboxIntersects, bboxOf, extendBBox, fitProjection, geometryPath, jitter } from './geo.js';
import { esc } from './charts.js';

const W = 600;
const H = 560;
const SVGNS = 'http://www.w3.org/2000/svg';

/**
 * A map bound to a container element. `render(state)` redraws everything from data; markers with an id are
 * clickable (`onSelect(id)`); with `onPick` set, clicking the map or pressing Enter on the keyboard cursor
 * reports a {lat, lon}.
 * @example const m = new MapView(el, { label: 'Homes' }); m.setBoundaries(fc); m.render({ points: [] })
 */
export class MapView {
  constructor(container, { label = 'Map', onSelect, onPick } = {}) {
    this.container = container;
    this.onSelect = onSelect;
    this.onPick = onPick;
    this.features = [];
    this.context = [];
    this.state = { points: [], areas: [] };
    this.cursor = [W / 2, H / 2];
    this.svg = document.createElementNS(SVGNS, 'svg');
    this.svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    this.svg.setAttribute('class', 'map-svg');
    this.svg.setAttribute('role', onPick ? 'application' : 'img');
    this.svg.setAttribute('aria-label', onPick ? `${label}. Arrow keys move the cursor (Shift for bigger steps), Enter places here.` : label);
    if (onPick) this.svg.setAttribute('tabindex', '0');
    container.append(this.svg);
    this.svg.addEventListener('click', (ev) => this.#click(ev));
    this.svg.addEventListener('keydown', (ev) => this.#key(ev));
    this.svg.addEventListener('focus', () => this.#drawCursor());
    this.svg.addEventListener('blur', () => this.#drawCursor());
  }

  /** The authorities to draw and fit (a GeoJSON FeatureCollection). */
  setBoundaries(fc) {
    this.features = (fc?.features ?? []).map((f) => ({ f, bbox: bboxOf(f) }));
  }

  /** Wider context drawn underneath when markers fall outside (e.g. all England), not used for fitting. */
  setContext(fc) {
    this.context = (fc?.features ?? []).map((f) => ({ f, bbox: bboxOf(f) }));
  }

  /** Whether a point lies outside the fitted boundaries' bounding box. */
  outside(points) {
    const b = bboxOf(this.features.map((x) => x.f));
    return points.some((p) => Number.isFinite(p?.lat) && (p.lon < b[0] || p.lon > b[2] || p.lat < b[1] || p.lat > b[3]));
  }

  /**
   * Draw. state: { focus?: points to zoom to (default: the whole region and every point), points: [{id?, lat, lon, cls, r?, label?, title, shape?: 'circle'|'house'|'square'|'diamond', selected?, offset?: [dx, dy] px, jitter?: px}],
   * areas: [{lat, lon, km, title} | {geometry, title}], highlight: authority code }
   */
  render(state = this.state) {
    this.state = state;
    const pts = (state.points ?? []).filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon));
    const focus = (state.focus ?? []).filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon));
    const base = focus.length >= 1 ? extendBBox([Infinity, Infinity, -Infinity, -Infinity], focus) : bboxOf(this.features.map((x) => x.f));
    if (focus.length >= 1) {
      // Never zoom in closer than ~24 km across, so a lone home still has context; pad 15 %.
      const cx = (base[0] + base[2]) / 2;
      const cy = (base[1] + base[3]) / 2;
      const hw = Math.max(((base[2] - base[0]) / 2) * 1.15, 0.18);
      const hh = Math.max(((base[3] - base[1]) / 2) * 1.15, 0.11);
      base.splice(0, 4, cx - hw, cy - hh, cx + hw, cy + hh);
    }
    const view = focus.length >= 1 ? base : extendBBox(base, pts);
    const pad = [(view[2] - view[0]) * 0.02, (view[3] - view[1]) * 0.02];
    const fit = [view[0] - pad[0], view[1] - pad[1], view[2] + pad[0], view[3] + pad[1]];
    const proj = fitProjection(fit, W, H, 8);
    this.proj = proj;
    const vb = [proj.invert([0, H])[0], proj.invert([0, H])[1], proj.invert([W, 0])[0], proj.invert([W, 0])[1]];
    let s = `<rect class="sea" x="0" y="0" width="${W}" height="${H}"/>`;
    const codes = new Set(this.features.map((x) => x.f.properties?.code));
    s += '<g class="context">';
    for (const { f, bbox } of this.context) {
      if (codes.has(f.properties?.code) || !bboxIntersects(bbox, vb)) continue;
      s += `<path d="${geometryPath(f.geometry, proj.project)}"><title>${esc(f.properties?.name ?? '')}</title></path>`;
    }
    s += '</g><g class="authorities">';
    for (const { f } of this.features) {
      const hl = state.highlight && f.properties?.code === state.highlight ? ' highlight' : '';
      s += `<path class="authority${hl}" d="${geometryPath(f.geometry, proj.project)}"><title>${esc(f.properties?.name ?? '')} (${esc(f.properties?.code ?? '')})</title></path>`;
    }
    s += '</g><g class="areas">';
    for (const a of state.areas ?? []) {
      if (a.geometry) s += `<path class="avoid" d="${geometryPath(a.geometry, proj.project)}"><title>${esc(a.title)}</title></path>`;
      else if (Number.isFinite(a.lat)) {
        const [x, y] = proj.project([a.lon, a.lat]);
        const r = Math.max(6, (a.km ?? 3) / proj.kmPerPx);
        s += `<circle class="avoid" cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r.toFixed(1)}"><title>${esc(a.title)}</title></circle>`;
      }
    }
    s += '</g><g class="labels" aria-hidden="true">';
    for (const { f } of this.features) {
      const p = f.properties ?? {};
      if (!Number.isFinite(p.onsCentroidLat)) continue;
      const [x, y] = proj.project([p.onsCentroidLon, p.onsCentroidLat]);
      s += `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" text-anchor="middle">${esc(String(p.name ?? '').replace(/, County of$/, ''))}</text>`;
    }
    s += '</g><g class="markers">';
    const ordered = [...pts].sort((a, b) => (a.z ?? 0) - (b.z ?? 0) || Number(Boolean(a.selected)) - Number(Boolean(b.selected)));
    for (const p of ordered) s += this.#marker(p, proj);
    s += '</g>';
    s += this.#scaleBar(proj);
    s += '<g class="cursor-layer"></g>';
    this.svg.innerHTML = s;
    this.#drawCursor();
  }

  #marker(p, proj) {
    let [x, y] = proj.project([p.lon, p.lat]);
    if (p.offset) {
      x += p.offset[0];
      y += p.offset[1];
    } else if (p.jitter) {
      const [dx, dy] = jitter(p.id ?? `${p.lat},${p.lon}`, p.jitter);
      x += dx;
      y += dy;
    }
    const r = p.r ?? 5;
    const cls = `marker ${p.cls ?? ''}${p.selected ? ' selected' : ''}${p.id ? ' selectable' : ''}`;
    const data = p.id && p.selectable !== false ? ` data-id="${esc(p.id)}"` : '';
    let shape;
    if (p.shape === 'house') {
      const d = `M${x - r},${y + r}V${y - r * 0.2}L${x},${y - r * 1.3}L${x + r},${y - r * 0.2}V${y + r}Z`;
      shape = `<path d="${d}"/>`;
    } else if (p.shape === 'square') {
      shape = `<rect x="${(x - r).toFixed(1)}" y="${(y - r).toFixed(1)}" width="${2 * r}" height="${2 * r}"/>`;
    } else if (p.shape === 'diamond') {
      shape = `<path d="M${x},${y - r * 1.3}L${x + r * 1.3},${y}L${x},${y + r * 1.3}L${x - r * 1.3},${y}Z"/>`;
    } else {
      shape = `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r}"/>`;
    }
    const ring = p.selected ? `<circle class="sel-ring" cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${r + 5}"/>` : '';
    const label = p.label ? `<text x="${x.toFixed(1)}" y="${(y + 3.5).toFixed(1)}" text-anchor="middle">${esc(p.label)}</text>` : '';
    return `<g class="${esc(cls)}"${data}>${ring}${shape}${label}<title>${esc(p.title ?? '')}</title></g>`;
  }

  #scaleBar(proj) {
    const kmOpts = [2, 5, 10, 20, 50, 100];
    const km = kmOpts.find((k) => k / proj.kmPerPx >= 60) ?? 100;
    const px = km / proj.kmPerPx;
    const x0 = 14;
    const y0 = H - 16;
    return `<g class="scale" aria-hidden="true"><path d="M${x0},${y0 - 5}V${y0}H${(x0 + px).toFixed(1)}V${y0 - 5}"/><text x="${x0}" y="${y0 - 8}">${km} km</text></g>`;
  }

  #svgPoint(ev) {
    const ctm = this.svg.getScreenCTM();
    if (!ctm) return null;
    const pt = new DOMPoint(ev.clientX, ev.clientY).matrixTransform(ctm.inverse());
    return [pt.x, pt.y];
  }

  #click(ev) {
    const target = ev.target instanceof Element ? ev.target.closest('[data-id]') : null;
    if (target && this.onSelect) {
      this.onSelect(target.getAttribute('data-id'));
      return;
    }
    if (!this.onPick || !this.proj) return;
    const xy = this.#svgPoint(ev);
    if (!xy) return;
    this.cursor = xy;
    this.#pick();
  }

  #key(ev) {
    if (!this.onPick || !this.proj) return;
    const step = ev.shiftKey ? 25 : 6;
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (moves[ev.key]) {
      ev.preventDefault();
      const [dx, dy] = moves[ev.key];
      this.cursor = [Math.max(0, Math.min(W, this.cursor[0] + dx)), Math.max(0, Math.min(H, this.cursor[1] + dy))];
      this.#drawCursor();
    } else if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      this.#pick();
    }
  }

  #pick() {
    const [lon, lat] = this.proj.invert(this.cursor);
    this.#drawCursor();
    this.onPick?.({ lat: Math.round(lat * 1e5) / 1e5, lon: Math.round(lon * 1e5) / 1e5 });
  }

  /** Move the keyboard cursor to a point (e.g. after a pick). */
  setCursor(lat, lon) {
    if (!this.proj) return;
    this.cursor = this.proj.project([lon, lat]);
    this.#drawCursor();
  }

  #drawCursor() {
    const layer = this.svg.querySelector('.cursor-layer');
    if (!layer) return;
    const focused = document.activeElement === this.svg;
    if (!this.onPick || !focused) {
      layer.innerHTML = '';
      return;
    }
    const [x, y] = this.cursor;
    layer.innerHTML = `<g class="cursor"><circle cx="${x}" cy="${y}" r="9"/><path d="M${x - 15},${y}H${x - 5}M${x + 5},${y}H${x + 15}M${x},${y - 15}V${y - 5}M${x},${y + 5}V${y + 15}"/></g>`;
  }
}

/** Marker colour class for a rank: 1, 2-3, 4-5, 6-10, 11+. */
export function rankClass(rank) {
  if (rank === 1) return 'rank-1';
  if (rank <= 3) return 'rank-2';
  if (rank <= 5) return 'rank-3';
  if (rank <= 10) return 'rank-4';
  return 'rank-5';
}

/**
 * Pixel offsets that fan out markers sharing one spot (a phyllotaxis spiral, in the given order), so
 * several homes in the same postcode district stay visible and clickable.
 * @example spiralOffset(0, 9) // [~6.4, 0]
 */
export function spiralOffset(index, spacing = 9) {
  const r = spacing * Math.sqrt(index + 0.5);
  const a = index * 2.39996323;
  return [r * Math.cos(a), r * Math.sin(a)];
}
