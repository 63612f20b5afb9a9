/**
 * Compiles a validated `Problem` into flat typed arrays (CSR by unit) in MAXIMISATION form: for
 * `sense: "min"` every value is negated, so all internal methods maximise. Internal methods only ever see
 * this form; `result.ts` maps back to ids and the caller's sense.
 */
import type { FlatCandidates, Problem } from './problem.js';
import type { TopEdges } from './top-edges.js';

/** A problem in flat, maximisation form. Edge e is a (unit, candidate target) pair. */
export interface CompiledProblem {
  /** +1 for max, -1 for min: internal value = sign * caller's value. */
  readonly sign: 1 | -1;
  readonly nUnits: number;
  readonly nTargets: number;
  readonly unitIds: readonly string[];
  readonly targetIds: readonly string[];
  /** Edges of unit u are `edgeStart[u] .. edgeStart[u+1]-1`. */
  readonly edgeStart: Int32Array;
  readonly edgeTarget: Int32Array;
  /** Internal (maximisation) value of each edge. */
  readonly edgeValue: Float64Array;
  /** Places the edge consumes on its target. */
  readonly edgeSize: Int32Array;
  readonly capacity: Int32Array;
  /** 1 when the unit must be assigned. */
  readonly must: Uint8Array;
  /** True when every edge has size 1 (the network-flow structure). */
  readonly allUnitSize: boolean;
  /** True when every value is an integer (then the optimum is an integer and bounds can be floored). */
  readonly integralValues: boolean;
  readonly nEdges: number;
  /**
   * Optional: each unit's most valuable edges (`topEdges(edgeStart, edgeValue, true)`), for callers that
   * compile many variants of one model and keep the index per model instead of rebuilding it per problem.
   * When absent, the engine builds it where it pays (units with many candidates).
   */
  readonly valueTop?: TopEdges;
}

/**
 * Builds the flat form of a validated problem. The second argument saves work when the problem comes from
 * `inspectProblem`: its `flat` candidates (nothing left to read but the ids), or its `candidateTarget`
 * (the id lookups).
 *
 * @example
 * const cp = compileProblem({ sense: 'min', targets: [{ id: 'h', capacity: 1 }],
 *   units: [{ id: 'c', size: 1, mustAssign: true, candidates: [{ target: 'h', value: 4 }] }] });
 * // cp.edgeValue[0] === -4 (minimisation is turned into maximisation)
 */
export function compileProblem(problem: Problem, inspected?: Int32Array | FlatCandidates | null): CompiledProblem {
  if (inspected && !(inspected instanceof Int32Array)) return fromFlat(problem, inspected);
  const candidateTarget = inspected ?? null;
  const sign: 1 | -1 = problem.sense === 'max' ? 1 : -1;
  const nUnits = problem.units.length;
  const nTargets = problem.targets.length;
  const targetIndex = candidateTarget ? null : new Map<string, number>();
  const targetIds: string[] = new Array<string>(nTargets);
  const capacity = new Int32Array(nTargets);
  for (let t = 0; t < nTargets; t++) {
    const tg = problem.targets[t]!;
    targetIndex?.set(tg.id, t);
    targetIds[t] = tg.id;
    capacity[t] = tg.capacity;
  }
  let nEdges = 0;
  for (const u of problem.units) nEdges += u.candidates.length;
  const edgeStart = new Int32Array(nUnits + 1);
  const edgeTarget = new Int32Array(nEdges);
  const edgeValue = new Float64Array(nEdges);
  const edgeSize = new Int32Array(nEdges);
  const must = new Uint8Array(nUnits);
  const unitIds: string[] = new Array<string>(nUnits);
  let e = 0;
  let allUnitSize = true;
  let integralValues = true;
  for (let u = 0; u < nUnits; u++) {
    const unit = problem.units[u]!;
    unitIds[u] = unit.id;
    must[u] = unit.mustAssign ? 1 : 0;
    edgeStart[u] = e;
    const cands = unit.candidates;
    for (let j = 0; j < cands.length; j++) {
      const c = cands[j]!;
      const t = candidateTarget ? candidateTarget[e]! : targetIndex!.get(c.target);
      if (t === undefined) throw new Error(`compileProblem: unknown target "${c.target}" (validate first)`);
      const size = c.size ?? unit.size;
      edgeTarget[e] = t;
      edgeValue[e] = sign * c.value;
      edgeSize[e] = size;
      if (size !== 1) allUnitSize = false;
      if (!Number.isInteger(c.value)) integralValues = false;
      e++;
    }
  }
  edgeStart[nUnits] = e;
  return {
    sign, nUnits, nTargets, unitIds, targetIds, edgeStart, edgeTarget, edgeValue, edgeSize, capacity, must,
    allUnitSize, integralValues, nEdges,
  };
}

/** The compiled problem around the candidates the validation pass has already flattened: only the ids are read. */
function fromFlat(problem: Problem, f: FlatCandidates): CompiledProblem {
  const nUnits = problem.units.length;
  const nTargets = problem.targets.length;
  const unitIds: string[] = new Array<string>(nUnits);
  for (let u = 0; u < nUnits; u++) unitIds[u] = problem.units[u]!.id;
  const targetIds: string[] = new Array<string>(nTargets);
  for (let t = 0; t < nTargets; t++) targetIds[t] = problem.targets[t]!.id;
  return {
    sign: problem.sense === 'max' ? 1 : -1,
    nUnits,
    nTargets,
    unitIds,
    targetIds,
    edgeStart: f.edgeStart,
    edgeTarget: f.edgeTarget,
    edgeValue: f.edgeValue,
    edgeSize: f.edgeSize,
    capacity: f.capacity,
    must: f.must,
    allUnitSize: f.allUnitSize,
    integralValues: f.integralValues,
    nEdges: f.edgeTarget.length,
  };
}
