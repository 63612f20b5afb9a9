import type { Contract, HomeType } from '../domain/index.js';

/**
 * Average annual cost per placement by home type (Coventry 2022/23, domain.md), used when a scenario opens
 * homes without naming a cost. External residential depends on the contract (block 175,725; framework/spot
 * 275,748). Supported accommodation, residential special schools and secure homes are not in Coventry's
 * table: those figures are ASSUMPTIONS, documented in README.md, and a scenario can always name its own cost.
 *
 * @example
 * defaultAnnualCost('council_foster', 'council_run'); // 23993
 * defaultAnnualCost('external_childrens_home', 'block'); // 175725
 */
export function defaultAnnualCost(type: HomeType, contract: Contract): number {
  switch (type) {
    case 'connected_person_foster':
      return 16_960;
    case 'council_foster':
      return 23_993;
    case 'ifa_foster':
      return 50_326;
    case 'council_childrens_home':
      return 219_985;
    case 'external_childrens_home':
      return contract === 'block' ? 175_725 : 275_748;
    case 'supported_shared':
      return 52_000;
    case 'supported_single':
      return 60_000;
    case 'supported_lodgings':
      return 26_000;
    case 'supported_247':
      return 150_000;
    case 'residential_special_school':
      return 290_000;
    case 'secure':
      return 420_000;
  }
}

/**
 * The contract a newly opened home of this type usually has: council-run for the council's own carers and
 * homes, framework for independent fostering agencies and supported accommodation, spot for external homes.
 *
 * @example
 * defaultContract('council_childrens_home'); // 'council_run'
 */
export function defaultContract(type: HomeType): Contract {
  switch (type) {
    case 'connected_person_foster':
    case 'council_foster':
    case 'council_childrens_home':
      return 'council_run';
    case 'external_childrens_home':
    case 'residential_special_school':
    case 'secure':
      return 'spot';
    default:
      return 'framework';
  }
}

/**
 * Spot price a bed moves to when its block contract ends without a negotiated figure: the framework/spot
 * average for the type (for external residential, 275,748 against the block 175,725).
 *
 * @example
 * spotCostFor('external_childrens_home'); // 275748
 */
export function spotCostFor(type: HomeType): number {
  return defaultAnnualCost(type, 'spot');
}
