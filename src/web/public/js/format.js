// Formatting and labels shared by the views. Pure: no DOM. The vocabulary itself (which need domains, home
// types, contracts... exist) comes from the server: ./vocabulary.js is generated from the zod schemas in
// src/domain (src/web/vocabulary.ts); only the display labels live here.
import { DEFAULT_CONTRACT, HOME_TYPES, NEED_DOMAINS, SETTING_OF_TYPE, TYPICAL_COST } from './vocabulary.js';

export { DEFAULT_CONTRACT, HOME_TYPES, NEED_DOMAINS, TYPICAL_COST };

const DOMAIN_LABELS = {
  emotional_wellbeing: 'Emotional wellbeing',
  behaviour: 'Behaviour',
  risk_outside_home: 'Risk outside home',
  self_harm: 'Self-harm',
  learning: 'Learning',
  health_disability: 'Health and disability',
  communication_neurodiversity: 'Communication and neurodiversity',
  family_relationships: 'Family relationships',
  identity_culture: 'Identity and culture',
  independence: 'Independence',
};

/** Short labels for the radar chart's axes. */
const DOMAIN_SHORT = {
  emotional_wellbeing: 'Emotional',
  behaviour: 'Behaviour',
  risk_outside_home: 'Risk outside',
  self_harm: 'Self-harm',
  learning: 'Learning',
  health_disability: 'Health',
  communication_neurodiversity: 'Communication',
  family_relationships: 'Family',
  identity_culture: 'Identity',
  independence: 'Independence',
};

const TYPE_LABELS = {
  connected_person_foster: 'Connected-person foster carer',
  council_foster: 'Council foster carer',
  ifa_foster: 'IFA foster carer',
  council_childrens_home: "Council children's home",
  external_childrens_home: "External children's home",
  supported_shared: 'Supported: shared',
  supported_single: 'Supported: single',
  supported_lodgings: 'Supported lodgings',
  supported_247: 'Supported: 24/7 staffed',
  residential_special_school: 'Residential special school',
  secure: 'Secure home',
};

const FACTOR_LABELS = {
  kinship: 'Kinship / connected person',
  distance: 'Distance from home',
  own_authority: 'Within own authority',
  education: 'Education continuity',
  siblings: 'Siblings together',
  needs_fit: 'Needs fit',
  disability: 'Disability suitability',
  cost: 'Cost',
  culture: 'Culture, language, religion',
  wishes: "Child's wishes",
  stability: 'Stability',
};

const RULE_LABELS = {
  registration: 'Registered setting',
  supported_under_16: 'Supported accommodation 16+ only',
  ofsted_inadequate: 'Ofsted not Inadequate',
  free_places: 'Free places',
  age_sex_registration: 'Age and sex registration',
  adaptations: 'Adaptations',
  emergency: 'Takes emergencies',
  avoid_area: 'Outside areas to avoid',
  resident_compatibility: 'Compatible with residents',
  needs_gap: 'No needs gap of 2+',
  care_plan_setting: 'Care-plan setting',
};

const APPROVER_LABELS = {
  nominated_officer: 'Nominated officer',
  director_of_childrens_services: "Director of Children's Services",
  host_authority_notified: 'Notify host authority',
};

const RELAX_LABELS = {
  non_emergency_homes: 'Include homes that do not take emergencies',
  wider_radius: 'Search a wider radius',
  out_of_area: 'Search out of area',
  wider_radius_out_of_area: 'Search a wider radius, out of area too',
  other_setting: 'Consider another setting',
  needs_gap_override: 'Override a needs gap',
  ofsted_override: 'Override an Inadequate Ofsted judgement',
};

/** Turn a snake_case id into words when no label is known. */
export function humanise(id) {
  const s = String(id ?? '').replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const domainLabel = (d) => DOMAIN_LABELS[d] ?? humanise(d);
export const domainShort = (d) => DOMAIN_SHORT[d] ?? humanise(d);
export const typeLabel = (t) => TYPE_LABELS[t] ?? humanise(t);
export const factorLabel = (f) => FACTOR_LABELS[f] ?? humanise(f);
export const ruleLabel = (r) => RULE_LABELS[r] ?? humanise(r);
export const approverLabel = (a) => APPROVER_LABELS[a] ?? humanise(a);
export const relaxLabel = (r) => RELAX_LABELS[r] ?? humanise(r);

const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP', maximumFractionDigits: 0 });
const num1 = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const num0 = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** £ with thousands separators, no pence; "–" for missing. */
export function money(v) {
  return typeof v === 'number' && Number.isFinite(v) ? gbp.format(v) : '–';
}

/** £ in thousands for chart axes: "£220k", "£1.2m". */
export function moneyShort(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  if (a >= 1e6) return `£${num1.format(v / 1e6)}m`;
  if (a >= 1e3) return `£${num0.format(v / 1e3)}k`;
  return gbp.format(v);
}

/** Kilometres to one decimal, with miles. */
export function km(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '–';
  return `${num1.format(v)} km (${num1.format(v / 1.609344)} mi)`;
}

export function fixed(v, digits = 1) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '–';
  return new Intl.NumberFormat('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(v);
}

export function pct(v, digits = 1) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '–';
  return `${fixed(v * 100, digits)}%`;
}

/** The setting a home type provides (src/domain/home.ts settingOf, via the vocabulary); 'residential' when unknown. */
export function settingOfType(type) {
  return SETTING_OF_TYPE[type] ?? 'residential';
}
