/**
 * Shared fixtures for the service tests (tests/api*.test.ts, tests/service*.test.ts): an in-memory store
 * seeded with a small real-geography registry, a key for every role and scope, and valid request bodies.
 */
import { pino } from 'pino';
import { defaultGeography } from '../geo/geography.js';
import { createService, type Service, type ServiceDeps } from '../src/api/app.js';
import { ServiceMetrics } from '../src/api/metrics.js';
import { parseHomesJson } from '../src/api/import/homes-json.js';
import { validateImport } from '../src/api/import/validate-homes.js';
import type { HomeInput } from '../src/domain/index.js';
import { openSqliteStore, systemActor, type Role } from '../src/store/index.js';

export const COVENTRY = 'E08000026';
export const BIRMINGHAM = 'E08000025';

export function homeInput(id: string, over: Partial<HomeInput> = {}): HomeInput {
  return {
    id,
    providerId: 'P-COV',
    type: 'council_foster',
    location: { district: 'CV3' },
    registration: 'registered',
    ofsted: 'good',
    places: 2,
    freePlaces: 1,
    ageRange: { min: 0, max: 17 },
    sexesAccepted: ['female', 'male'],
    annualCost: 23993,
    contract: 'council_run',
    maxSiblingGroup: 3,
    ...over,
  };
}

export const SEED_HOMES: HomeInput[] = [
  homeInput('H-COV-1', { location: { district: 'CV2' } }),
  homeInput('H-COV-2', { location: { district: 'CV5' }, freePlaces: 2, places: 3 }),
  homeInput('H-COV-3', { location: { district: 'CV6' }, type: 'ifa_foster', contract: 'framework', annualCost: 50326, providerId: 'P-IFA' }),
  homeInput('H-BHM-1', { location: { district: 'B23' }, providerId: 'P-BHM' }),
  homeInput('H-BHM-2', { location: { district: 'B15' }, providerId: 'P-BHM', freePlaces: 0 }),
  homeInput('H-WAR-1', { location: { district: 'CV34' }, providerId: 'P-IFA', type: 'ifa_foster', contract: 'spot', annualCost: 60000 }),
  homeInput('H-RES-1', { location: { district: 'CV3' }, type: 'external_childrens_home', contract: 'spot', annualCost: 275748, ageRange: { min: 10, max: 17 }, providerId: 'P-RES' }),
];

export function childBody(id = 'C-TEST-1', over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    dateOfBirth: '2014-03-02',
    sex: 'female',
    legalStatus: 'care_order',
    placingAuthority: COVENTRY,
    homeLocation: { district: 'CV2' },
    needs: { emotional_wellbeing: 1 },
    urgency: 'planned',
    carePlanSetting: 'fostering',
    religion: 'SECRET-RELIGION-MARKER',
    ...over,
  };
}

export interface TestKeys {
  admin: string;
  officerCov: string;
  officerBhm: string;
  commissionerCov: string;
  providerCov: string;
  providerBhm: string;
}

export interface TestService {
  service: Service;
  keys: TestKeys;
  /** Every key with its role and scope, for matrix tests. */
  keyList: { name: keyof TestKeys; role: Role; authority: string | null; providerId: string | null; token: string }[];
  logs: string[];
}

/**
 * A service on an in-memory store with the seed homes and one key per role/scope.
 *
 * @example
 * const { service, keys } = await testService();
 * await request(service.app).post('/v1/match').set('Authorization', `Bearer ${keys.officerCov}`).send({ child: childBody() });
 */
export async function testService(over: Partial<ServiceDeps> = {}): Promise<TestService> {
  const store = over.store ?? openSqliteStore({ path: ':memory:' });
  const logs: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (s: string) => void logs.push(s) });
  const service = createService({
    store,
    geo: defaultGeography(),
    logger,
    metrics: new ServiceMetrics({ defaultMetrics: false }),
    ...over,
    config: { rateLimit: null, ...over.config },
  });
  const admin = systemActor('system');
  await store.importHomes(validateImport(parseHomesJson(JSON.stringify(SEED_HOMES)), defaultGeography(), 'seed'), admin, { format: 'json', name: 'seed' });
  const specs: { name: keyof TestKeys; role: Role; authority?: string; providerId?: string }[] = [
    { name: 'admin', role: 'admin' },
    { name: 'officerCov', role: 'placement_officer', authority: COVENTRY },
    { name: 'officerBhm', role: 'placement_officer', authority: BIRMINGHAM },
    { name: 'commissionerCov', role: 'commissioner', authority: COVENTRY },
    { name: 'providerCov', role: 'provider', providerId: 'P-COV' },
    { name: 'providerBhm', role: 'provider', providerId: 'P-BHM' },
  ];
  const keys = {} as TestKeys;
  const keyList: TestService['keyList'] = [];
  for (const s of specs) {
    const { token } = await store.createApiKey({ role: s.role, authority: s.authority ?? null, providerId: s.providerId ?? null, label: s.name }, admin);
    keys[s.name] = token;
    keyList.push({ name: s.name, role: s.role, authority: s.authority ?? null, providerId: s.providerId ?? null, token });
  }
  await service.start();
  return { service, keys, keyList, logs };
}
