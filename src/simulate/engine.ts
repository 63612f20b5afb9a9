import type { Child, Home } from '../domain/index.js';

/**
 * What the simulation needs from the match engine, as an interface so the model can be tested on its own
 * and the match core can change underneath it. The implementation over the real match core (`scoreAll`)
 * is in `match-engine.ts`.
 */

/** One child, or siblings to be placed together in one home. */
export interface Subject {
  /** The children (one, or the siblings placed together). */
  readonly children: readonly Child[];
  /** Size of the whole sibling group (>= children.length; 1 for a child with no sibling in care). */
  readonly groupSize: number;
  /** The date of the referral: ages and school years are taken on it. */
  readonly asOf: string;
}

/** The top eligible home for a subject. */
export interface Choice {
  /** Index of the home in the engine's market. */
  readonly homeIndex: number;
  /** Match score total of the home for the subject. */
  readonly total: number;
}

/**
 * Places children one subject at a time, as placement teams do: the top eligible home with a free place.
 * Free places change as children arrive and leave; `reset` restores the market's starting vacancies.
 *
 * @example
 * engine.reset();
 * const c = engine.best({ children: [child], groupSize: 1, asOf: '2026-05-01' });
 * if (c) engine.occupy(c.homeIndex, 1);
 */
export interface PlacementEngine {
  /** The market, index-aligned with `Choice.homeIndex`. */
  readonly homes: readonly Home[];
  /** Restore every home's free places to the market's starting vacancies. */
  reset(): void;
  /**
   * The top eligible home (every hard rule passed, enough free places for all the subject's children), or null.
   * With `floor`, the caller only needs a home whose total reaches it (a connected person's household already
   * scored that much): the engine may return null when no home does. Ignored for same-day referrals, whose
   * in-scope home is preferred whatever its total.
   */
  best(subject: Subject, floor?: number): Choice | null;
  /**
   * The top eligible home among `extra` homes that are not in the market (a connected person's household,
   * approved for this child), or null. Totals are comparable with `best`.
   */
  bestAmong(subject: Subject, extra: readonly Home[]): Choice | null;
  occupy(homeIndex: number, places: number): void;
  release(homeIndex: number, places: number): void;
  /** Free places now. */
  free(homeIndex: number): number;
}
