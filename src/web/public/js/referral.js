// The referral form <-> a MatchRequest, and server problems -> form fields. Pure: no DOM.
import { NEED_DOMAINS } from './format.js';

/** Keys of the JSON box that belong to the request, not the child. */
export const REQUEST_KEYS = ['overrides', 'top', 'asOf', 'policy', 'homes'];

/** Child fields the form edits directly (JSON-box keys with these names override the form). */
export const FORM_CHILD_KEYS = ['id', 'dateOfBirth', 'sex', 'legalStatus', 'placingAuthority', 'homeLocation', 'school', 'urgency', 'carePlanSetting', 'needs'];

/** Fields a sibling inherits from the form's child unless the JSON gives its own. */
const INHERITED = ['legalStatus', 'placingAuthority', 'homeLocation', 'urgency', 'carePlanSetting'];

const DISTRICT_RE = /^[A-Z]{1,2}[0-9][A-Z0-9]?$/;

/**
 * Text in a postcode box to a Location: a district ("CV2") or a full postcode ("CV2 4AA"); undefined if blank.
 * @example locationFromText(' cv2 ') // { district: 'CV2' }
 */
export function locationFromText(text) {
  const t = String(text ?? '').trim().toUpperCase();
  if (!t) return undefined;
  const compact = t.replace(/\s+/g, '');
  if (DISTRICT_RE.test(compact)) return { district: compact };
  return { postcode: t.replace(/\s+/g, ' ') };
}

/** A Location back to the text the form shows; null when it is coordinates (kept in the JSON box). */
export function locationText(loc) {
  if (!loc) return '';
  if (typeof loc.postcode === 'string') return loc.postcode;
  if (typeof loc.district === 'string') return loc.district;
  return null;
}

/**
 * Build the POST /v1/match body from the form values and the JSON box.
 * Blank form fields are left out so the server reports them as missing, at their path.
 * @returns {{ok: true, request: object, kind: 'child'|'siblingGroup', extraKeys: string[]} | {ok: false, problems: {field: string, message: string}[]}}
 * @example buildRequest({ id: 'C-1', dateOfBirth: '2012-01-01', sex: 'male', needs: {} }, '')
 */
export function buildRequest(form, extraText) {
  let extra = {};
  const text = String(extraText ?? '').trim();
  if (text) {
    try {
      extra = JSON.parse(text);
    } catch (e) {
      return { ok: false, problems: [{ field: 'extra', message: `Other details: not valid JSON (${e.message})` }] };
    }
    if (extra === null || typeof extra !== 'object' || Array.isArray(extra)) {
      return { ok: false, problems: [{ field: 'extra', message: 'Other details: must be a JSON object such as {"riskFlags": []}' }] };
    }
  }
  const { siblings, siblingGroupId, ...rest } = extra;
  if (siblings !== undefined && !Array.isArray(siblings)) {
    return { ok: false, problems: [{ field: 'extra', message: 'Other details: "siblings" must be a list of children' }] };
  }
  const requestPart = {};
  const childExtra = {};
  for (const [k, v] of Object.entries(rest)) (REQUEST_KEYS.includes(k) ? requestPart : childExtra)[k] = v;

  const child = {};
  const put = (k, v) => {
    if (v !== undefined && v !== '') child[k] = v;
  };
  put('id', String(form.id ?? '').trim());
  put('dateOfBirth', form.dateOfBirth);
  put('sex', form.sex);
  put('legalStatus', form.legalStatus);
  put('placingAuthority', form.placingAuthority);
  put('homeLocation', locationFromText(form.home));
  const school = locationFromText(form.school);
  if (school) child.school = { location: school };
  put('urgency', form.urgency);
  put('carePlanSetting', form.carePlanSetting);
  const needs = {};
  for (const d of NEED_DOMAINS) {
    const v = Number(form.needs?.[d] ?? 0);
    if (v > 0) needs[d] = v;
  }
  child.needs = needs;
  const extraKeys = Object.keys(childExtra);
  for (const [k, v] of Object.entries(childExtra)) {
    if (k === 'needs' && v && typeof v === 'object' && !Array.isArray(v)) child.needs = { ...needs, ...v };
    else child[k] = v;
  }

  if (siblings && siblings.length > 0) {
    const gid = typeof siblingGroupId === 'string' && siblingGroupId ? siblingGroupId : `SG-${child.id ?? 'new'}`;
    const inherited = {};
    for (const k of INHERITED) if (child[k] !== undefined) inherited[k] = child[k];
    const children = [{ ...child, siblingGroupId: gid }, ...siblings.map((s) => ({ ...inherited, siblingGroupId: gid, ...(s ?? {}) }))];
    return { ok: true, kind: 'siblingGroup', extraKeys, request: { siblingGroup: { id: gid, children }, ...requestPart } };
  }
  return { ok: true, kind: 'child', extraKeys, request: { child, ...requestPart } };
}

/**
 * Which form field a server problem belongs to: 'id', 'dateOfBirth', …, 'needs.behaviour', 'needs', 'extra',
 * or null for problems about the request as a whole. Problems about siblings (children after the first),
 * request options, or fields the JSON box supplied go to 'extra'.
 * @example fieldForPath(['child', 'homeLocation', 'postcode'], { extraKeys: [] }) // 'homeLocation'
 */
