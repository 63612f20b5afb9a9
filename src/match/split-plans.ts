import type { Geography } from '../../geo/types.js';
import type { SplitPlan } from '../domain/index.js';
import { fmtKm, round } from '../scoring/helpers.js';
import type { ScoreArrays } from '../scoring/kernel.js';
import type { ResolvedSubject } from '../scoring/types.js';
import type { Registry } from './registry.js';
import { selectTop } from './select.js';

/**
 * Sibling groups up to this size get every set partition considered; larger ones a reduced family.
 *
 * @example
 * splitPartitions(FULL_PARTITION_LIMIT).length; // 14 (Bell(4) - 1)
 */
export const FULL_PARTITION_LIMIT = 4;
/** Branch-and-bound node budget per partition (the search is exact within it; it is never hit for small groups). */
const NODE_BUDGET = 50_000;

/**
 * The ways to split `n` siblings into two or more homes (each partition a list of blocks of child indices,
 * blocks in first-child order). Up to {@link FULL_PARTITION_LIMIT} children: every set partition except
 * "all together". Larger groups: everyone apart, and each "all but one together, one apart".
 *
 * @example
 * splitPartitions(2); // [[[0], [1]]]
 * splitPartitions(3).length; // 4
 */
export function splitPartitions(n: number): number[][][] {
  if (n < 2) return [];
  if (n > FULL_PARTITION_LIMIT) {
    const out: number[][][] = [Array.from({ length: n }, (_, i) => [i])];
    for (let k = 0; k < n; k++) {
      const rest = Array.from({ length: n }, (_, i) => i).filter((i) => i !== k);
      out.push(k === 0 ? [[0], rest] : [rest, [k]].sort((a, b) => (a[0] as number) - (b[0] as number)));
    }
    return out;
  }
  const out: number[][][] = [];
  const rec = (i: number, blocks: number[][]): void => {
    if (i === n) {
      if (blocks.length > 1) out.push(blocks.map((b) => [...b]));
      return;
    }
    for (const b of blocks) {
      b.push(i);
      rec(i + 1, blocks);
      b.pop();
    }
    blocks.push([i]);
    rec(i + 1, blocks);
    blocks.pop();
  };
  rec(0, []);
  return out;
}

/** The fast-path scores of one block (some siblings placed together) of a split. */
export interface BlockScores {
  readonly block: readonly number[];
  readonly subject: ResolvedSubject;
  readonly scores: ScoreArrays;
}

/**
 * Key of a block in the scores map.
 *
 * @example
 * blockKey([0, 2]); // "0,2"
 */
export function blockKey(block: readonly number[]): string {
  return block.join(',');
}

interface Partial {
  total: number;
  homes: number[];
}

/**
 * The best plans placing a sibling group across several homes: for each partition, the assignment of
 * blocks to distinct eligible homes maximising the child-weighted mean of the block totals (each block is
 * scored as its own children together; the siblings factor gives it `(size - 1) / (groupSize - 1)`), found
 * by branch and bound over each block's best candidates. Returns up to `maxPlans`, best first.
 *
 * @param accept the homes that are candidates for a block (1 = eligible, and in scope in same-day mode)
 * @example
 * bestSplitPlans(group, partitions, blocks, registry, geo, 3, (s) => s.eligible);
 */
