import { ForbiddenError } from '../../domain/index.js';
import type { Actor, Role } from '../../store/index.js';

/**
 * Who may do what (issue 4). Roles grant actions; scopes (authority, provider) are checked by the handlers
 * with the helpers below. A resource of another authority is answered 404 (its existence is not revealed);
 * a role without the action is answered 403.
 *
 * | action            | placement_officer | commissioner | provider      | admin |
 * |-------------------|-------------------|--------------|---------------|-------|
 * | match             | own authority     |              |               | any   |
 * | decisions:write   | own authority     |              |               | any   |
 * | decisions:read    | own authority     |              |               | any   |
 * | audit:read        | own authority     |              |               | all   |
 * | homes:read        | all homes         | all homes    | own homes     | all   |
 * | homes:write       |                   |              | own homes     | any   |
 * | jobs (per kind)   | match_batch       | scenarios    |               | any   |
 * | keys:manage       |                   |              |               | yes   |
 */
export const ACTIONS = ['match', 'decisions:write', 'decisions:read', 'audit:read', 'homes:read', 'homes:write', 'jobs:read', 'keys:manage'] as const;
export type Action = (typeof ACTIONS)[number];

export const ROLE_ACTIONS: Readonly<Record<Role, readonly Action[]>> = {
  placement_officer: ['match', 'decisions:write', 'decisions:read', 'audit:read', 'homes:read', 'jobs:read'],
  commissioner: ['homes:read', 'jobs:read'],
  provider: ['homes:read', 'homes:write'],
  admin: ACTIONS,
};

/**
 * True when the role grants the action.
 *
 * @example
 * can('provider', 'homes:write'); // true
 */
export function can(role: Actor['role'], action: Action): boolean {
  if (role === 'cli' || role === 'system') return true;
  return ROLE_ACTIONS[role].includes(action);
}

/**
 * Throw 403 unless the actor's role grants the action.
 *
 * @example
 * requireAction(principal, 'decisions:write');
 */
export function requireAction(actor: Actor, action: Action): void {
  if (!can(actor.role, action)) throw new ForbiddenError(`requireAction: role "${actor.role}" may not ${action}`);
}

/**
 * True for actors that see every authority (admin, CLI, system).
 *
 * @example
 * isRegionWide({ keyId: 'k', role: 'admin', authority: null, providerId: null }); // true
 */
export function isRegionWide(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'cli' || actor.role === 'system';
}

/**
 * Whether the actor may see records of `authority`. Region-wide actors see all; authority-scoped keys only
 * their own authority (a record with no authority is region-wide, hence admin-only).
 *
 * @example
 * if (!canSeeAuthority(principal, decision.authority)) throw new NotFoundError(...);
 */
export function canSeeAuthority(actor: Actor, authority: string | null): boolean {
  return isRegionWide(actor) || (actor.authority !== null && authority === actor.authority);
}

/**
 * Throw 403 unless the actor may act for children placed by `authority` (match, decisions).
 *
 * @example
 * requireChildAuthority(principal, child.placingAuthority, ['child', 'placingAuthority']);
 */
export function requireChildAuthority(actor: Actor, authority: string, where: string): void {
  if (!canSeeAuthority(actor, authority)) {
    throw new ForbiddenError(`requireChildAuthority: ${where} is "${authority}" but this key acts for "${actor.authority ?? 'no authority'}"`);
  }
}

/**
 * The provider scope to enforce on home writes (undefined for region-wide actors; 403 for roles that may not write homes).
 *
 * @example
 * await store.setVacancies(id, change, actor, { providerId: providerGuard(actor) });
 */
export function providerGuard(actor: Actor): string | undefined {
  if (isRegionWide(actor)) return undefined;
  if (actor.role === 'provider' && actor.providerId) return actor.providerId;
  throw new ForbiddenError(`providerGuard: role "${actor.role}" may not change homes`);
}
