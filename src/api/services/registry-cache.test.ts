import { describe, expect, it } from 'vitest';
import { defaultGeography } from '../../../geo/geography.js';
import { HomeSchema } from '../../domain/index.js';
import { buildRegistry } from '../../match/registry.js';
import { openSqliteStore, systemActor } from '../../store/index.js';
import { RegistryCache } from './registry-cache.js';

const home = (id: string) =>
  HomeSchema.parse({ id, providerId: 'P-1', type: 'council_foster', location: { district: 'CV3' }, registration: 'registered', ofsted: 'good', places: 2, freePlaces: 1, ageRange: { min: 0, max: 17 }, sexesAccepted: ['female'], annualCost: 1, contract: 'council_run' });

const columnBytes = (r: { columns: { buffer: SharedArrayBuffer } }): string => Buffer.from(new Uint8Array(r.columns.buffer)).toString('base64');

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

  it('patches vacancy changes and edits incrementally, equal to a fresh build of the store at that version', async () => {
    const store = openSqliteStore({ path: ':memory:' });
    const geo = defaultGeography();
    for (const id of ['H-1', 'H-2', 'H-3']) await store.createHome({ home: home(id), authority: 'E08000026' }, systemActor());
    const modes: string[] = [];
    const cache = new RegistryCache(store, geo, (i) => modes.push(`${i.version}:${i.mode}`));
    const r3 = await cache.current();
    await store.setVacancies('H-2', { freePlaces: 0 }, systemActor());
    const r4 = await cache.current();
    await store.updateHome({ home: { ...home('H-3'), ofsted: 'inadequate', capability: { behaviour: 3 } }, authority: 'E08000026' }, systemActor());
    const r5 = await cache.current();
    await store.createHome({ home: home('H-0'), authority: 'E08000026' }, systemActor());
    const r6 = await cache.current();
    expect(modes).toEqual(['r3:built', 'r4:patched', 'r5:patched', 'r6:built']);
    expect(cache.patches).toBe(2);
    expect(cache.builds).toBe(2);
    expect(r3.get('H-2')?.freePlaces).toBe(1); // the old registry is untouched
    expect(r4.get('H-2')?.freePlaces).toBe(0);
    const fresh = buildRegistry((await store.registrySnapshot()).homes.map((h) => h.home), geo, await store.registryVersion());
    expect(r6.version).toBe('r6');
    expect(columnBytes(r6)).toBe(columnBytes(fresh));
    expect(r5.get('H-3')).toMatchObject({ ofsted: 'inadequate', capability: { behaviour: 3 } });
    await store.close();
  });
});
