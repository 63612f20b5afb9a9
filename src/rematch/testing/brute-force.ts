/**
 * Exhaustive optimum of a (tiny) re-match model: every unit either unplaced or on one candidate, capacity
 * respected, split exclusivity respected, moves <= cap. The reference the Lagrangian driver is tested
 * against. Exponential: for tests on a handful of units only.
 */
import { candidateValue, type RematchModel } from '../build-problem.js';

/**
 * The best objective of the model (and the moves of one optimal solution), or -Infinity if none.
 *
 * @example
 * bruteForceModel(model, 1).objective;
 */
export function bruteForceModel(model: RematchModel, maxMoves: number | null): { objective: number; moves: number } {
  const nU = model.units.length;
  const cap = Int32Array.from(model.capacity);
  const excludedBy = new Map<number, number[]>();
  for (const set of model.exclusive) {
    for (const m of set.members) {
      excludedBy.set(m, [...(excludedBy.get(m) ?? []), set.together]);
      excludedBy.set(set.together, [...(excludedBy.get(set.together) ?? []), m]);
    }
  }
  const choice = new Int32Array(nU).fill(-1);
  let best = -Infinity;
  let bestMoves = 0;
  const rec = (ui: number, value: number, stay: number): void => {
    if (ui === nU) {
      const moves = model.settled - stay;
      if (maxMoves !== null && moves > maxMoves) return;
      if (value > best) {
        best = value;
        bestMoves = moves;
      }
      return;
    }
    choice[ui] = -1;
    rec(ui + 1, value, stay);
    const u = model.units[ui]!;
    const blocked = (excludedBy.get(ui) ?? []).some((o) => o < ui && choice[o]! >= 0);
    if (blocked) return;
    for (let j = 0; j < u.homes.length; j++) {
      const h = u.homes[j]!;
      const s = u.size[j]!;
      if (cap[h]! < s) continue;
      cap[h]! -= s;
      choice[ui] = j;
      rec(ui + 1, value + candidateValue(u, j), stay + u.stay[j]!);
      cap[h]! += s;
      choice[ui] = -1;
    }
  };
  rec(0, 0, 0);
  return { objective: best === -Infinity ? best : best + model.constant, moves: bestMoves };
}
