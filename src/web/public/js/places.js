// The open geography the page draws: authority boundaries and postcode district centroids, fetched from this
// server once (the region first; all England only when something falls outside it).

async function getJson(url) {
  const res = await fetch(url, { credentials: 'omit' });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res.json();
}

/**
 * Load the region's boundaries and districts; returns lookups.
 * @example const places = await loadPlaces(); places.locateDistrict('CV1') // { lat, lon, ... }
 */
export async function loadPlaces() {
  const [region, districts] = await Promise.all([getJson('/web/authorities.geojson'), getJson('/web/districts.json')]);
  const byDistrict = new Map(districts.districts.map((d) => [d.district, d]));
  const authorities = new Map();
  const addAuthorities = (fc) => {
    for (const f of fc.features) {
      const p = f.properties ?? {};
      if (!authorities.has(p.code)) authorities.set(p.code, { code: p.code, name: p.name, lat: p.onsCentroidLat, lon: p.onsCentroidLon });
    }
  };
  addAuthorities(region);
  let england = null;
  let englandDistricts = null;
  const places = {
    region,
    districts: districts.districts,
    attribution: districts.attribution,
    /** Region authorities, sorted by name, for the placing-authority select. */
    regionAuthorities: () => [...region.features.map((f) => f.properties)].sort((a, b) => a.name.localeCompare(b.name)),
    authorityName: (code) => authorities.get(code)?.name?.replace(/, County of$/, '') ?? code ?? '–',
    authorityCentroid: (code) => authorities.get(code) ?? null,
    /** District (or full postcode's district) to its centroid, or null if unknown (try `ensureEngland`). */
    locateDistrict(text) {
      if (!text) return null;
      const t = String(text).toUpperCase().trim();
      const district = t.includes(' ') ? t.split(/\s+/)[0] : t.length > 4 ? t.slice(0, -3) : t;
      return byDistrict.get(district) ?? null;
    },
    /** Where a Location object is: coordinates, or its district's centroid. */
    locate(loc) {
      if (!loc) return null;
      if (Number.isFinite(loc.lat) && Number.isFinite(loc.lon)) return { lat: loc.lat, lon: loc.lon };
      return places.locateDistrict(loc.district ?? loc.postcode);
    },
    /** Fetch all-England boundaries and districts (for points outside the region); resolves to the boundaries. */
    async ensureEngland() {
      if (!england) {
        [england, englandDistricts] = await Promise.all([getJson('/web/authorities.geojson?scope=england'), getJson('/web/districts.json?scope=england')]);
        addAuthorities(england);
        for (const d of englandDistricts.districts) if (!byDistrict.has(d.district)) byDistrict.set(d.district, d);
      }
      return england;
    },
  };
  return places;
}
