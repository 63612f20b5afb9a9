/**
 * Test fixtures for the re-match: minimal valid children and homes (pseudonymous ids only), and a random
 * cohort generator with a score table, for fast-check properties. Not used by production code.
 */
import fc from 'fast-check';
import { ChildSchema, type Child, type ChildInput } from '../../domain/child.js';
import type { RiskFlag } from '../../domain/common.js';
import { HomeSchema, type Home, type HomeInput } from '../../domain/home.js';
import type { PolicyOverride } from '../../domain/policy.js';
import { buildModel, candidateValue, type ModelUnit, type RematchModel } from '../build-problem.js';
import { classifyChildren } from '../classify.js';
import type { Cohort } from '../cohort.js';
import { prepareCohort, rematchSettings, type PreparedCohort } from '../prepare.js';
import { cachedScorer, tableScorer, type CohortScorer } from '../scorer.js';
import { resolvePolicy } from '../../domain/policy.js';
import { bruteForceModel } from './brute-force.js';

/** Options of `child`. */
export interface ChildSpec {
  readonly home?: string;
  readonly since?: string;
  readonly group?: string;
  readonly risk?: readonly RiskFlag[];
  readonly extra?: Partial<ChildInput>;
}

/**
 * A valid child with a pseudonymous id.
 *
 * @example
 * child('C1', { home: 'H1', since: '2024-01-01' });
 */
export function child(id: string, spec: ChildSpec = {}): Child {
  return ChildSchema.parse({
    id,
    dateOfBirth: '2012-03-04',
    sex: 'female',
    legalStatus: 'care_order',
    placingAuthority: 'E08000026',
    homeLocation: { district: 'CV2' },
    ...(spec.home ? { currentPlacement: { homeId: spec.home, since: spec.since ?? '2024-01-01' } } : {}),
    ...(spec.group ? { siblingGroupId: spec.group } : {}),
    ...(spec.risk ? { riskFlags: [...spec.risk] } : {}),
    ...spec.extra,
  });
}

/**
 * A valid home.
 *
 * @example
 * home('H1', 3, 1); // 3 places, 1 free
 */
export function home(id: string, places: number, freePlaces: number, extra: Partial<HomeInput> = {}): Home {
  return HomeSchema.parse({
    id,
    providerId: extra.providerId ?? 'P-1',
    type: 'council_foster',
    location: { district: 'CV3' },
    registration: 'registered',
    ofsted: 'good',
    places,
    freePlaces,
    ageRange: { min: 0, max: 17 },
    sexesAccepted: ['female', 'male'],
    annualCost: 23993,
    contract: 'council_run',
    maxSiblingGroup: 4,
    ...extra,
  });
}

/** Scores by id: `table[childId][homeId]`, null = ineligible. */
export type IdTable = Readonly<Record<string, Readonly<Record<string, number | null>>>>;

/** A random cohort and its score table. */
export interface RandomCohort {
  readonly cohort: Cohort;
  readonly table: IdTable;
}

/**
 * A `rematch` scorer option over an id-keyed table (order-independent): groups are eligible where every
 * member is and the home offers enough places this round.
 *
 * @example
 * rematch(cohort, geo, { scorer: idTableScorer(table) });
 */
export function idTableScorer(table: IdTable, togetherBonus = 0): (prep: PreparedCohort) => CohortScorer {
  return (prep) =>
    tableScorer(
      prep.children.map((c) => prep.homes.map((h) => table[c.id]?.[h.id] ?? null)),
      (h) => prep.capacity[h]!,
      togetherBonus,
    );
}

/** Shape limits of `randomCohort`. */
export interface RandomCohortLimits {
  readonly maxHomes?: number;
  readonly maxChildren?: number;
  readonly groups?: boolean;
  readonly solo?: boolean;
  readonly closures?: boolean;
  /** Every child lives in a home when one has room (more settled children, more possible moves). */
  readonly settled?: boolean;
  readonly policy?: fc.Arbitrary<PolicyOverride | undefined>;
}

/**
 * A fast-check arbitrary of consistent random cohorts: homes with 1-3 places, children some of whom live
 * in a home (never more than its occupied places), optional sibling groups of 2-3, solo risk flags and
 * closures, and a random integer score table with ineligible pairs.
 *
 * @example
 * fc.assert(fc.property(randomCohort({ maxChildren: 6 }), ({ cohort, table }) => { ... }));
 */