export function fieldForPath(path, ctx = {}) {
  const p = Array.isArray(path) ? path : [];
  if (p.length === 0) return null;
  let rest;
  if (p[0] === 'child') rest = p.slice(1);
  else if (p[0] === 'siblingGroup' && p[1] === 'children' && (p[2] === 0 || p[2] === '0')) rest = p.slice(3);
  else return 'extra';
  if (rest.length === 0) return ctx.kind === 'siblingGroup' ? 'extra' : null;
  const key = rest[0];
  if ((ctx.extraKeys ?? []).includes(key)) return 'extra';
  if (key === 'needs') return rest.length > 1 && NEED_DOMAINS.includes(String(rest[1])) ? `needs.${rest[1]}` : 'needs';
  return FORM_CHILD_KEYS.includes(key) ? key : 'extra';
}

/** A JSON path as text: `siblingGroup.children[1].sex`. */
export function formatPath(path) {
  let out = '';
  for (const seg of path ?? []) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : String(seg);
  return out || '(request)';
}

/** Child fields whose value is the schema default carry no information; the JSON box leaves them out. */
function isDefault(key, v) {
  if (key === 'uasc') return v === false;
  if (['disabilityRequirements', 'riskFlags', 'connectedPersons', 'languages'].includes(key)) return Array.isArray(v) && v.length === 0;
  if (key === 'wishes') return v && typeof v === 'object' && Object.keys(v).every((k) => k === 'preferredAreas') && (v.preferredAreas ?? []).length === 0;
  if (key === 'avoidAreas') return v && typeof v === 'object' && Object.keys(v).every((k) => k === 'districts' || k === 'polygons') && (v.districts ?? []).length === 0 && (v.polygons ?? []).length === 0;
  return false;
}

/**
 * A pasted referral (a child, `{child}`, `{siblingGroup}` or a whole match request) to form values and
 * the JSON-box text for everything the form does not show.
 * @example referralToForm({ child: { id: 'C-1', sex: 'male', riskFlags: ['self_harm'] } }).extraText
 */
export function referralToForm(json) {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new Error('referralToForm: expected a JSON object');
  const extra = {};
  for (const k of REQUEST_KEYS) if (json[k] !== undefined) extra[k] = json[k];
  let first;
  if (json.siblingGroup) {
    const kids = Array.isArray(json.siblingGroup.children) ? json.siblingGroup.children : [];
    if (kids.length === 0) throw new Error('referralToForm: siblingGroup.children is empty');
    first = { ...kids[0] };
    delete first.siblingGroupId;
    extra.siblingGroupId = json.siblingGroup.id;
    extra.siblings = kids.slice(1);
  } else if (json.child) first = { ...json.child };
  else first = Object.fromEntries(Object.entries(json).filter(([k]) => !REQUEST_KEYS.includes(k)));

  const home = locationText(first.homeLocation);
  const school = locationText(first.school?.location);
  const form = {
    id: first.id ?? '',
    dateOfBirth: first.dateOfBirth ?? '',
    sex: first.sex ?? '',
    legalStatus: first.legalStatus ?? 'care_order',
    placingAuthority: first.placingAuthority ?? '',
    home: home ?? '',
    school: school ?? '',
    urgency: first.urgency ?? 'planned',
    carePlanSetting: first.carePlanSetting ?? 'any',
    needs: Object.fromEntries(NEED_DOMAINS.map((d) => [d, Number(first.needs?.[d] ?? 0)])),
  };
  const childExtra = {};
  for (const [k, v] of Object.entries(first)) {
    if (isDefault(k, v)) continue;
    if (k === 'homeLocation' && home === null) childExtra[k] = v;
    else if (k === 'school' && (school === null || Object.keys(v ?? {}).some((kk) => kk !== 'location'))) childExtra[k] = v;
    else if (k === 'needs') {
      const other = Object.fromEntries(Object.entries(v ?? {}).filter(([d]) => !NEED_DOMAINS.includes(d)));
      if (Object.keys(other).length) childExtra.needs = other;
    } else if (!FORM_CHILD_KEYS.includes(k)) childExtra[k] = v;
  }
  const all = { ...childExtra, ...extra };
  return { form, extraText: Object.keys(all).length ? JSON.stringify(all, null, 2) : '' };
}

/**
 * Whether recording a choice of this candidate needs a "not reasonably practicable" reason: it is not the
 * top-ranked home, or a hard rule was overridden to let it through.
 * @example needsOverrideReason({ rank: 2, approvals: [], explanation: { rules: [] } }) // true
 */
export function needsOverrideReason(candidate) {
  if (!candidate) return false;
  if (candidate.rank !== 1) return true;
  return (candidate.explanation?.rules ?? []).some((r) => r.overridden);
}

/**
 * Whether the choice needs a named approver: an approval by the nominated officer or the Director
 * (reg 10, reg 11), or an overridden rule. Notifying the host authority (reg 13) needs none.
 * @example needsApprover({ rank: 1, approvals: [{ approver: 'nominated_officer' }], explanation: { rules: [] } }) // true
 */
export function needsApprover(candidate) {
  if (!candidate) return false;
  if ((candidate.explanation?.rules ?? []).some((r) => r.overridden)) return true;
  return (candidate.approvals ?? []).some((a) => a.approver !== 'host_authority_notified');
}
