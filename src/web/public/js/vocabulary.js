// Generated from the zod schemas in src/domain by src/web/vocabulary.ts; do not edit.
// The server serves this module live at /web/js/vocabulary.js; this copy lets node tests import the page.
// Regenerate: npx vite-node src/web/write-vocabulary.ts (tests/web-vocabulary.test.ts checks it).

export const NEED_DOMAINS = Object.freeze([
  "emotional_wellbeing",
  "behaviour",
  "risk_outside_home",
  "self_harm",
  "learning",
  "health_disability",
  "communication_neurodiversity",
  "family_relationships",
  "identity_culture",
  "independence"
]);

export const HOME_TYPES = Object.freeze([
  "connected_person_foster",
  "council_foster",
  "ifa_foster",
  "council_childrens_home",
  "external_childrens_home",
  "supported_shared",
  "supported_single",
  "supported_lodgings",
  "supported_247",
  "residential_special_school",
  "secure"
]);

export const SETTINGS = Object.freeze([
  "fostering",
  "residential",
  "supported"
]);

export const SETTING_OF_TYPE = Object.freeze({
  "connected_person_foster": "fostering",
  "council_foster": "fostering",
  "ifa_foster": "fostering",
  "council_childrens_home": "residential",
  "external_childrens_home": "residential",
  "supported_shared": "supported",
  "supported_single": "supported",
  "supported_lodgings": "supported",
  "supported_247": "supported",
  "residential_special_school": "residential",
  "secure": "residential"
});

export const CONTRACTS = Object.freeze([
  "council_run",
  "block",
  "framework",
  "spot"
]);

export const DEFAULT_CONTRACT = Object.freeze({
  "connected_person_foster": "council_run",
  "council_foster": "council_run",
  "ifa_foster": "framework",
  "council_childrens_home": "council_run",
  "external_childrens_home": "spot",
  "supported_shared": "framework",
  "supported_single": "framework",
  "supported_lodgings": "framework",
  "supported_247": "framework",
  "residential_special_school": "spot",
  "secure": "spot"
});

export const TYPICAL_COST = Object.freeze({
  "connected_person_foster": 16960,
  "council_foster": 23993,
  "ifa_foster": 50326,
  "council_childrens_home": 219985,
  "external_childrens_home": 275748,
  "supported_shared": 52000,
  "supported_single": 60000,
  "supported_lodgings": 26000,
  "supported_247": 150000,
  "residential_special_school": 290000,
  "secure": 420000
});

export const SEXES = Object.freeze([
  "female",
  "male"
]);

export const LEGAL_STATUSES = Object.freeze([
  "s20",
  "care_order",
  "interim_care_order",
  "remand",
  "police_protection"
]);

export const URGENCIES = Object.freeze([
  "planned",
  "within_5_days",
  "same_day"
]);

export const CARE_PLAN_SETTINGS = Object.freeze([
  "fostering",
  "residential",
  "supported",
  "any"
]);

export const ADAPTATIONS = Object.freeze([
  "wheelchair_access",
  "hoist",
  "adapted_bathroom",
  "sensory_adaptations",
  "ground_floor_bedroom",
  "ceiling_track",
  "secure_outdoor_space"
]);

export const RISK_FLAGS = Object.freeze([
  "risk_to_younger_children",
  "sexually_harmful_behaviour",
  "violence_to_others",
  "vulnerable_to_exploitation",
  "exploitation_risk_to_others",
  "missing_episodes",
  "fire_setting",
  "substance_misuse",
  "self_harm",
  "pet_allergy"
]);

export const OFSTED_RATINGS = Object.freeze([
  "outstanding",
  "good",
  "requires_improvement",
  "inadequate",
  "not_yet_inspected"
]);
