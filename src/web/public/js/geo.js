// Map geometry: projection fitted to a bounding box, GeoJSON to SVG paths, jitter. Pure: no DOM.

/**
 * Bounding box [minLon, minLat, maxLon, maxLat] of a GeoJSON FeatureCollection, geometry or list of them.
 * @example bboxOf({ type: 'Point', coordinates: [-1.5, 52.4] }) // [-1.5, 52.4, -1.5, 52.4]
 */
export function bboxOf(geo) {
  const b = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c) => {
    if (typeof c[0] === 'number') {
      const [x, y] = c;
      if (x < b[0]) b[0] = x;
      if (y < b[1]) b[1] = y;
      if (x > b[2]) b[2] = x;
      if (y > b[3]) b[3] = y;
    } else for (const cc of c) visit(cc);
  };
  const walk = (g) => {
    if (!g) return;
    if (Array.isArray(g)) g.forEach(walk);
    else if (g.type === 'FeatureCollection') g.features.forEach(walk);
    else if (g.type === 'Feature') walk(g.geometry);
    else if (g.type === 'GeometryCollection') g.geometries.forEach(walk);
    else if (g.coordinates) visit(g.coordinates);
  };
  walk(geo);
  return b;
}

/** Grow a bbox to include points [{lat, lon}] (ignores non-finite ones). */
export function extendBBox(bbox, points) {
  const b = [...bbox];
  for (const p of points) {
    if (!p || !Number.isFinite(p.lat) || !Number.isFinite(p.lon)) continue;
    b[0] = Math.min(b[0], p.lon);
    b[1] = Math.min(b[1], p.lat);
    b[2] = Math.max(b[2], p.lon);
    b[3] = Math.max(b[3], p.lat);
  }
  return b;
}

export function bboxIntersects(a, b) {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/**
 * An equirectangular projection (x scaled by cos of the middle latitude, so shapes look right at UK
 * latitudes) fitted to `bbox` inside a width x height box with `pad` pixels of margin, centred.
 * `project([lon, lat]) -> [x, y]`, `invert([x, y]) -> [lon, lat]`; `kmPerPx` for scale bars.
 * @example const p = fitProjection([-3, 52, -1, 53], 600, 400); p.project([-2, 52.5]) // [300, 200]
 */
export function fitProjection(bbox, width, height, pad = 10) {
  let [minLon, minLat, maxLon, maxLat] = bbox;
  if (!Number.isFinite(minLon)) [minLon, minLat, maxLon, maxLat] = [-2.5, 52, -1.5, 53];
  if (maxLon - minLon < 1e-6) { minLon -= 0.05; maxLon += 0.05; }
  if (maxLat - minLat < 1e-6) { minLat -= 0.05; maxLat += 0.05; }
  const lat0 = ((minLat + maxLat) / 2) * (Math.PI / 180);
  const kx = Math.cos(lat0);
  const w = (maxLon - minLon) * kx;
  const hgt = maxLat - minLat;
  const scale = Math.min((width - 2 * pad) / w, (height - 2 * pad) / hgt);
  const offX = (width - w * scale) / 2;
  const offY = (height - hgt * scale) / 2;
  return {
    width,
    height,
    scale,
    kmPerPx: 111.195 / scale,
    project: ([lon, lat]) => [offX + (lon - minLon) * kx * scale, offY + (maxLat - lat) * scale],
    invert: ([x, y]) => [minLon + (x - offX) / (kx * scale), maxLat - (y - offY) / scale],
  };
}

const r1 = (v) => Math.round(v * 10) / 10;

/**
 * SVG path data for a Polygon or MultiPolygon (rings closed with Z; consecutive duplicate pixels dropped).
 * @example geometryPath({ type: 'Polygon', coordinates: [[[0,0],[1,0],[1,1],[0,0]]] }, p.project)
 */
export function geometryPath(geometry, project) {
  const polys = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  let d = '';
  for (const poly of polys) {
    for (const ring of poly) {
      let prev = '';
      let first = true;
      for (const pt of ring) {
        const [x, y] = project(pt);
        const key = `${r1(x)},${r1(y)}`;
        if (key === prev) continue;
        d += `${first ? 'M' : 'L'}${key}`;
        prev = key;
        first = false;
      }
      if (!first) d += 'Z';
    }
  }
  return d;
}

/** FNV-1a hash of a string, unsigned 32-bit. */
export function hash32(s) {
  let x = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    x ^= s.charCodeAt(i);
    x = Math.imul(x, 0x01000193);
  }
  return x >>> 0;
}

/**
 * A deterministic offset in pixels (within `radius`) for an id, so homes sharing a district centroid do not
 * hide each other. Same id, same offset.
 * @example jitter('H-1', 6) // e.g. [3.1, -2.4]
 */
export function jitter(id, radius) {
  const hsh = hash32(String(id));
  const angle = ((hsh & 0xffff) / 0x10000) * 2 * Math.PI;
  const r = radius * Math.sqrt(((hsh >>> 16) & 0xffff) / 0x10000);
  return [r * Math.cos(angle), r * Math.sin(angle)];
}

/** Great-circle distance in km. */
export function haversineKm(lat1, lon1, lat2, lon2) {
  const toRad = Math.PI / 180;
  const dLat = (lat2 - lat1) * toRad;
  const dLon = (lon2 - lon1) * toRad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * toRad) * Math.cos(lat2 * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(a)));
}

/**
 * The nearest district centroid to a point, from [{district, lat, lon}].
 * @example nearestDistrict(districts, 52.41, -1.5).district // 'CV1'
 */
export function nearestDistrict(districts, lat, lon) {
  let best = null;
  let bestD = Infinity;
  for (const d of districts) {
    const dist = haversineKm(lat, lon, d.lat, d.lon);
    if (dist < bestD) {
      bestD = dist;
      best = d;
    }
  }
  return best ? { ...best, km: bestD } : null;
}
