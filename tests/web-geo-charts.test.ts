import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadPublicModule } from './web-helpers.js';

type BBox = [number, number, number, number];
interface Projection {
  project(p: [number, number]): [number, number];
  invert(p: [number, number]): [number, number];
  kmPerPx: number;
  scale: number;
}
interface Geo {
  bboxOf(g: unknown): BBox;
  extendBBox(b: BBox, pts: { lat: number; lon: number }[]): BBox;
  fitProjection(b: BBox, w: number, h: number, pad?: number): Projection;
  geometryPath(g: unknown, project: Projection['project']): string;
  jitter(id: string, r: number): [number, number];
  haversineKm(a: number, b: number, c: number, d: number): number;
  nearestDistrict(ds: { district: string; lat: number; lon: number }[], lat: number, lon: number): { district: string; km: number } | null;
}
interface Charts {
  esc(s: unknown): string;
  radarSvg(o: { axes: string[]; series: { name: string; values: number[]; cls?: string }[]; max?: number; title?: string }): string;
  barSvg(f: number, cls?: string, label?: string): string;
  groupedBarsSvg(o: { title: string; categories: string[]; series: { name: string; values: number[] }[]; format?: (v: number) => string }): string;
  niceMax(v: number): number;
}
const G = await loadPublicModule<Geo>('js/geo.js');
const C = await loadPublicModule<Charts>('js/charts.js');

const WM: BBox = [-3.24, 51.83, -1.17, 53.23];

describe('map projection', () => {
  it('fits the bbox inside the box with the padding, centred', () => {
    const p = G.fitProjection(WM, 600, 560, 10);
    const corners = [p.project([WM[0], WM[3]]), p.project([WM[2], WM[1]])];
    for (const [x, y] of corners) {
      expect(x).toBeGreaterThanOrEqual(10 - 1e-9);
      expect(x).toBeLessThanOrEqual(590 + 1e-9);
      expect(y).toBeGreaterThanOrEqual(10 - 1e-9);
      expect(y).toBeLessThanOrEqual(550 + 1e-9);
    }
    // One dimension touches the padding exactly (the fit is tight).
    const [[x0, y0], [x1, y1]] = corners as [[number, number], [number, number]];
    expect(Math.min(Math.abs(x0 - 10), Math.abs(y0 - 10))).toBeLessThan(1e-6);
    expect(Math.abs(x0 + x1 - 600)).toBeLessThan(1e-6);
    expect(Math.abs(y0 + y1 - 560)).toBeLessThan(1e-6);
  });

  it('north is up and east is right', () => {
    const p = G.fitProjection(WM, 600, 560);
    expect(p.project([-1.5, 52.5])[0]).toBeGreaterThan(p.project([-2.5, 52.5])[0]);
    expect(p.project([-2, 53])[1]).toBeLessThan(p.project([-2, 52])[1]);
  });

  it('invert undoes project (property)', () => {
    const p = G.fitProjection(WM, 600, 560);
    fc.assert(
      fc.property(fc.double({ min: -3.3, max: -1.1, noNaN: true }), fc.double({ min: 51.8, max: 53.3, noNaN: true }), (lon, lat) => {
        const [lon2, lat2] = p.invert(p.project([lon, lat]));
        expect(Math.abs(lon2 - lon)).toBeLessThan(1e-9);
        expect(Math.abs(lat2 - lat)).toBeLessThan(1e-9);
      }),
    );
  });

  it('keeps real distances: CV1 to B1 (28.4 km) measures about the same on the map', () => {
    const p = G.fitProjection(WM, 600, 560);
    const a = p.project([-1.50638, 52.40937]);
    const b = p.project([-1.90938, 52.47987]);
    const px = Math.hypot(a[0] - b[0], a[1] - b[1]);
    expect(G.haversineKm(52.40937, -1.50638, 52.47987, -1.90938)).toBeCloseTo(28.4, 1);
    expect(Math.abs(px * p.kmPerPx - 28.4) / 28.4).toBeLessThan(0.01);
  });

  it('copes with a single point (degenerate bbox)', () => {
    const p = G.fitProjection([-1.5, 52.4, -1.5, 52.4], 100, 100);
    const [x, y] = p.project([-1.5, 52.4]);
    expect(x).toBeCloseTo(50, 6);
    expect(y).toBeCloseTo(50, 6);
  });
});