export function randomCohort(limits: RandomCohortLimits = {}): fc.Arbitrary<RandomCohort> {
  const maxHomes = limits.maxHomes ?? 4;
  const maxChildren = limits.maxChildren ?? 6;
  return fc
    .record({
      homes: fc.array(fc.record({ places: fc.integer({ min: 1, max: 3 }), vacancy: fc.integer({ min: 0, max: 3 }), provider: fc.integer({ min: 0, max: 2 }) }), { minLength: 1, maxLength: maxHomes }),
      children: fc.array(
        fc.record({
          lives: fc.integer({ min: limits.settled ? 0 : -3, max: maxHomes - 1 }),
          months: fc.integer({ min: 0, max: 60 }),
          group: limits.groups === false ? fc.constant(-1) : fc.integer({ min: -4, max: 2 }),
          solo: limits.solo ? fc.integer({ min: 0, max: 5 }) : fc.constant(1),
        }),
        { minLength: 1, maxLength: maxChildren },
      ),
      scores: fc.array(fc.array(fc.option(fc.integer({ min: 0, max: 60 }), { freq: 4 }), { minLength: maxHomes, maxLength: maxHomes }), { minLength: maxChildren, maxLength: maxChildren }),
      closeHome: limits.closures ? fc.integer({ min: -3, max: maxHomes - 1 }) : fc.constant(-1),
      policy: limits.policy ?? fc.constant(undefined),
    })
    .map(({ homes: hs, children: cs, scores, closeHome, policy }) => {
      const living = new Array<number>(hs.length).fill(0);
      const childList: Child[] = [];
      const groupCount = new Map<number, number>();
      for (const c of cs) if (c.group >= 0) groupCount.set(c.group, (groupCount.get(c.group) ?? 0) + 1);
      cs.forEach((c, i) => {
        let where = c.lives >= 0 && c.lives < hs.length ? c.lives : -1;
        if (where >= 0 && living[where]! >= hs[where]!.places) where = -1;
        if (where >= 0) living[where]! += 1;
        const since = isoMonthsBefore('2026-11-22', c.months);
        const grp = c.group >= 0 && (groupCount.get(c.group) ?? 0) >= 2 ? `G${c.group}` : undefined;
        childList.push(
          child(`C${i}`, {
            ...(where >= 0 ? { home: `H${where}`, since } : {}),
            ...(grp ? { group: grp } : {}),
            ...(c.solo === 0 ? { risk: ['sexually_harmful_behaviour'] as RiskFlag[] } : {}),
          }),
        );
      });
      const homeList = hs.map((h, k) => {
        const occupied = living[k]!;
        const free = Math.max(0, Math.min(h.vacancy, h.places - occupied));
        return home(`H${k}`, h.places, free, { providerId: `P${h.provider}` });
      });
      const table: Record<string, Record<string, number | null>> = {};
      childList.forEach((c, i) => {
        const row: Record<string, number | null> = {};
        homeList.forEach((h, k) => (row[h.id] = scores[i]?.[k] ?? null));
        table[c.id] = row;
      });
      const cohort: Cohort = {
        children: childList,
        homes: homeList,
        overrides: [],
        asOf: '2026-11-22',
        ...(policy ? { policy } : {}),
        ...(closeHome >= 0 && closeHome < homeList.length ? { closures: { homeIds: [`H${closeHome}`], providerIds: [] } } : {}),
      };
      return { cohort, table };
    });
}

function isoMonthsBefore(asOf: string, months: number): string {
  const [y, m] = asOf.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) - months;
  const yy = Math.floor(total / 12);
  const mm = (total % 12) + 1;
  return `${yy}-${String(mm).padStart(2, '0')}-01`;
}

/**
 * The smallest model with a sibling alternative: A1 lives in H1 (1 place, full), new sibling A2 may join A1
 * only "as today"; H2 has 2 free places for the group together. `scores[child][home]` (A1, A2 x H1, H2).
 *
 * @example
 * const model = settledSiblingModel([[5, 40], [5, 40]]); // together in H2 is worth far more
 */
export function settledSiblingModel(scores: number[][]): RematchModel {
  return scoredModel([child('A1', { home: 'H1', group: 'G' }), child('A2', { group: 'G' })], [home('H1', 1, 0), home('H2', 2, 2)], scores);
}

/**
 * The model of hand-made children and homes under the default policy, scored by a table
 * (`scores[child][home]`, null = ineligible), as of 2026-11-22, sibling sets free to take either mode.
 *
 * @example
 * const model = scoredModel([child('S'), child('T')], [home('H1', 1, 1)], [[5], [9]]);
 */
export function scoredModel(children: Child[], homes: Home[], scores: (number | null)[][]): RematchModel {
  const settings = rematchSettings(resolvePolicy());
  const prep = prepareCohort(children, homes, '2026-11-22', undefined, settings);
  const scorer = cachedScorer(tableScorer(scores, (h) => prep.capacity[h]!));
  return buildModel(prep, classifyChildren(prep, scorer, settings), scorer, settings, 'free');
}

