// The home-finding view: referral form -> POST /v1/match -> map, ranked list, explanation, decision.
import { ApiError, errorMessage } from './api.js';
import { barSvg, radarSvg } from './charts.js';
import { $, clear, h, svgNode } from './dom.js';
import {
  approverLabel,
  domainLabel,
  domainShort,
  factorLabel,
  fixed,
  km,
  money,
  NEED_DOMAINS,
  relaxLabel,
  ruleLabel,
  typeLabel,
} from './format.js';
import { MapView, rankClass, spiralOffset } from './map.js';
import { buildRequest, fieldForPath, formatPath, needsApprover, needsOverrideReason, referralToForm } from './referral.js';

/** Form field name -> the control that shows its error. */
const FIELD_CONTROL = {
  id: 'f-id',
  dateOfBirth: 'f-dob',
  sex: 'f-sex',
  legalStatus: 'f-legal',
  placingAuthority: 'f-authority',
  homeLocation: 'f-home',
  school: 'f-school',
  urgency: 'f-urgency',
  carePlanSetting: 'f-setting',
  needs: 'f-needs',
  extra: 'f-extra',
};
const FIELD_LABEL = {
  id: 'Child id',
  dateOfBirth: 'Date of birth',
  sex: 'Sex',
  legalStatus: 'Legal status',
  placingAuthority: 'Placing authority',
  homeLocation: 'Home postcode or district',
  school: 'School district',
  urgency: 'Urgency',
  carePlanSetting: 'Care-plan setting',
  needs: 'Needs profile',
  extra: 'Other details (JSON)',
};

const LEVEL_WORDS = ['none', 'low', 'moderate', 'high', 'very high'];

/** A problem's message for a person: a missing value reads "Required." rather than zod's wording. */
function plainMessage(p) {
  if (p.code === 'invalid_type' && /received undefined/.test(p.message)) return 'Required.';
  return p.message;
}

/** A built-in example referral (pseudonymous; demo geography). */
export const SAMPLE_REFERRAL = {
  child: {
    id: 'C-DEMO-0001',
    dateOfBirth: '2013-06-14',
    sex: 'female',
    legalStatus: 'care_order',
    placingAuthority: 'E08000026',
    homeLocation: { district: 'CV2' },
    school: { location: { district: 'CV3' } },
    urgency: 'planned',
    carePlanSetting: 'fostering',
    needs: { emotional_wellbeing: 2, behaviour: 1, learning: 2, family_relationships: 2 },
  },
};

/**
 * Wire the home-finding view. `ctx`: { api, places, onSameDay(bool) }.
 * @example initMatchView({ api, places })
 */