export function bestSplitPlans(
  group: ResolvedSubject,
  partitions: readonly (readonly (readonly number[])[])[],
  blocks: ReadonlyMap<string, BlockScores>,
  registry: Registry,
  geo: Geography,
  maxPlans: number,
  accept: (scores: ScoreArrays) => Uint8Array,
): SplitPlan[] {
  if (maxPlans <= 0) return [];
  const n = group.children.length;
  const idRank = registry.columns.idRank;
  const candidates = new Map<string, number[]>();
  for (const [key, b] of blocks) {
    candidates.set(key, selectTop(n + maxPlans, b.scores.totals, idRank, true, accept(b.scores), 1));
  }
  const plans: { total: number; partition: readonly (readonly number[])[]; homes: number[] }[] = [];
  for (const partition of partitions) {
    const order = partition.map((_, j) => j).sort((a, b) => (partition[b] as readonly number[]).length - (partition[a] as readonly number[]).length || a - b);
    const lists = order.map((j) => candidates.get(blockKey(partition[j] as readonly number[])) ?? []);
    const weights = order.map((j) => (partition[j] as readonly number[]).length / n);
    const totals = order.map((j) => (blocks.get(blockKey(partition[j] as readonly number[])) as BlockScores).scores.totals);
    if (lists.some((l) => l.length === 0)) continue;
    // Optimistic bound: each remaining block takes its best candidate.
    const suffix = new Array<number>(order.length + 1).fill(0);
    for (let d = order.length - 1; d >= 0; d--) suffix[d] = (suffix[d + 1] as number) + (weights[d] as number) * ((totals[d] as Float64Array)[(lists[d] as number[])[0] as number] as number);
    const found: Partial[] = [];
    const used = new Set<number>();
    const homes: number[] = [];
    let nodes = 0;
    const dfs = (d: number, value: number): void => {
      if (nodes++ > NODE_BUDGET) return;
      if (d === order.length) {
        found.push({ total: value, homes: [...homes] });
        found.sort((a, b) => b.total - a.total);
        if (found.length > maxPlans) found.pop();
        return;
      }
      if (found.length === maxPlans && value + (suffix[d] as number) <= (found[found.length - 1] as Partial).total) return;
      for (const h of lists[d] as number[]) {
        if (used.has(h)) continue;
        used.add(h);
        homes.push(h);
        dfs(d + 1, value + (weights[d] as number) * ((totals[d] as Float64Array)[h] as number));
        homes.pop();
        used.delete(h);
      }
    };
    dfs(0, 0);
    for (const f of found) {
      const byBlock: number[] = new Array<number>(partition.length);
      order.forEach((j, d) => {
        byBlock[j] = f.homes[d] as number;
      });
      plans.push({ total: f.total, partition, homes: byBlock });
    }
  }
  const homeKey = (p: { homes: number[] }): string => p.homes.map((h) => registry.homes[h]?.id).join('|');
  plans.sort((a, b) => b.total - a.total || (homeKey(a) < homeKey(b) ? -1 : homeKey(a) > homeKey(b) ? 1 : 0));
  return plans.slice(0, maxPlans).map((p) => describePlan(group, p.partition, p.homes, p.total, blocks, registry, geo));
}

function describePlan(
  group: ResolvedSubject,
  partition: readonly (readonly number[])[],
  homes: readonly number[],
  total: number,
  blocks: ReadonlyMap<string, BlockScores>,
  registry: Registry,
  geo: Geography,
): SplitPlan {
  const assignments: SplitPlan['assignments'] = [];
  const parts: string[] = [];
  partition.forEach((block, j) => {
    const h = homes[j] as number;
    const home = registry.homes[h];
    const b = blocks.get(blockKey(block)) as BlockScores;
    const t = b.scores.totals[h] as number;
    const ids = block.map((c) => group.children[c]?.id as string);
    for (const id of ids) assignments.push({ childId: id, homeId: home?.id as string, total: t });
    parts.push(`${ids.join(' and ')} ${ids.length > 1 ? 'together ' : ''}at ${home?.id} (${fmtKm(b.scores.km[h] as number)} from home)`);
  });
  let maxKm = 0;
  for (let a = 0; a < homes.length; a++) {
    for (let b = a + 1; b < homes.length; b++) {
      const pa = registry.homes[homes[a] as number]?.point;
      const pb = registry.homes[homes[b] as number]?.point;
      if (pa && pb) maxKm = Math.max(maxKm, geo.distance.km(pa, pb));
    }
  }
  const sentence = `Split across ${homes.length} homes: ${parts.join('; ')}. The homes are ${homes.length > 2 ? 'at most ' : ''}${fmtKm(maxKm)} apart.`;
  return { total, assignments, maxDistanceBetweenHomesKm: round(maxKm, 2), sentence };
}
