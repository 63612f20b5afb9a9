import { ContractSchema, HOME_TYPES, type Contract, type HomeType } from '../domain/index.js';
import type { MetricVector } from './stats.js';

/**
 * Spend over a period, by placement type and contract.
 *
 * The cost model (README.md): a placement costs its home's annual price pro rata for the days it lasts; a
 * block-contract home is paid for in full, every place, whether filled or empty (block beds are "already paid
 * for": filling one costs nothing extra); the ten costliest placements' share is their spend over all spend.
 *
 * @example
 * const l = new CostLedger();
 * l.addPlacement('council_foster', 'council_run', 23_993, 365);
 * l.metrics('cost.annual')['cost.annual']; // 23993
 */
export class CostLedger {
  private readonly byType = new Map<HomeType, number>();
  private readonly byContract = new Map<Contract, number>();
  /** Spend attributed to each placement (block placements: their price pro rata). */
  private readonly perPlacement: number[] = [];
  private total = 0;

  /**
   * A placement of `days` days in a home with the given annual price (block homes add only to the
   * per-placement list, as their spend is counted by {@link addBlockHome}).
   *
   * @example
   * ledger.addPlacement('ifa_foster', 'framework', 50_326, 365);
   */
  addPlacement(type: HomeType, contract: Contract, annualPrice: number, days: number): void {
    if (days <= 0) return;
    const spend = (annualPrice * days) / 365;
    this.perPlacement.push(spend);
    if (contract === 'block') return;
    this.add(type, contract, spend);
  }

  /**
   * A block-contract home, paid for every place for `days` days.
   *
   * @example
   * ledger.addBlockHome('external_childrens_home', 175_725, 4, 365);
   */
  addBlockHome(type: HomeType, annualPrice: number, places: number, days: number): void {
    if (days <= 0 || places <= 0) return;
    this.add(type, 'block', (annualPrice * places * days) / 365);
  }

  private add(type: HomeType, contract: Contract, spend: number): void {
    this.byType.set(type, (this.byType.get(type) ?? 0) + spend);
    this.byContract.set(contract, (this.byContract.get(contract) ?? 0) + spend);
    this.total += spend;
  }

  /** Total spend. */
  get spend(): number {
    return this.total;
  }

  /**
   * Spend as a flat metric vector under `prefix` (`<prefix>`, `<prefix>.byType.<type>`,
   * `<prefix>.byContract.<contract>`, `<prefix>.top10Share`).
   *
   * @example
   * ledger.metrics('cost.annual')['cost.annual']; // e.g. 41_200_000
   */
  metrics(prefix: string): MetricVector {
    const m: Record<string, number> = { [prefix]: this.total };
    for (const t of HOME_TYPES) m[`${prefix}.byType.${t}`] = this.byType.get(t) ?? 0;
    for (const c of ContractSchema.options) m[`${prefix}.byContract.${c}`] = this.byContract.get(c) ?? 0;
    // The ten largest, by insertion into a short sorted list (no full sort).
    const top: number[] = [];
    for (const x of this.perPlacement) {
      if (top.length === 10 && x <= (top[9] as number)) continue;
      let k = top.length < 10 ? top.length : 9;
      if (top.length < 10) top.push(x);
      while (k > 0 && (top[k - 1] as number) < x) {
        top[k] = top[k - 1] as number;
        k--;
      }
      top[k] = x;
    }
    const topSum = top.reduce((s, x) => s + x, 0);
    m[`${prefix}.top10Share`] = this.total > 0 ? topSum / this.total : Number.NaN;
    return m;
  }
}