export function initMatchView(ctx) {
  const { api, places } = ctx;
  const form = $('#referral-form');
  const state = { response: null, request: null, kind: 'child', extraKeys: [], selected: null, homes: new Map(), ineligibleShown: 100, zoom: true };

  // ---------- form controls ----------
  const authSel = $('#f-authority');
  authSel.append(h('option', { value: '', text: 'Choose…' }));
  for (const a of places.regionAuthorities()) authSel.append(h('option', { value: a.code, text: `${a.name.replace(/, County of$/, '')} (${a.code})` }));
  const dl = $('#district-list');
  for (const d of places.districts) dl.append(h('option', { value: d.district, label: `${d.district} · ${d.authorityName}` }));

  const sliders = $('#needs-sliders');
  for (const d of NEED_DOMAINS) {
    const id = `f-need-${d}`;
    const out = h('output', { for: id, id: `${id}-out`, class: 'level', text: '0' });
    const input = h('input', { type: 'range', id, name: `needs.${d}`, min: 0, max: 4, step: 1, value: 0, 'aria-valuetext': '0 none' });
    input.addEventListener('input', () => {
      out.textContent = input.value;
      input.setAttribute('aria-valuetext', `${input.value} ${LEVEL_WORDS[Number(input.value)]}`);
    });
    sliders.append(h('div', { class: 'need-row' }, h('label', { for: id, text: domainLabel(d) }), input, out));
  }

  const readForm = () => ({
    id: $('#f-id').value,
    dateOfBirth: $('#f-dob').value,
    sex: $('#f-sex').value,
    legalStatus: $('#f-legal').value,
    placingAuthority: authSel.value,
    home: $('#f-home').value,
    school: $('#f-school').value,
    urgency: $('#f-urgency').value,
    carePlanSetting: $('#f-setting').value,
    needs: Object.fromEntries(NEED_DOMAINS.map((d) => [d, Number($(`#f-need-${d}`).value)])),
  });

  const writeForm = (v, extraText) => {
    $('#f-id').value = v.id ?? '';
    $('#f-dob').value = v.dateOfBirth ?? '';
    $('#f-sex').value = v.sex ?? '';
    $('#f-legal').value = v.legalStatus ?? 'care_order';
    if (v.placingAuthority && ![...authSel.options].some((o) => o.value === v.placingAuthority)) {
      authSel.append(h('option', { value: v.placingAuthority, text: `${places.authorityName(v.placingAuthority)} (${v.placingAuthority})` }));
    }
    authSel.value = v.placingAuthority ?? '';
    $('#f-home').value = v.home ?? '';
    $('#f-school').value = v.school ?? '';
    $('#f-urgency').value = v.urgency ?? 'planned';
    $('#f-setting').value = v.carePlanSetting ?? 'any';
    for (const d of NEED_DOMAINS) {
      const input = $(`#f-need-${d}`);
      input.value = String(v.needs?.[d] ?? 0);
      input.dispatchEvent(new Event('input'));
    }
    $('#f-extra').value = extraText ?? '';
    clearErrors();
    updateUrgencyLook();
  };

  const fillFrom = (json) => {
    const { form: values, extraText } = referralToForm(json);
    writeForm(values, extraText);
  };
  $('#load-demo-child').addEventListener('click', () => {
    fillFrom(SAMPLE_REFERRAL);
    setStatus(`Loaded the example referral (${SAMPLE_REFERRAL.child.id}).`);
    $('#f-id').focus();
  });

  // Paste dialog
  const dialog = $('#paste-dialog');
  $('#paste-referral').addEventListener('click', () => {
    $('#paste-error').hidden = true;
    dialog.showModal();
    $('#paste-text').focus();
  });
  $('#paste-form').addEventListener('submit', (ev) => {
    if (ev.submitter?.value !== 'fill') return;
    try {
      fillFrom(JSON.parse($('#paste-text').value));
    } catch (e) {
      ev.preventDefault();
      const err = $('#paste-error');
      err.textContent = `Cannot use this referral: ${e.message}`;
      err.hidden = false;
      $('#paste-text').setAttribute('aria-invalid', 'true');
      $('#paste-text').focus();
    }
  });

  const urgencySel = $('#f-urgency');
  const updateUrgencyLook = () => ctx.onSameDay?.(urgencySel.value === 'same_day' || state.response?.mode === 'same_day');
  urgencySel.addEventListener('change', updateUrgencyLook);
  fillFrom(SAMPLE_REFERRAL);

  // ---------- errors ----------
  function clearErrors() {
    for (const el of form.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
    for (const el of form.querySelectorAll('.field-error')) {
      el.hidden = true;
      el.textContent = '';
    }
    for (const el of form.querySelectorAll('.field.has-error, fieldset.has-error')) el.classList.remove('has-error');
    $('#error-summary').hidden = true;
    clear($('#error-summary-list'));
  }

  /** Show problems [{field, message, path?}] next to their fields and in the summary; focus the summary. */
  function showProblems(problems) {
    clearErrors();
    const list = $('#error-summary-list');
    const byField = new Map();
    for (const p of problems) {
      const key = p.field ?? '_form';
      if (!byField.has(key)) byField.set(key, []);
      byField.get(key).push(p);
    }
    for (const [field, ps] of byField) {
      const base = field.startsWith('needs.') ? 'needs' : field;
      const controlId = FIELD_CONTROL[base];
      const text = ps.map((p) => (p.path && (base === 'extra' || base === '_form') ? `${formatPath(p.path)}: ${p.message}` : p.message)).join(' ');
      if (controlId) {
        const control = $(`#${controlId}`);
        const err = $(`#${controlId}-error`);
        err.textContent = text;
        err.hidden = false;
        control.closest('.field, fieldset')?.classList.add('has-error');
        if (field.startsWith('needs.')) $(`#f-need-${field.slice(6)}`)?.setAttribute('aria-invalid', 'true');
        else control.setAttribute('aria-invalid', 'true');
        const describedBy = new Set((control.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean));
        describedBy.add(err.id);
        control.setAttribute('aria-describedby', [...describedBy].join(' '));
        const focusId = field.startsWith('needs.') ? `f-need-${field.slice(6)}` : controlId === 'f-needs' ? `f-need-${NEED_DOMAINS[0]}` : controlId;
        list.append(h('li', {}, h('a', { href: `#${focusId}`, onclick: (ev) => { ev.preventDefault(); $(`#${focusId}`)?.focus(); } , text: `${FIELD_LABEL[base] ?? base}: ${text}` })));
      } else {
        list.append(h('li', { text: text }));
      }
    }
    const summary = $('#error-summary');
    summary.hidden = false;
    summary.focus();
  }

  // ---------- submit ----------
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors();
    const built = buildRequest(readForm(), $('#f-extra').value);
    if (!built.ok) {
      showProblems(built.problems);
      return;
    }
    state.kind = built.kind;
    state.extraKeys = built.extraKeys;
    setStatus('Finding homes…');
    $('#find-homes').disabled = true;
    try {
      const res = await api.post('/v1/match', built.request);
      state.request = built.request;
      state.response = res;
      $('#results-stale').hidden = true;
      state.homes.clear();
      state.ineligibleShown = 100;
      $('#match-zoom').disabled = false;
      setStatus(`Found ${res.counts.eligible} eligible home${res.counts.eligible === 1 ? '' : 's'} of ${res.counts.homes}.`);
      renderResults();
    } catch (e) {
      $('#results-stale').hidden = !state.response;
      if (e instanceof ApiError && e.problems.length) {
        showProblems(e.problems.map((p) => ({ field: fieldForPath(p.path, state), message: plainMessage(p), path: p.path })));
        setStatus(`The service found ${e.problems.length} problem${e.problems.length === 1 ? '' : 's'} in the referral.`);
      } else {
        setStatus(errorMessage(e), true);
        if (e instanceof ApiError && e.status === 401) ctx.focusKey?.();
      }
    } finally {
      $('#find-homes').disabled = false;
    }
  });

  function setStatus(text, isError = false) {
    const s = $('#match-status');
    s.textContent = text;
    s.classList.toggle('error', isError);
  }

  // ---------- map ----------
  const map = new MapView($('#match-map'), { label: 'Map of the candidate homes, the child’s home and school', onSelect: (id) => select(id, true) });
  map.setBoundaries(places.region);
  map.render({ points: [] });
  const zoomBtn = $('#match-zoom');
  const showZoom = () => {
    zoomBtn.textContent = state.zoom ? 'Show the whole region' : 'Zoom to the child and top 10';
  };
  showZoom();
  zoomBtn.addEventListener('click', () => {
    state.zoom = !state.zoom;
    showZoom();
    renderMap();
  });

  const subjectChildren = () => (state.request?.child ? [state.request.child] : state.request?.siblingGroup?.children ?? []);

  function homePoint(c) {
    const rec = state.homes.get(c.homeId);
    const loc = rec?.location ? places.locate(rec.location) : null;
    if (loc) return { ...loc, exact: Number.isFinite(rec.location.lat) };
    const d = c.district ? places.locateDistrict(c.district) : null;
    if (d) return { lat: d.lat, lon: d.lon, exact: false };
    const a = places.authorityCentroid(c.authority);
    return a ? { lat: a.lat, lon: a.lon, exact: false } : null;
  }

  async function renderMap() {
    const res = state.response;
    if (!res) return;
    const points = [];
    const areas = [];
    for (const child of subjectChildren()) {
      const home = places.locate(child.homeLocation);
      if (home) points.push({ ...home, shape: 'house', cls: 'child-home', r: 7, z: 1.5, title: `Child ${child.id}: home (${child.homeLocation?.district ?? child.homeLocation?.postcode ?? 'coordinates'})` });
      const school = places.locate(child.school?.location);
      if (school) points.push({ ...school, shape: 'square', cls: 'school', r: 5.5, z: 1.5, title: `Child ${child.id}: school` });
      for (const d of child.avoidAreas?.districts ?? []) {
        const c = places.locateDistrict(d);
        if (c) areas.push({ lat: c.lat, lon: c.lon, km: 3, title: `Area to avoid: ${d}` });
      }
      for (const g of child.avoidAreas?.polygons ?? []) areas.push({ geometry: g, title: 'Area to avoid' });
    }
    const showIneligible = res.ineligible.length <= 600;
    if (showIneligible) {
      for (const c of res.ineligible) {
        const p = homePoint(c);
        if (p) points.push({ ...p, id: c.homeId, jitter: 7, r: 2.5, cls: 'ineligible', z: 0, title: `${c.homeId}: ruled out (${c.brokenRules.map((r) => ruleLabel(r.id)).join(', ')})` });
      }
    }
    // Homes sharing a district centroid fan out in rank order around it (the child's home stays visible).
    const seen = new Map();
    for (const c of res.ranked) {
      const p = homePoint(c);
      if (!p) continue;
      const key = `${p.lat.toFixed(4)},${p.lon.toFixed(4)}`;
      const i = seen.get(key) ?? 0;
      seen.set(key, i + 1);
      points.push({
        ...p,
        id: c.homeId,
        offset: spiralOffset(i + 1, c.rank <= 10 ? 12 : 7),
        r: c.rank <= 10 ? 7.5 : 4.5,
        label: c.rank <= 10 ? String(c.rank) : '',
        cls: rankClass(c.rank),
        z: 2 + (1000 - Math.min(c.rank, 999)) / 1000,
        selected: c.homeId === state.selected,
        title: `#${c.rank} ${c.homeId}: ${typeLabel(c.type)}, ${km(c.distanceKm)}, score ${fixed(c.explanation.total)}`,
      });
    }
    if (map.outside(points)) {
      try {
        map.setContext(await places.ensureEngland());
      } catch {
        /* the region alone still draws */
      }
    }
    const placing = subjectChildren()[0]?.placingAuthority;
    const focus = state.zoom ? points.filter((p) => p.cls === 'child-home' || p.cls === 'school' || /rank-[1-4]/.test(p.cls ?? '') || p.selected) : null;
    map.render({ points, areas, highlight: placing, focus });
    renderLegend(showIneligible, areas.length > 0);
  }

  function renderLegend(showIneligible, hasAreas) {
    const lg = clear($('#match-legend'));
    const item = (cls, text, shape = 'circle') =>
      h('span', { class: 'legend-item' }, svgNode(`<svg class="legend-swatch" viewBox="0 0 16 16" aria-hidden="true" xmlns="http://www.w3.org/2000/svg"><g class="marker ${cls}">${
        shape === 'house' ? '<path d="M3,14V7L8,2L13,7V14Z"/>' : shape === 'square' ? '<rect x="3" y="3" width="10" height="10"/>' : shape === 'area' ? '<circle class="avoid" cx="8" cy="8" r="6"/>' : '<circle cx="8" cy="8" r="6"/>'
      }</g></svg>`), text);
    const items = [
      item('child-home', 'Child’s home', 'house'),
      item('school', 'School', 'square'),
      item('rank-1', 'Rank 1'),
      item('rank-2', 'Rank 2–3'),
      item('rank-3', 'Rank 4–5'),
      item('rank-4', 'Rank 6–10'),
      item('rank-5', 'Rank 11+'),
      showIneligible ? item('ineligible', 'Ruled out') : null,
      hasAreas ? item('', 'Area to avoid', 'area') : null,
    ];
    lg.append(...items.filter(Boolean));
    lg.append(h('p', { class: 'hint', text: 'Homes are plotted at their postcode district’s centroid, spread slightly so they do not overlap.' }));
  }

  // ---------- results ----------
  function renderResults() {
    const res = state.response;
    const sameDay = res.mode === 'same_day';
    ctx.onSameDay?.(sameDay, sameDay && res.ranked.length === 0 ? 'No emergency home is eligible: see the fallback ladder.' : '');
    $('#results-meta').textContent = `${res.counts.homes} homes checked · ${res.counts.eligible} eligible · ${res.counts.ineligible} ruled out · ${
      res.subject.kind === 'siblingGroup' ? `sibling group ${res.subject.id} (${res.subject.childIds.length} children) · ` : ''
    }policy ${res.policyVersion} · registry ${res.registryVersion} · ages on ${res.asOf} · request ${res.requestId}`;

    // Relaxation ladder
    const rx = clear($('#relaxations'));
    rx.hidden = !(res.relaxations.length > 0 && (res.ranked.length === 0 || sameDay));
    if (!rx.hidden) {
      rx.className = 'relaxations';
      rx.append(
        h('h3', { text: res.ranked.length === 0 ? 'No eligible home: the fallback ladder' : 'Fallback ladder' }),
        h('p', { class: 'hint', text: 'Each step relaxes one search limit; the first step that finds a home is the least relaxation.' }),
        h(
          'ol',
          { class: 'ladder' },
          res.relaxations.map((r) =>
            h(
              'li',
              { class: r.eligibleHomes > 0 ? 'finds' : 'none' },
              h('strong', { text: relaxLabel(r.relax) }),
              ` — ${r.eligibleHomes} eligible home${r.eligibleHomes === 1 ? '' : 's'}${r.bestHomeId ? `, best ${r.bestHomeId}` : ''}. `,
              h('span', { class: 'sentence', text: r.sentence }),
            ),
          ),
        ),
      );
    }

    // Ranked list
    const list = clear($('#ranked-list'));
    if (res.ranked.length === 0) list.append(h('li', { class: 'empty', text: sameDay ? 'No emergency home is eligible.' : 'No eligible home.' }));
    for (const c of res.ranked) {
      const approvals = c.approvals.filter((a) => a.approver !== 'host_authority_notified').length;
      list.append(
        h(
          'li',
          {},
          h(
            'button',
            { type: 'button', class: 'rank-item', 'data-home': c.homeId, 'aria-pressed': 'false', onclick: () => select(c.homeId, false) },
            h('span', { class: `rank-badge ${rankClass(c.rank)}`, 'aria-label': `Rank ${c.rank}`, text: String(c.rank) }),
            h(
              'span',
              { class: 'rank-main' },
              h('span', { class: 'rank-title' }, h('strong', { text: c.homeId }), ` ${typeLabel(c.type)}`),
              h('span', { class: 'rank-sub', text: `${places.authorityName(c.authority)}${c.district ? ` · ${c.district}` : ''} · ${km(c.distanceKm)} · ${money(c.annualCost)}/yr` }),
            ),
            h(
              'span',
              { class: 'rank-score' },
              h('span', { class: 'score', text: fixed(c.explanation.total) }),
              approvals ? h('span', { class: 'chip warn', text: `${approvals} approval${approvals === 1 ? '' : 's'}` }) : null,
            ),
          ),
        ),
      );
    }

    // Split plans
    const sp = clear($('#split-plans'));
    if (res.splitPlans.length) {
      sp.append(
        h('h3', { text: 'Split plans (siblings in different homes)' }),
        h(
          'ol',
          { class: 'split-list' },
          res.splitPlans.map((p, i) =>
            h(
              'li',
              {},
              h('span', { text: `Total ${fixed(p.total)}: ` }),
              p.assignments.map((a) => `${a.childId} → ${a.homeId}`).join(', '),
              ` (homes up to ${km(p.maxDistanceBetweenHomesKm)} apart) `,
              h('button', { type: 'button', class: 'small', text: 'Decide on this plan', 'aria-label': `Decide on split plan ${i + 1}`, onclick: () => chooseSplit(p) }),
              h('p', { class: 'sentence', text: p.sentence }),
            ),
          ),
        ),
      );
    }

    renderIneligible();
    const first = res.ranked[0]?.homeId ?? null;
    state.selected = null;
    if (first) select(first, false, false);
    else {
      $('#detail').hidden = true;
      renderMap();
    }
  }

  function renderIneligible() {
    const res = state.response;
    const det = $('#ineligible');
    det.hidden = res.ineligible.length === 0 && res.counts.ineligible === 0;
    $('#ineligible-summary').textContent = `${res.counts.ineligible} home${res.counts.ineligible === 1 ? '' : 's'} ruled out, with the reasons`;
    const groups = clear($('#ineligible-groups'));
    const summary = res.ineligibleSummary ?? [];
    if (summary.length) {
      const table = h(
        'table',
        { class: 'inel-groups' },
        h('caption', { class: 'hint', text: 'Every ruled-out home, by the rules it breaks' }),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'Rules broken' }), h('th', { scope: 'col', class: 'num', text: 'Homes' }))),
        h(
          'tbody',
          {},
          [...summary]
            .sort((a, b) => b.count - a.count)
            .slice(0, 12)
            .map((g) => h('tr', {}, h('td', { text: g.rules.map(ruleLabel).join(' + ') }), h('td', { class: 'num', text: String(g.count) }))),
        ),
      );
      groups.append(table);
      if (summary.length > 12) groups.append(h('p', { class: 'hint', text: `${summary.length - 12} rarer combinations not shown.` }));
    }
    $('#ineligible-nearest-heading').hidden = res.ineligible.length === 0;
    const ul = clear($('#ineligible-list'));
    for (const c of res.ineligible.slice(0, state.ineligibleShown)) {
      ul.append(
        h(
          'li',
          {},
          h('div', { class: 'inel-head' }, h('strong', { text: c.homeId }), ` ${typeLabel(c.type)} · ${places.authorityName(c.authority)} · ${km(c.distanceKm)} · ${money(c.annualCost)}/yr`),
          h(
            'ul',
            { class: 'broken' },
            c.brokenRules.map((r) => h('li', {}, h('span', { class: 'rule-id', text: `${ruleLabel(r.id)}: ` }), r.sentence)),
          ),
          c.counterfactual ? h('p', { class: 'counterfactual' }, h('strong', { text: 'Would qualify: ' }), c.counterfactual) : null,
        ),
      );
    }
    if (res.ineligible.length > state.ineligibleShown) {
      ul.append(
        h('li', { class: 'more' }, h('button', { type: 'button', text: `Show ${Math.min(100, res.ineligible.length - state.ineligibleShown)} more`, onclick: () => { state.ineligibleShown += 100; renderIneligible(); } })),
      );
    }
  }

  function chooseSplit(plan) {
    $('#detail').hidden = false;
    prepareDecision({ kind: 'split', plan });
    $('#d-by').focus();
  }

  // ---------- selection and detail ----------
  async function select(homeId, fromMap, focusDetail = fromMap) {
    const res = state.response;
    const c = res?.ranked.find((x) => x.homeId === homeId);
    if (!c) {
      const inel = res?.ineligible.find((x) => x.homeId === homeId);
      if (inel) {
        const det = $('#ineligible');
        det.open = true;
        setStatus(`${homeId} is ruled out: ${inel.brokenRules.map((r) => ruleLabel(r.id)).join(', ')}.`);
      }
      return;
    }
    state.selected = homeId;
    for (const b of document.querySelectorAll('.rank-item')) b.setAttribute('aria-pressed', String(b.dataset.home === homeId));
    renderDetail(c);
    renderMap();
    if (focusDetail) $('#detail-heading').focus?.();
    if (!state.homes.has(homeId)) {
      try {
        const rec = await api.get(`/v1/homes/${encodeURIComponent(homeId)}`);
        state.homes.set(homeId, rec?.home ?? rec);
        if (state.selected === homeId) {
          renderRadar(c);
          renderMap();
        }
      } catch {
        state.homes.set(homeId, null);
        if (state.selected === homeId) renderRadar(c);
      }
    }
  }

  function renderDetail(c) {
    const det = $('#detail');
    det.hidden = false;
    $('#detail-heading').textContent = `#${c.rank} ${c.homeId}`;
    $('#detail-heading').setAttribute('tabindex', '-1');
    const facts = clear($('#detail-facts'));
    const dl = h('dl', {});
    const row = (k, v) => dl.append(h('div', {}, h('dt', { text: k }), h('dd', { text: v })));
    row('Type', typeLabel(c.type));
    row('Provider', c.providerId);
    row('Authority', `${places.authorityName(c.authority)}${c.authority ? ` (${c.authority})` : ''}`);
    row('District', c.district ?? '–');
    row('Distance from home', km(c.distanceKm));
    row('Annual cost', money(c.annualCost));
    row('Score', `${fixed(c.explanation.total, 2)}`);
    facts.append(dl);

    // Factor bars: every factor, no-effect ones included, in the explanation's fixed order.
    const bars = clear($('#factor-bars'));
    const sum = c.explanation.factors.reduce((s, f) => s + f.impact, 0);
    bars.append(h('p', { class: 'total' }, h('strong', { text: `Total ${fixed(c.explanation.total, 2)}` }), ` = sum of the factors' impacts (${fixed(sum, 2)}); each bar is the factor's score 0–1, times its weight.`));
    const table = h('ul', { class: 'factor-list' });
    for (const f of c.explanation.factors) {
      table.append(
        h(
          'li',
          { class: f.impact === 0 ? 'factor none' : 'factor' },
          h('span', { class: 'f-label', text: factorLabel(f.id) }),
          svgNode(barSvg(f.score, f.weight === 0 ? 'off' : '', `${factorLabel(f.id)} score ${fixed(f.score, 2)}`)),
          h('span', { class: 'f-value', text: `${fixed(f.impact, 1)} / ${fixed(f.weight, 0)}` }),
          h('span', { class: 'f-sentence', text: f.sentence }),
        ),
      );
    }
    bars.append(table);

    const rl = clear($('#rule-list'));
    for (const r of c.explanation.rules) {
      rl.append(h('li', { class: r.overridden ? 'overridden' : r.passed ? 'passed' : 'failed' }, h('span', { class: 'rule-id', text: `${r.overridden ? 'Overridden' : r.passed ? 'Passed' : 'Failed'} · ${ruleLabel(r.id)}: ` }), r.sentence));
    }

    const ap = clear($('#approvals'));
    if (c.approvals.length === 0) ap.append(h('li', { class: 'none', text: 'No approvals needed.' }));
    for (const a of c.approvals) ap.append(h('li', {}, h('strong', { text: `${approverLabel(a.approver)} (${a.regulation.replace(/_/g, ' ')}): ` }), a.sentence));

    renderRadar(c);
    prepareDecision({ kind: 'home', candidate: c });
  }

  function renderRadar(c) {
    const children = subjectChildren();
    const needs = NEED_DOMAINS.map((d) => Math.max(0, ...children.map((ch) => Number(ch.needs?.[d] ?? 0))));
    const rec = state.homes.get(c.homeId);
    const series = [];
    let note = '';
    if (rec?.capability) series.push({ name: `Home ${c.homeId} capability`, values: NEED_DOMAINS.map((d) => Number(rec.capability[d] ?? 0)), cls: 'capability' });
    else note = rec === null ? 'The home’s capability profile is not available with this key.' : 'Loading the home’s capability profile…';
    series.push({ name: children.length > 1 ? 'Sibling group needs (highest of the children)' : `Child ${children[0]?.id ?? ''} needs`, values: needs, cls: 'needs' });
    const el = clear($('#radar'));
    el.append(svgNode(radarSvg({ axes: NEED_DOMAINS.map(domainShort), series, title: `Needs profile over home ${c.homeId}'s capability` })));
    el.append(
      h(
        'p',
        { class: 'legend' },
        rec?.capability ? h('span', { class: 'legend-item' }, h('span', { class: 'swatch capability' }), 'Home capability') : null,
        h('span', { class: 'legend-item' }, h('span', { class: 'swatch needs' }), children.length > 1 ? 'Group needs' : 'Child’s needs'),
        note ? h('span', { class: 'hint', text: ` ${note}` }) : null,
      ),
    );
    const gaps = rec?.capability ? NEED_DOMAINS.filter((d, i) => needs[i] > Number(rec.capability[d] ?? 0)) : [];
    if (gaps.length) el.append(h('p', { class: 'gap-note', text: `Unmet need in: ${gaps.map(domainLabel).join(', ')}.` }));
  }

  // ---------- decision ----------
  const decisionForm = $('#decision-form');
  const DECISION_IDS = { decidedBy: 'd-by', reason: 'd-reason', approver: 'd-approver', approverRole: 'd-approver-role', notes: 'd-notes' };

  /** The choice being decided: a ranked home, or a sibling group's split plan. */
  function prepareDecision(choice) {
    state.choice = choice;
    const c = choice.kind === 'home' ? choice.candidate : null;
    const reasonNeeded = c ? needsOverrideReason(c) : true;
    const approverNeeded = c ? needsApprover(c) : true;
    const what = c ? `${c.homeId} (rank ${c.rank})` : `the split plan ${choice.plan.assignments.map((a) => `${a.childId} → ${a.homeId}`).join(', ')}`;
    const overridden = c ? c.explanation.rules.filter((r) => r.overridden).map((r) => ruleLabel(r.id)) : [];
    const why = !c ? 'It splits the sibling group' : c.rank !== 1 ? 'It is not the top-ranked home' : overridden.length ? `It needs an override (${overridden.join(', ')})` : '';
    const approvals = c ? c.approvals.filter((a) => a.approver !== 'host_authority_notified').map((a) => approverLabel(a.approver)) : [];
    $('#decision-note').textContent = `Choosing ${what}.${reasonNeeded ? ` ${why}: record why the better options are not reasonably practicable.` : ''}${
      approverNeeded ? ` It needs approval${approvals.length ? ` by the ${[...new Set(approvals)].join(' and the ')}` : ''}.` : ''
    }`;
    $('#d-reason-hint').textContent = reasonNeeded ? '(required: why the top-ranked home is not reasonably practicable)' : '(optional)';
    $('#d-approver-hint').textContent = approverNeeded ? '(required for this choice)' : '(when an approval or override is needed)';
    $('#d-reason').required = reasonNeeded;
    $('#d-approver').required = approverNeeded;
    $('#d-approver-role').value = ctx.defaultApproverRole(c?.approvals ?? []);
    $('#decision-status').textContent = '';
    $('#decision-status').classList.remove('error');
    clearDecisionErrors();
  }

  function clearDecisionErrors() {
    for (const id of Object.values(DECISION_IDS)) {
      $(`#${id}`).removeAttribute('aria-invalid');
      const err = $(`#${id}-error`);
      err.hidden = true;
      err.textContent = '';
    }
  }

  decisionForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const res = state.response;
    const choice = state.choice;
    if (!res || !choice) return;
    const c = choice.kind === 'home' ? choice.candidate : null;
    const values = {
      decidedBy: $('#d-by').value.trim(),
      reason: $('#d-reason').value.trim(),
      approver: $('#d-approver').value.trim(),
      approverRole: $('#d-approver-role').value,
      notes: $('#d-notes').value.trim(),
    };
    const local = [];
    if (!values.decidedBy) local.push({ field: 'decidedBy', message: 'Enter your officer id (pseudonymous, e.g. officer-17).' });
    if ((c ? needsOverrideReason(c) : true) && values.reason.length < 10) {
      local.push({ field: 'reason', message: 'Give the reason (at least 10 characters) why the better-ranked options are not reasonably practicable.' });
    }
    if ((c ? needsApprover(c) : true) && !values.approver) local.push({ field: 'approver', message: 'Name the approver (an officer id) for this choice.' });
    showDecisionProblems(local);
    if (local.length) return;
    const body = ctx.decisionBody({ response: res, choice, values });
    $('#record-decision').disabled = true;
    try {
      const out = await api.post('/v1/decisions', body);
      const d = out?.decision ?? out;
      const what = c ? c.homeId : 'split plan';
      $('#decision-status').textContent = `Decision recorded${d?.id ? ` (${d.id})` : ''}: ${what} for ${res.subject.id}${
        typeof d?.auditSeq === 'number' ? `, audit entry ${d.auditSeq}` : ''
      }.`;
      $('#decision-status').classList.remove('error');
    } catch (e) {
      if (e instanceof ApiError && e.status === 400 && e.problems.length) {
        showDecisionProblems(e.problems.map((p) => ({ field: ctx.decisionField(p.path), message: p.message, path: p.path })));
      } else {
        $('#decision-status').textContent = `Not recorded: ${errorMessage(e)}`;
        $('#decision-status').classList.add('error');
      }
    } finally {
      $('#record-decision').disabled = false;
    }
  });

  function showDecisionProblems(problems) {
    clearDecisionErrors();
    let first = null;
    const unplaced = [];
    for (const p of problems) {
      const id = DECISION_IDS[p.field];
      if (!id) {
        unplaced.push(p.path && p.path.length ? `${formatPath(p.path)}: ${p.message}` : p.message);
        continue;
      }
      const err = $(`#${id}-error`);
      err.textContent = err.hidden ? p.message : `${err.textContent} ${p.message}`;
      err.hidden = false;
      $(`#${id}`).setAttribute('aria-invalid', 'true');
      $(`#${id}`).setAttribute('aria-describedby', `${id}-error`);
      first ??= $(`#${id}`);
    }
    $('#decision-status').textContent = unplaced.length ? `Not recorded: ${unplaced.join(' ')}` : problems.length ? 'Not recorded: see the messages above.' : '';
    $('#decision-status').classList.toggle('error', problems.length > 0);
    first?.focus();
  }

  return { fillFrom, state };
}
