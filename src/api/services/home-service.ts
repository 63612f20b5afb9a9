import type { Geography } from '../../../geo/types.js';
import { HomeSchema, NotFoundError, parseOrThrow, ValidationError, type Home } from '../../domain/index.js';
import type { Actor, HomeFilter, HomeRecord, ImportSummary, Store } from '../../store/index.js';
import { isRegionWide, providerGuard, requireAction } from '../auth/permissions.js';
import { parseHomesCsv } from '../import/homes-csv.js';
import { parseHomesJson } from '../import/homes-json.js';
import { resolveHome, validateImport } from '../import/validate-homes.js';
import { CloseHomeRequestSchema, VacanciesRequestSchema } from '../schemas.js';

/**
 * The registry of homes as providers and admins change it: validation (schema, location resolved on the
 * real geography, supplied authority checked against the boundary), provider scoping, optimistic
 * concurrency (the version as ETag / If-Match), and atomic bulk import.
 *
 * @example
 * const rec = await homes.create(body, principal);
 */
export class HomeService {
  constructor(
    private readonly store: Store,
    private readonly geo: Geography,
  ) {}

  private parseHome(body: unknown, fn: string): { home: Home; authority: string | null } {
    const home = parseOrThrow(HomeSchema, body, fn);
    const r = resolveHome(home, this.geo, [], fn);
    if ('problems' in r) throw new ValidationError(`${fn}: ${r.problems.length} problem(s) in the home`, r.problems);
    return r.write;
  }

  async list(filter: HomeFilter, actor: Actor): Promise<{ homes: HomeRecord[]; total: number }> {
    requireAction(actor, 'homes:read');
    // Providers see only their own homes.
    const scoped: HomeFilter = actor.role === 'provider' ? { ...filter, providerId: actor.providerId ?? '\u0000' } : filter;
    const [homes, total] = await Promise.all([this.store.listHomes(scoped), this.store.countHomes({ ...scoped, limit: undefined, offset: undefined })]);
    return { homes, total };
  }

  async get(id: string, actor: Actor): Promise<HomeRecord> {
    requireAction(actor, 'homes:read');
    const rec = await this.store.getHome(id);
    if (!rec || (actor.role === 'provider' && !isRegionWide(actor) && rec.home.providerId !== actor.providerId)) throw new NotFoundError(`getHome: no home "${id}"`);
    return rec;
  }

  async create(body: unknown, actor: Actor): Promise<HomeRecord> {
    requireAction(actor, 'homes:write');
    const write = this.parseHome(body, 'createHome');
    return this.store.createHome(write, actor, { providerId: providerGuard(actor) });
  }

  async update(id: string, body: unknown, actor: Actor, expectedVersion: number | undefined): Promise<HomeRecord> {
    requireAction(actor, 'homes:write');
    const write = this.parseHome(body, 'updateHome');
    if (write.home.id !== id) {
      throw new ValidationError('updateHome: the body id differs from the URL', [{ path: ['id'], code: 'id_mismatch', message: `updateHome: body id "${write.home.id}" differs from the URL id "${id}"` }]);
    }
    return this.store.updateHome(write, actor, { providerId: providerGuard(actor), expectedVersion });
  }

  async setVacancies(id: string, body: unknown, actor: Actor, expectedVersion: number | undefined): Promise<HomeRecord> {
    requireAction(actor, 'homes:write');
    const change = parseOrThrow(VacanciesRequestSchema, body, 'setVacancies');
    return this.store.setVacancies(id, change, actor, { providerId: providerGuard(actor), expectedVersion });
  }

  async close(id: string, body: unknown, actor: Actor, expectedVersion: number | undefined): Promise<HomeRecord> {
    requireAction(actor, 'homes:write');
    const { reason } = parseOrThrow(CloseHomeRequestSchema, body ?? {}, 'closeHome');
    return this.store.closeHome(id, actor, reason ?? null, { providerId: providerGuard(actor), expectedVersion });
  }

  /**
   * Import a CSV or JSON text: every row validated first (every problem with its line and field), then
   * all rows written in one transaction.
   */
  async importText(text: string, format: 'csv' | 'json', name: string | null, actor: Actor): Promise<ImportSummary & { rows: number }> {
    requireAction(actor, 'homes:write');
    const guard = providerGuard(actor);
    const parsed = format === 'csv' ? parseHomesCsv(text) : parseHomesJson(text);
    const writes = validateImport(parsed, this.geo, name ?? `request body (${format})`);
    const summary = await this.store.importHomes(writes, actor, { format, name }, { providerId: guard });
    return { ...summary, rows: writes.length };
  }
}
