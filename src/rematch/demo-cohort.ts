/**
 * The demo region as a cohort: `generateDemo` (src/demo) draws children (with where they live today) and
 * homes on the real geography; this turns a demo request into a `Cohort` and runs the same cross-reference
 * checks as an explicit cohort.
 */
import { ValidationError } from '../domain/errors.js';
import { dfeAuthorities, dfePlacementProfile } from '../demo/dfe.js';
import { loadDistricts } from '../demo/districts.js';
import { generateDemo } from '../demo/generate.js';
import { checkCohort, type Cohort, type DemoCohort, type ParsedCohort } from './cohort.js';

/**
 * Materialise a demo cohort (deterministic for a given seed and options).
 *
 * @throws ValidationError for bad demo options or closures naming homes the demo does not have.
 * @example
 * const cohort = demoCohort({ demo: { seed: 7, children: 500 }, overrides: [] });
 * cohort.children.length; // 500
 */
export function demoCohort(input: DemoCohort): Cohort {
  const o = input.demo === true ? { seed: 1 } : input.demo;
  const authorities = 'authorities' in o && o.authorities !== undefined ? (o.authorities === 'england' ? englandDemoAuthorities() : o.authorities) : undefined;
  const data = generateDemo({
    seed: o.seed,
    ...('children' in o && o.children !== undefined ? { children: o.children } : {}),
    ...('homesPerChild' in o && o.homesPerChild !== undefined ? { homesPerChild: o.homesPerChild } : {}),
    ...(authorities ? { authorities } : {}),
  });
  const cohort: Cohort = {
    children: data.children,
    homes: data.homes,
    overrides: input.overrides,
    asOf: input.asOf ?? data.meta.asOf,
    ...(input.policy ? { policy: input.policy } : {}),
    ...(input.closures ? { closures: input.closures } : {}),
  };
  const problems = checkCohort(cohort);
  if (problems.length > 0) throw new ValidationError(`demoCohort: ${problems.length} problem(s) in the demo cohort`, problems);
  return cohort;
}

/**
 * The English authorities the demo generator can draw (it needs postcode districts and DfE 2025 figures:
 * all but the Isles of Scilly and the City of London).
 *
 * @example
 * englandDemoAuthorities().length; // 151
 */
export function englandDemoAuthorities(): string[] {
  const withDistricts = new Set(loadDistricts().usable.map((d) => d.laCode));
  return dfeAuthorities()
    .map((a) => a.laCode)
    .filter((code) => {
      if (!withDistricts.has(code)) return false;
      try {
        dfePlacementProfile(code);
        return true;
      } catch {
        return false;
      }
    });
}

/**
 * The cohort a parsed input stands for: the explicit cohort, or the generated demo.
 *
 * @example
 * const cohort = toCohort(parseCohort(json));
 */
export function toCohort(parsed: ParsedCohort): Cohort {
  return parsed.kind === 'cohort' ? parsed.cohort : demoCohort(parsed.demo);
}
