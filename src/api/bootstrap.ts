import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Geography } from '../../geo/types.js';
import { generateDemo } from '../demo/generate.js';
import { parseHomesJson } from './import/homes-json.js';
import { validateImport } from './import/validate-homes.js';
import { systemActor, type Store } from '../store/index.js';

/**
 * The demo region `npm start` loads: the 14 West Midlands authorities, 10,000 children and 6,500 homes
 * (issue 4 asks for ~10,000 children and ~6,000 homes).
 *
 * Why 6,500 and not 6,000: 8,695 of the 10,000 children live in a registry home (the rest live with
 * parents, are placed for adoption, etc.), and hosting them at their DfE placement mix takes 6,448 homes.
 * Fewer homes would mean fewer children placed, which would break the DfE calibration (src/demo). So
 * `homesPerChild` 0.65 adds only 52 spare homes (the generator default, 0.85, adds 2,052 for 8,500 homes);
 * about 2,100 homes still have a free place (about 2,800 places). The cohort, and so the calibration, does
 * not depend on `homesPerChild`.
 */
export const DEMO_OPTIONS = { seed: 2026, children: 10_000, homesPerChild: 0.65 } as const;
/** The authority whose placement-officer key the demo prints. */
export const DEMO_AUTHORITY = 'E08000026';

export interface BootstrapResult {
  readonly created: boolean;
  readonly homes: number;
  readonly adminToken?: string;
  readonly officerToken?: string;
  readonly keysFile?: string;
  readonly referralFile?: string;
}

/**
 * First start: when the store has no homes and no keys, load the deterministic demo registry, create an
 * admin key and a placement-officer key for Coventry, write them (once) to `<dataDir>/demo-keys.txt`
 * (mode 0600) and a sample referral to `<dataDir>/demo-referral.json`. Later starts change nothing.
 *
 * @example
 * const r = await bootstrapDemo(store, defaultGeography(), './data');
 * if (r.created) console.log(`admin key: ${r.adminToken}`);
 */
export async function bootstrapDemo(
  store: Store,
  geo: Geography,
  dataDir: string,
  opts: { seed?: number; children?: number; homesPerChild?: number } = {},
): Promise<BootstrapResult> {
  const homes = await store.countHomes();
  const keys = await store.listApiKeys();
  if (homes > 0 || keys.length > 0) return { created: false, homes };
  const demo = generateDemo({
    seed: opts.seed ?? DEMO_OPTIONS.seed,
    children: opts.children ?? DEMO_OPTIONS.children,
    homesPerChild: opts.homesPerChild ?? DEMO_OPTIONS.homesPerChild,
  });
  const actor = systemActor('system');
  const writes = validateImport(parseHomesJson(JSON.stringify(demo.homes)), geo, 'demo registry');
  await store.importHomes(writes, actor, { format: 'demo', name: `generateDemo seed ${opts.seed ?? DEMO_OPTIONS.seed}` });
  const admin = await store.createApiKey({ role: 'admin', label: 'demo admin' }, actor);
  const officer = await store.createApiKey({ role: 'placement_officer', authority: DEMO_AUTHORITY, label: 'demo placement officer, Coventry' }, actor);
  const keysFile = join(dataDir, 'demo-keys.txt');
  writeFileSync(
    keysFile,
    [
      '# Homefinder demo API keys (created on first start; only their salted hashes are in the database).',
      `admin=${admin.token}`,
      `placement_officer_${DEMO_AUTHORITY}=${officer.token}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const child = demo.children.find((c) => c.placingAuthority === DEMO_AUTHORITY && c.urgency === 'planned' && !c.siblingGroupId) ?? demo.children[0];
  const referralFile = join(dataDir, 'demo-referral.json');
  if (child) {
    const { currentPlacement: _current, ...referral } = child;
    writeFileSync(referralFile, `${JSON.stringify({ child: referral, top: 5 }, null, 2)}\n`);
  }
  return { created: true, homes: writes.length, adminToken: admin.token, officerToken: officer.token, keysFile, referralFile };
}
