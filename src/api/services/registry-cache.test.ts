import { describe, expect, it } from 'vitest';
import { defaultGeography } from '../../../geo/geography.js';
import { HomeSchema } from '../../domain/index.js';
import { openSqliteStore, systemActor } from '../../store/index.js';
import { RegistryCache } from './registry-cache.js';

const home = (id: string) =>
  HomeSchema.parse({ id, providerId: 'P-1', type: 'council_foster', location: { district: 'CV3' }, registration: 'registered', ofsted: 'good', places: 2, freePlaces: 1, ageRange: { min: 0, max: 17 }, sexesAccepted: ['female'], annualCost: 1, contract: 'council_run' });

describe('RegistryCache', () => {
  it('builds once per registry version, shares a build between concurrent callers, and follows changes', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    await store.createHome({ home: home('H-1'), authority: 'E08000026' }, systemActor());
    const builds: string[] = [];
    const cache = new RegistryCache(store, defaultGeography(), (i) => builds.push(i.version));
    const [a, b] = await Promise.all([cache.current(), cache.current()]);
    expect(a).toBe(b);
    expect(a.version).toBe('r1');
    expect(await cache.current()).toBe(a);
    await store.createHome({ home: home('H-2'), authority: 'E08000026' }, systemActor());
    const c = await cache.current();
    expect(c.version).toBe('r2');
    expect(c.size).toBe(2);
    await store.closeHome('H-1', systemActor(), null);
    expect((await cache.current()).homes.map((h) => h.id)).toEqual(['H-2']);
    expect(builds).toEqual(['r1', 'r2', 'r3']);
    await store.close();
  });
});
