import type { Relaxation } from '../domain/index.js';
import { R_CARE_PLAN, R_EMERGENCY, R_NEEDS_GAP, R_OFSTED } from '../scoring/codes.js';
import { fmtKm } from '../scoring/helpers.js';
import type { ScoreArrays } from '../scoring/kernel.js';
import { before } from './select.js';

type Relax = Relaxation['relax'];

interface Spec {
  readonly relax: Relax;
  /** Rule bits ignored. */
  readonly ignore: number;
  /** Same-day scope parts kept. */
  readonly radius: boolean;
  readonly area: boolean;
  readonly what: string;
}

/** The same-day search scope of one home: within the radius, and inside the own or an adjoining authority. */
export interface Scope {
  readonly sameDay: boolean;
  readonly radiusKm: number;
  /** Per home: 1 when its authority is the placing authority or adjoins it. */
  readonly nearArea: Uint8Array;
}

/**
 * When no home is eligible: for each single relaxation, how many homes it would make eligible and the best
 * of them. Same-day mode (emergency homes within `radiusKm` in the own or an adjoining authority) adds
 * wider radius, out of area, both, and non-emergency homes; every mode tries another setting and the two
 * overridable rules. Every relaxation is reported (zero counts included), in a fixed order.
 *
 * @example
 * relaxations(scores, scope, idRank, ids).filter((r) => r.eligibleHomes > 0);
 */
export function relaxations(scores: ScoreArrays, scope: Scope, idRank: Int32Array, homeIds: readonly string[]): Relaxation[] {
  const r = scope.radiusKm;
  const specs: Spec[] = scope.sameDay
    ? [
        { relax: 'wider_radius', ignore: 0, radius: false, area: true, what: `Searching beyond ${fmtKm(r)} (still in the authority or an adjoining one)` },
        { relax: 'out_of_area', ignore: 0, radius: true, area: false, what: `Searching out of area (any authority within ${fmtKm(r)})` },
        { relax: 'wider_radius_out_of_area', ignore: 0, radius: false, area: false, what: 'Searching anywhere (any distance, any authority)' },
        { relax: 'non_emergency_homes', ignore: R_EMERGENCY, radius: true, area: true, what: 'Asking homes that do not usually take emergencies' },
        { relax: 'other_setting', ignore: R_CARE_PLAN, radius: true, area: true, what: 'Considering another setting than the care plan names' },
        { relax: 'needs_gap_override', ignore: R_NEEDS_GAP, radius: true, area: true, what: 'Recording a needs-gap override' },
        { relax: 'ofsted_override', ignore: R_OFSTED, radius: true, area: true, what: 'Recording an Ofsted override' },
      ]
    : [
        { relax: 'other_setting', ignore: R_CARE_PLAN, radius: false, area: false, what: 'Considering another setting than the care plan names' },
        { relax: 'needs_gap_override', ignore: R_NEEDS_GAP, radius: false, area: false, what: 'Recording a needs-gap override' },
        { relax: 'ofsted_override', ignore: R_OFSTED, radius: false, area: false, what: 'Recording an Ofsted override' },
      ];
  const count = new Int32Array(specs.length);
  const best = new Int32Array(specs.length).fill(-1);
  const n = scores.totals.length;
  for (let i = 0; i < n; i++) {
    const mask = scores.broken[i] as number;
    const inRadius = (scores.km[i] as number) <= r;
    const inArea = scope.nearArea[i] === 1;
    for (let s = 0; s < specs.length; s++) {
      const sp = specs[s] as Spec;
      if ((mask & ~sp.ignore) !== 0) continue;
      if (scope.sameDay && sp.radius && !inRadius) continue;
      if (scope.sameDay && sp.area && !inArea) continue;
      count[s] = (count[s] as number) + 1;
      const b = best[s] as number;
      if (b < 0 || before(scores.totals, idRank, true, i, b)) best[s] = i;
    }
  }
  return specs.map((sp, s) => {
    const c = count[s] as number;
    const b = best[s] as number;
    const id = b >= 0 ? (homeIds[b] as string) : null;
    const sentence =
      c === 0
        ? `${sp.what} would still find no eligible home.`
        : `${sp.what} finds ${c} eligible home${c === 1 ? '' : 's'}; the best is ${id}, ${fmtKm(scores.km[b] as number)} away.`;
    return { relax: sp.relax, eligibleHomes: c, bestHomeId: id, sentence };
  });
}