/** A random cohort's model and what built it (`tableModel`). */
export interface TableModel {
  readonly settings: ReturnType<typeof rematchSettings>;
  readonly prep: PreparedCohort;
  readonly scorer: CohortScorer;
  readonly model: RematchModel;
}

/**
 * The model of a random cohort scored by its id table, as the optimiser tests build it (as-of 2026-11-22,
 * sibling sets free to take either mode).
 *
 * @example
 * const { model } = tableModel(cohort, table);
 */
export function tableModel(cohort: Cohort, table: IdTable): TableModel {
  const settings = rematchSettings(resolvePolicy(cohort.policy));
  const prep = prepareCohort(cohort.children, cohort.homes, '2026-11-22', cohort.closures, settings);
  const scorer = cachedScorer(idTableScorer(table)(prep));
  return { settings, prep, scorer, model: buildModel(prep, classifyChildren(prep, scorer, settings), scorer, settings, 'free') };
}

/**
 * Which units take part when each sibling set is in the mode `modes` draws for it (cycled): `true` = its
 * together unit (its members off), else its alternative units (the together unit off), as the property
 * tests draw modes.
 *
 * @example
 * const active = modeMask(model, [true, false]);
 */
export function modeMask(model: RematchModel, modes: readonly (boolean | number)[]): Uint8Array {
  const active = new Uint8Array(model.units.length).fill(1);
  model.exclusive.forEach((set, k) => {
    if (modes[k % modes.length]) for (const m of set.members) active[m] = 0;
    else active[set.together] = 0;
  });
  return active;
}

/**
 * A random feasible start: each active unit's (a mask, or a predicate) drawn pick (`picks`, cycled; -1 or out of range = unplaced)
 * taken greedily while it fits its home's places.
 *
 * @example
 * const start = greedyStart(model, [0, 1, -1], modeMask(model, [false]));
 */
export function greedyStart(model: RematchModel, picks: readonly number[], active: Uint8Array | ((ui: number) => boolean)): Int32Array {
  const on = typeof active === 'function' ? active : (ui: number): boolean => active[ui] === 1;
  const used = new Int32Array(model.capacity.length);
  const start = new Int32Array(model.units.length).fill(-1);
  model.units.forEach((u, ui) => {
    const j = picks[ui % picks.length]!;
    if (!on(ui) || j < 0 || j >= u.homes.length) return;
    if (used[u.homes[j]!]! + u.size[j]! > model.capacity[u.homes[j]!]!) return;
    used[u.homes[j]!]! += u.size[j]!;
    start[ui] = j;
  });
  return start;
}

/** The two sibling policies the bound properties draw from: together only, and a split at a price of 15. */
export const SPLIT_POLICIES: readonly PolicyOverride[] = [{}, { rematch: { allowSiblingSplit: true, siblingSplitPenalty: 15 } }];

/**
 * The model value of a choice (each placed unit's candidate value; no move-budget price).
 *
 * @example
 * modelValue(model, Int32Array.of(0, -1)); // the first unit's first candidate
 */
export function modelValue(model: RematchModel, chosen: Int32Array): number {
  let s = 0;
  chosen.forEach((j, ui) => {
    if (j >= 0) s += candidateValue(model.units[ui]!, j);
  });
  return s;
}

/**
 * Candidate index of unit `ui` in home `h` (throws when it has none).
 *
 * @example
 * chosen[0] = candidateIn(model, 0, 2);
 */
export function candidateIn(model: RematchModel, ui: number, h: number): number {
  const j = model.units[ui]!.homes.indexOf(h);
  if (j < 0) throw new Error(`candidateIn: unit ${ui} has no candidate in home ${h}`);
  return j;
}

/**
 * A hand-made free unit for bound tests: candidates `[home, value, size]`.
 *
 * @example
 * handModel([handUnit('A', [[0, 100, 1]])], [1]);
 */
export function handUnit(id: string, cands: [number, number, number][]): ModelUnit {
  return {
    id,
    kind: 'child',
    children: [0],
    group: -1,
    penalty: 0,
    bonus: 0,
    settled: 0,
    homes: Int32Array.from(cands, (c) => c[0]),
    score: Float64Array.from(cands, (c) => c[1]),
    move: new Float64Array(cands.length),
    stay: new Int32Array(cands.length),
    size: Int32Array.from(cands, (c) => c[2]),
    eligibleCount: cands.length,
    ruledOut: {},
  };
}

/**
 * A hand-made model of free units over homes with these places (no sibling sets, no pinned children).
 *
 * @example
 * handModel([handUnit('A', [[0, 100, 1]])], [1]);
 */