describe('GeoJSON to SVG', () => {
  const square = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] };
  it('computes bboxes of features, collections and extends them with points', () => {
    expect(G.bboxOf({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: square }] })).toEqual([0, 0, 1, 1]);
    expect(G.extendBBox([0, 0, 1, 1], [{ lat: 2, lon: -1 }, { lat: Number.NaN, lon: 5 }])).toEqual([-1, 0, 1, 2]);
  });

  it('draws closed rings, one per ring, with multipolygons and holes', () => {
    const identity = (p: [number, number]): [number, number] => [p[0] * 10, p[1] * 10];
    expect(G.geometryPath(square, identity)).toBe('M0,0L10,0L10,10L0,10L0,0Z');
    const multi = { type: 'MultiPolygon', coordinates: [square.coordinates, square.coordinates] };
    expect(G.geometryPath(multi, identity).match(/Z/g)).toHaveLength(2);
  });

  it('drops vertices that fall on the same pixel', () => {
    const dense = { type: 'Polygon', coordinates: [[[0, 0], [0.001, 0], [1, 0], [1, 1], [0, 0]]] };
    expect(G.geometryPath(dense, (p) => [p[0] * 10, p[1] * 10])).toBe('M0,0L10,0L10,10L0,0Z');
  });

  it('draws every West Midlands boundary', async () => {
    const { authoritiesGeoJson } = await import('../src/web/geodata.js');
    const wm = JSON.parse(authoritiesGeoJson('west_midlands').toString('utf8')) as { features: { geometry: unknown }[] };
    const p = G.fitProjection(G.bboxOf(wm), 600, 560);
    for (const f of wm.features) {
      const d = G.geometryPath(f.geometry, p.project);
      expect(d).toMatch(/^M[\d.]+,[\d.]+L/);
      for (const m of d.matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)) {
        expect(Number(m[1])).toBeGreaterThanOrEqual(0);
        expect(Number(m[1])).toBeLessThanOrEqual(600);
        expect(Number(m[2])).toBeGreaterThanOrEqual(0);
        expect(Number(m[2])).toBeLessThanOrEqual(560);
      }
    }
  });
});

describe('jitter and nearest district', () => {
  it('is deterministic and stays within the radius (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.double({ min: 0, max: 50, noNaN: true }), (id, r) => {
        const [dx, dy] = G.jitter(id, r);
        expect(G.jitter(id, r)).toEqual([dx, dy]);
        expect(Math.hypot(dx, dy)).toBeLessThanOrEqual(r + 1e-9);
      }),
    );
  });

  it('finds the nearest district centroid', () => {
    const ds = [
      { district: 'CV1', lat: 52.40937, lon: -1.50638 },
      { district: 'B1', lat: 52.47987, lon: -1.90938 },
    ];
    expect(G.nearestDistrict(ds, 52.41, -1.52)?.district).toBe('CV1');
    expect(G.nearestDistrict(ds, 52.47, -1.85)?.district).toBe('B1');
    expect(G.nearestDistrict([], 52, -1)).toBeNull();
  });
});

describe('charts', () => {
  it('escapes every data value', () => {
    const svg = C.groupedBarsSvg({ title: '<b>"x"</b>', categories: ['<script>'], series: [{ name: 'A&B', values: [1] }] });
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('A&amp;B');
    expect(C.esc(`'"<>&`)).toBe('&#39;&quot;&lt;&gt;&amp;');
  });

  it('draws the radar with one axis per domain and one polygon per series, values described for screen readers', () => {
    const axes = ['a', 'b', 'c', 'd', 'e'];
    const svg = C.radarSvg({ axes, series: [{ name: 'Cap', values: [4, 4, 4, 4, 4], cls: 'capability' }, { name: 'Needs', values: [0, 1, 2, 3, 4], cls: 'needs' }] });
    expect(svg.match(/class="axis"/g)).toHaveLength(5);
    expect(svg.match(/class="series /g)).toHaveLength(2);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('Needs: a 0, b 1, c 2, d 3, e 4');
    // A value of 0 sits at the centre; the max on the outer ring.
    const needs = /class="series needs" points="([^"]+)"/.exec(svg)?.[1]?.split(' ') ?? [];
    expect(needs[0]).toBe('160,160');
  });

  it('bar width follows the fraction, clamped to 0..1', () => {
    expect(C.barSvg(0.25)).toContain('class="fill" x="0" y="0" width="25"');
    expect(C.barSvg(3)).toContain('width="100" height="10"/></svg>');
    expect(C.barSvg(Number.NaN)).toContain('class="fill" x="0" y="0" width="0"');
  });

  it('grouped bars: longest bar for the largest value, negatives to the left of zero', () => {
    const svg = C.groupedBarsSvg({ title: 't', categories: ['x', 'y'], series: [{ name: 'Baseline', values: [10, -5] }, { name: 'Scenario', values: [20, 5] }] });
    const widths = [...svg.matchAll(/<rect class="s\d [^"]*" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => ({ x: Number(m[1]), w: Number(m[2]) }));
    expect(widths).toHaveLength(4 + 2); // 4 bars + 2 legend swatches
    const [b0, s0, b1, s1] = widths as [{ x: number; w: number }, { x: number; w: number }, { x: number; w: number }, { x: number; w: number }];
    expect(s0.w).toBeGreaterThan(b0.w);
    expect(b1.x).toBeLessThan(s1.x); // the negative bar starts left of zero
    expect(svg).toContain('t</title>');
  });

  it('nice axis maxima', () => {
    expect(C.niceMax(7)).toBe(10);
    expect(C.niceMax(0.3)).toBeCloseTo(0.5);
    expect(C.niceMax(180)).toBe(200);
    expect(C.niceMax(0)).toBe(1);
  });
});
