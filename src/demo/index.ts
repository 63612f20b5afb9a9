/**
 * The deterministic demo data generator: a seeded West Midlands registry and cohort on the real geography,
 * calibrated to the DfE statistics. See README.md beside this file.
 *
 * @example
 * import { generateDemo, calibrate, formatCalibration } from './demo/index.js';
 * const demo = generateDemo({ seed: 1 });
 * console.log(formatCalibration(calibrate(demo)));
 */
export { generateDemo, type DemoData, type DemoMeta, type DemoSiblingGroup, type GenerateDemoOptions, type OtherPlacement } from './generate.js';
export { calibrate, formatCalibration, type AuthorityCalibration, type CalibrationInput, type CalibrationReport, type ShareComparison } from './calibration.js';
export {
  DFE_MIX_KEYS,
  WEST_MIDLANDS_CODES,
  dfeAuthorities,
  dfeGroupOfHomeType,
  dfePlacementProfile,
  dfeWestMidlandsAuthorities,
  parseDfeNumber,
  type DfeAuthority,
  type DfeMixKey,
  type DfePlacementProfile,
} from './dfe.js';
export { createRng, apportion, hashString, type Rng } from './rng.js';
export { addDays, daysBetween, dateOfBirthForAge } from './dates.js';