export function handModel(units: ModelUnit[], capacity: number[]): RematchModel {
  return { mode: 'free', units, exclusive: [], capacity: Int32Array.from(capacity), pinned: [], constant: 0, settled: 0 };
}

/**
 * Settled children a choice moves (the model's settled count less those kept).
 *
 * @example
 * movesOf(model, chosen) <= maxMoves;
 */
export function movesOf(model: RematchModel, chosen: Int32Array): number {
  let stay = 0;
  chosen.forEach((j, ui) => {
    if (j >= 0) stay += model.units[ui]!.stay[j]!;
  });
  return model.settled - stay;
}

/** What a primal move promised, for `moveViolations`. */
export interface MovePromise {
  /** The gain the move reported. */
  readonly gain: number;
  /** The move budget it was given (checked only when it changed something). */
  readonly maxMoves: number | null;
  /** 'kept': every sibling set stays in its start mode; 'exclusive': never both modes placed. */
  readonly sets: 'kept' | 'exclusive';
}

/**
 * The invariants every primal move keeps, checked on its result (`chosen`, from `start`): the value never
 * falls and rises by the reported gain, nothing changes without a gain, the move budget holds, no home is
 * overfilled, sibling sets keep their mode (or at least exclusivity), and the value stays within the
 * brute-force optimum. Returns the broken ones in plain words (empty when all hold).
 *
 * @example
 * expect(moveViolations(model, start, chosen, { gain: out.gain, maxMoves, sets: 'kept' })).toEqual([]);
 */
export function moveViolations(model: RematchModel, start: Int32Array, chosen: Int32Array, promise: MovePromise): string[] {
  const problems: string[] = [];
  const before = modelValue(model, start);
  const after = modelValue(model, chosen);
  if (after < before - 1e-9) problems.push(`value fell from ${before} to ${after}`);
  if (Math.abs(after - before - promise.gain) > 1e-6) problems.push(`gain reported ${promise.gain}, actual ${after - before}`);
  if (promise.gain === 0 && chosen.some((j, ui) => j !== start[ui])) problems.push('changed the choice without a gain');
  const budget = promise.maxMoves !== null && promise.gain > 0 ? promise.maxMoves : null;
  if (budget !== null && movesOf(model, chosen) > budget) problems.push(`moved ${movesOf(model, chosen)} settled children, budget ${budget}`);
  const load = new Int32Array(model.capacity.length);
  chosen.forEach((j, ui) => {
    const unit = model.units[ui]!;
    if (j >= unit.homes.length) problems.push(`unit ${ui} has no candidate ${j}`);
    else if (j >= 0) load[unit.homes[j]!]! += unit.size[j]!;
  });
  load.forEach((x, h) => {
    if (x > model.capacity[h]!) problems.push(`home ${h} holds ${x} of ${model.capacity[h]} places`);
  });
  model.exclusive.forEach((set, k) => {
    const together = chosen[set.together]! >= 0;
    const members = set.members.some((m) => chosen[m]! >= 0);
    if (together && members) problems.push(`set ${k} placed in both modes`);
    if (promise.sets === 'kept' && (start[set.together]! >= 0 ? members : together)) problems.push(`set ${k} changed mode`);
  });
  const optimum = bruteForceModel(model, budget).objective;
  if (after + model.constant > optimum + 1e-6) problems.push(`value ${after + model.constant} above the optimum ${optimum}`);
  return problems;
}

/** A random model, a feasible start on it and capacity prices, for the primal moves' properties. */
export interface PricedStart {
  readonly model: RematchModel;
  readonly start: Int32Array;
  readonly prices: Float64Array;
}

/**
 * Random `PricedStart`s: a `tableModel` of a random cohort (up to 8 children, 4 homes, solo needs and settled
 * children), sibling sets in random modes, a greedy start from random picks, and prices in [0, maxPrice]
 * per home.
 *
 * @example
 * fc.assert(fc.property(randomPricedStart(60), ({ model, start, prices }) => { ... }));
 */
export function randomPricedStart(maxPrice: number): fc.Arbitrary<PricedStart> {
  return fc
    .tuple(
      randomCohort({ maxChildren: 8, maxHomes: 4, solo: true, settled: true }),
      fc.array(fc.integer({ min: -1, max: 3 }), { minLength: 12, maxLength: 12 }),
      fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 4, maxLength: 4 }),
      fc.array(fc.double({ min: 0, max: maxPrice, noNaN: true }), { minLength: 4, maxLength: 4 }),
    )
    .map(([{ cohort, table }, picks, modes, priceList]) => {
      const { model } = tableModel(cohort, table);
      const start = greedyStart(model, picks, modeMask(model, modes));
      const prices = Float64Array.from({ length: model.capacity.length }, (_, h) => priceList[h % priceList.length]!);
      return { model, start, prices };
    });
}
