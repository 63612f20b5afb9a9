// The commissioning view: build a scenario on the map, run it as a job with progress, compare the outcomes.
import { ApiError, errorMessage } from './api.js';
import { groupedBarsSvg } from './charts.js';
import { $, clear, h, svgNode } from './dom.js';
import { DEFAULT_CONTRACT, domainLabel, HOME_TYPES, money, NEED_DOMAINS, typeLabel, TYPICAL_COST } from './format.js';
import { nearestDistrict } from './geo.js';
import { MapView } from './map.js';
import { formatPath } from './referral.js';
import { buildScenario, districtSummary, providersFromHomes, registryBaseline, scenarioFieldOf } from './scenario.js';
import { reportView } from './scenario-report.js';

const LEVEL_WORDS = ['none', 'low', 'moderate', 'high', 'very high'];
const POLL_MS = 400;

/**
 * Wire the commissioning view. `ctx`: { api, places, focusKey, scenarioBaseline(), submitScenario(api, body) }.
 * @example initCommissionView({ api, places })
 */
export function initCommissionView(ctx) {
  const { api, places } = ctx;
  const state = { records: null, providers: [], removed: new Set(), newHomes: [], pick: null, job: null, polling: null, costEdited: false };

  // ---------- new home form ----------
  const typeSel = $('#n-type');
  for (const t of HOME_TYPES) typeSel.append(h('option', { value: t, text: typeLabel(t) }));
  typeSel.value = 'council_childrens_home';
  const cost = $('#n-cost');
  cost.value = String(TYPICAL_COST[typeSel.value]);
  cost.addEventListener('input', () => (state.costEdited = true));
  typeSel.addEventListener('change', () => {
    if (!state.costEdited) cost.value = String(TYPICAL_COST[typeSel.value] ?? 0);
    $('#n-contract').value = DEFAULT_CONTRACT[typeSel.value] ?? 'spot';
  });
  const sliders = $('#capability-sliders');
  for (const d of NEED_DOMAINS) {
    const id = `c-need-${d}`;
    const out = h('output', { for: id, class: 'level', text: '2' });
    const input = h('input', { type: 'range', id, min: 0, max: 4, step: 1, value: 2, 'aria-valuetext': '2 moderate' });
    input.addEventListener('input', () => {
      out.textContent = input.value;
      input.setAttribute('aria-valuetext', `${input.value} ${LEVEL_WORDS[Number(input.value)]}`);
    });
    sliders.append(h('div', { class: 'need-row' }, h('label', { for: id, text: domainLabel(d) }), input, out));
  }

  // ---------- baseline ----------
  const scopeSel = $('#b-scope');
  const authSel = $('#b-authority');
  for (const a of places.regionAuthorities()) authSel.append(h('option', { value: a.code, text: `${a.name.replace(/, County of$/, '')} (${a.code})` }));
  authSel.value = ctx.defaultAuthority?.() || 'E08000026';
  const baselineChanged = () => {
    const region = scopeSel.value === 'region';
    authSel.disabled = region;
    if (region && $('#b-children').value === '700') $('#b-children').value = '10000';
    if (!region && $('#b-children').value === '10000') $('#b-children').value = '700';
    renderProviders();
    renderMap();
  };
  scopeSel.addEventListener('change', baselineChanged);
  authSel.addEventListener('change', baselineChanged);
  /**
   * The scenario's baseline: the live registry (the homes on this map and in the provider list), with the demo
   * cohort of the chosen authority or the whole region (src/simulate/scenario.ts RegistryBaselineSchema).
   */
  const baseline = () =>
    registryBaseline({ authority: scopeSel.value === 'region' ? null : authSel.value, seed: Number($('#b-seed').value), children: Number($('#b-children').value) });
  const baselineAuthority = () => (scopeSel.value === 'region' ? null : authSel.value);

  // ---------- map ----------
  const map = new MapView($('#comm-map'), {
    label: 'Map of the homes in the region; place a new home here',
    onPick: ({ lat, lon }) => {
      const d = nearestDistrict(places.districts, lat, lon);
      if (!d) return;
      pickDistrict(d.district, { lat, lon }, d.authorityName);
    },
    onSelect: (id) => {
      if (id.startsWith('district:')) {
        const d = places.locateDistrict(id.slice(9));
        if (d) pickDistrict(d.district, { lat: d.lat, lon: d.lon }, d.authorityName);
        return;
      }
      if (id.startsWith('new:')) {
        const i = Number(id.slice(4));
        setStatus(`New home ${i + 1}: ${state.newHomes[i]?.label ?? ''}`);
      }
    },
  });
  /** A place chosen on the map (click, or keyboard cursor and Enter): the new home's district, and the providers there. */
  function pickDistrict(district, at, authorityName) {
    state.pick = { lat: at.lat, lon: at.lon, district };
    $('#n-district').value = district;
    setFieldError('n-district', '');
    const here = state.providers.filter((p) => p.districts?.[district]).length;
    setStatus(`Picked ${district}${authorityName ? ` (${authorityName})` : ''}: the new home's position; ${here} provider${here === 1 ? ' has' : 's have'} homes here (tick “Only providers in ${district}” to list them).`);
    renderNear();
    renderProviders();
    renderMap();
  }
  map.setBoundaries(places.region);
  map.render({ points: [] });
  $('#n-district').addEventListener('change', () => {
    const d = places.locateDistrict($('#n-district').value);
    state.pick = d ? { lat: d.lat, lon: d.lon, district: d.district } : null;
    if (d) map.setCursor(d.lat, d.lon);
    renderMap();
  });

  function renderMap() {
    const points = [];
    if (state.records) {
      for (const g of districtSummary(state.records, (d) => places.locateDistrict(d))) {
        points.push({
          lat: g.lat,
          lon: g.lon,
          ...(g.district ? { id: `district:${g.district}` } : {}),
          selected: Boolean(g.district) && g.district === state.pick?.district,
          r: Math.min(9, 2 + Math.sqrt(g.places) * 0.8),
          cls: g.setting,
          z: 0,
          title: `${g.district ?? 'Homes'}: ${g.homes} homes, ${g.places} places (mostly ${g.setting})${g.district ? '. Click to pick this district.' : ''}`,
        });
      }
      const only = baselineAuthority();
      for (const r of state.records) {
        const home = r.home ?? r;
        if (!state.removed.has(home.providerId)) continue;
        if (only && (r.authority ?? home.authority) !== only) continue;
        const at = places.locate(home.location);
        if (at) points.push({ ...at, id: `home:${home.id}`, selectable: false, jitter: 6, r: 4, cls: 'removed', z: 1, title: `${home.id} (${home.providerId}) leaves: ${typeLabel(home.type)}, ${home.places} places` });
      }
    }
    state.newHomes.forEach((nh, i) => {
      const at = places.locateDistrict(nh.district);
      if (at) points.push({ ...at, id: `new:${i}`, shape: 'diamond', r: 7, cls: 'new-home', z: 2, title: `New: ${nh.label}` });
    });
    if (state.pick) points.push({ lat: state.pick.lat, lon: state.pick.lon, shape: 'diamond', r: 5, cls: 'new-home pending', z: 3, title: `New home position: ${state.pick.district}` });
    map.render({ points, highlight: baselineAuthority() });
    renderLegend();
  }

  function renderLegend() {
    const lg = clear($('#comm-legend'));
    const item = (cls, text, shape) =>
      h('span', { class: 'legend-item' }, svgNode(`<svg class="legend-swatch" viewBox="0 0 16 16" aria-hidden="true" xmlns="http://www.w3.org/2000/svg"><g class="marker ${cls}">${
        shape === 'diamond' ? '<path d="M8,1L15,8L8,15L1,8Z"/>' : '<circle cx="8" cy="8" r="6"/>'
      }</g></svg>`), text);
    lg.append(
      item('fostering', 'Mostly fostering'),
      item('residential', 'Mostly residential'),
      item('supported', 'Mostly supported'),
      item('removed', 'Leaving the market'),
      item('new-home', 'New home', 'diamond'),
      h('p', { class: 'hint', text: 'Circles are postcode districts, sized by places.' }),
    );
  }

  // ---------- new homes ----------
  function setFieldError(id, message) {
    const err = $(`#${id}-error`);
    const control = $(`#${id}`);
    if (!err || !control) return;
    err.textContent = message;
    err.hidden = !message;
    if (message) {
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-describedby', `${id}-error`);
    } else control.removeAttribute('aria-invalid');
  }

  $('#add-home').addEventListener('click', () => {
    const district = $('#n-district').value.trim().toUpperCase();
    const placesN = Number($('#n-places').value);
    const annualCost = Number(cost.value);
    let bad = null;
    setFieldError('n-district', '');
    setFieldError('n-places', '');
    setFieldError('n-cost', '');
    if (!district || !places.locateDistrict(district)) {
      setFieldError('n-district', district ? `“${district}” is not a postcode district in the region.` : 'Click the map or type a district such as CV2.');
      bad ??= '#n-district';
    }
    if (!Number.isInteger(placesN) || placesN < 1 || placesN > 200) {
      setFieldError('n-places', 'Places must be a whole number from 1 to 200.');
      bad ??= '#n-places';
    }
    if (!Number.isFinite(annualCost) || annualCost < 0) {
      setFieldError('n-cost', 'Annual cost must be £0 or more.');
      bad ??= '#n-cost';
    }
    if (bad) {
      $(bad).focus();
      return;
    }
    const capability = Object.fromEntries(NEED_DOMAINS.map((d) => [d, Number($(`#c-need-${d}`).value)]));
    const type = typeSel.value;
    state.newHomes.push({
      type,
      places: placesN,
      district,
      annualCost,
      contract: $('#n-contract').value,
      emergency: $('#n-emergency').checked,
      capability,
      label: `${placesN}-place ${typeLabel(type).toLowerCase()} in ${district}`,
    });
    state.pick = null;
    renderNewHomes();
    renderMap();
    setStatus(`Added: ${state.newHomes.at(-1).label}.`);
  });

  function renderNewHomes() {
    const ul = clear($('#new-homes'));
    state.newHomes.forEach((nh, i) => {
      ul.append(
        h(
          'li',
          {},
          `${nh.label}, ${money(nh.annualCost)}/yr`,
          h('button', {
            type: 'button',
            'aria-label': `Remove new home ${i + 1}: ${nh.label}`,
            text: '×',
            onclick: () => {
              state.newHomes.splice(i, 1);
              renderNewHomes();
              renderMap();
              $('#add-home').focus();
            },
          }),
        ),
      );
    });
  }

  // ---------- providers ----------
  async function loadHomes() {
    if (state.records) return;
    setStatus('Loading the registry of homes…');
    const all = [];
    try {
      for (let offset = 0; offset < 200_000; offset += 1000) {
        const page = await api.get(`/v1/homes?status=open&limit=1000&offset=${offset}`);
        const homes = page?.homes ?? [];
        all.push(...homes);
        if (homes.length < 1000 || (typeof page.total === 'number' && all.length >= page.total)) break;
      }
    } catch (e) {
      setStatus(`Could not load the homes: ${errorMessage(e)}`, true);
      if (e instanceof ApiError && e.status === 401) ctx.focusKey?.();
      return;
    }
    state.records = all;
    state.providers = providersFromHomes(all);
    setStatus(`${all.length} open homes from ${state.providers.length} providers.`);
    renderProviders();
    renderMap();
  }

  const filter = $('#p-filter');
  filter.addEventListener('input', () => renderProviders());
  const near = $('#p-near');
  near.addEventListener('change', () => renderProviders());
  function renderNear() {
    const d = state.pick?.district;
    near.disabled = !d;
    if (!d) near.checked = false;
    $('#p-near-label').textContent = d ? `Only providers with homes in ${d}` : 'Only providers with homes in the district picked on the map';
  }
  renderNear();
  function renderProviders() {
    const box = clear($('#provider-list'));
    const q = filter.value.trim().toLowerCase();
    const only = baselineAuthority();
    const inDistrict = near.checked ? state.pick?.district : null;
    const matches = state.providers.filter((p) => {
      if (only && !p.authorities[only]) return false;
      if (inDistrict && !p.districts?.[inDistrict]) return false;
      if (!q) return true;
      const hay = `${p.providerId} ${Object.keys(p.types).map((t) => `${t} ${typeLabel(t)}`).join(' ')} ${Object.keys(p.authorities).map((a) => `${a} ${places.authorityName(a)}`).join(' ')} ${Object.keys(p.contracts).join(' ')}`.toLowerCase();
      return hay.includes(q);
    });
    const shown = matches.slice(0, 150);
    for (const p of shown) {
      const id = `prov-${p.providerId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
      const types = Object.entries(p.types).sort((a, b) => b[1] - a[1]).map(([t, n]) => `${n} ${typeLabel(t).toLowerCase()}`).join(', ');
      const authList = Object.entries(p.authorities).sort((a, b) => b[1] - a[1]).map(([a]) => places.authorityName(a));
      const auths = authList.length > 3 ? `${authList.slice(0, 3).join(', ')} and ${authList.length - 3} more` : authList.join(', ');
      const cb = h('input', { type: 'checkbox', id, value: p.providerId, checked: state.removed.has(p.providerId) });
      cb.addEventListener('change', () => {
        if (cb.checked) state.removed.add(p.providerId);
        else state.removed.delete(p.providerId);
        updateProviderCount();
        renderMap();
      });
      box.append(
        h('label', { for: id }, cb, h('span', {}, h('strong', { text: p.providerId }), ` · ${p.places} places in ${p.homes} home${p.homes === 1 ? '' : 's'}`, h('span', { class: 'sub', text: `${types}${auths ? ` · ${auths}` : ''}${Object.keys(p.contracts).length ? ` · ${Object.keys(p.contracts).join('/')}` : ''}` }))),
      );
    }
    if (only || inDistrict) box.prepend(h('p', { class: 'hint', text: `Providers with open homes in ${[inDistrict, only ? places.authorityName(only) : null].filter(Boolean).join(', ')}, from the live registry: the scenario's baseline is these same homes.` }));
    if (matches.length > shown.length) box.append(h('p', { class: 'hint', text: `${matches.length - shown.length} more: narrow the filter.` }));
    if (matches.length === 0) box.append(h('p', { class: 'hint', text: state.records ? 'No provider matches.' : 'The registry is not loaded yet.' }));
    updateProviderCount();
  }
  function updateProviderCount() {
    const beds = state.providers.filter((p) => state.removed.has(p.providerId)).reduce((s, p) => s + p.places, 0);
    $('#provider-count').textContent = state.removed.size ? `${state.removed.size} provider${state.removed.size === 1 ? '' : 's'} leaving, ${beds} places.` : 'No provider leaving.';
  }

  // ---------- run ----------
  function setStatus(text, isError = false) {
    const s = $('#scenario-status');
    s.textContent = text;
    s.classList.toggle('error', isError);
  }

  const form = $('#scenario-form');
  // The layout of the last scenario sent (problems come back with paths into it).
  let sentLayout = { newHomes: 0, removed: [] };
  const FIELD_OF_PATH = (path) => scenarioFieldOf(path, sentLayout)?.id ?? null;

  function clearScenarioErrors() {
    for (const id of ['s-name', 's-runs', 's-uplift', 'n-district', 'n-places', 'n-cost', 'b-children', 'b-seed', 'b-authority', 'provider-list', 'new-homes']) setFieldError(id, '');
    $('#scenario-error-summary').hidden = true;
    clear($('#scenario-error-list'));
  }

  function showScenarioProblems(problems) {
    clearScenarioErrors();
    const list = $('#scenario-error-list');
    for (const p of problems) {
      const id = FIELD_OF_PATH(p.path);
      const text = `${formatPath(p.path)}: ${p.message}`;
      if (id) setFieldError(id, [$(`#${id}-error`)?.hidden === false ? $(`#${id}-error`).textContent : '', p.message].filter(Boolean).join(' '));
      list.append(h('li', {}, id ? h('a', { href: `#${id}`, text, onclick: (ev) => { ev.preventDefault(); $(`#${id}`).focus(); } }) : text));
    }
    $('#scenario-error-summary').hidden = false;
    $('#scenario-error-summary').focus();
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (state.polling) return;
    clearScenarioErrors();
    const runs = Number($('#s-runs').value);
    const uplift = Number($('#s-uplift').value || 0);
    const local = [];
    if (!Number.isInteger(runs) || runs < 1 || runs > 500) local.push({ path: ['settings', 'runs'], message: 'Runs must be a whole number from 1 to 500.' });
    if (!Number.isFinite(uplift) || uplift < -50 || uplift > 100) local.push({ path: ['changes', 1e9, 'percent'], message: 'The uplift must be between -50 % and 100 %.' });
    if (!state.newHomes.length && !state.removed.size && !uplift) local.push({ path: ['changes'], message: 'Add a home, choose a provider that leaves, or set a cost uplift.' });
    const children = Number($('#b-children').value);
    if (!Number.isInteger(children) || children < 1 || children > 200000) local.push({ path: ['baseline', 'children'], message: 'Children must be a whole number from 1 to 200,000.' });
    const seed = Number($('#b-seed').value);
    if (!Number.isInteger(seed) || seed < 0) local.push({ path: ['baseline', 'seed'], message: 'The seed must be a whole number, 0 or more.' });
    if (local.length) {
      showScenarioProblems(local);
      return;
    }
    sentLayout = { newHomes: state.newHomes.length, removed: [...state.removed] };
    const body = buildScenario({
      name: $('#s-name').value.trim(),
      baseline: baseline(),
      newHomes: state.newHomes,
      removedProviders: [...state.removed],
      upliftPercent: uplift,
      runs,
      model: $('#s-model').value,
    });
    await run(body);
  });

  async function run(body) {
    $('#run-scenario').disabled = true;
    $('#progress-wrap').hidden = false;
    setProgress(0, 'Submitting…');
    let jobId;
    try {
      const accepted = await ctx.submitScenario(api, body);
      jobId = accepted?.jobId ?? accepted?.id ?? accepted?.job?.id;
      if (!jobId) throw new Error('the service did not return a job id');
    } catch (e) {
      $('#run-scenario').disabled = false;
      $('#progress-wrap').hidden = true;
      if (e instanceof ApiError && e.status === 400 && e.problems.length) showScenarioProblems(e.problems);
      else setStatus(`Could not start the scenario: ${errorMessage(e)}`, true);
      if (e instanceof ApiError && e.status === 401) ctx.focusKey?.();
      return;
    }
    state.job = jobId;
    $('#cancel-scenario').hidden = false;
    setStatus(`Running as job ${jobId}…`);
    await poll(jobId);
  }

  function setProgress(frac, text) {
    const bar = $('#scenario-progress');
    bar.value = Math.max(0, Math.min(1, frac));
    bar.setAttribute('aria-valuetext', `${Math.round(frac * 100)} percent`);
    $('#progress-text').textContent = text ?? `${Math.round(frac * 100)} %`;
  }

  function poll(jobId) {
    return new Promise((resolve) => {
      const tick = async () => {
        let job;
        try {
          job = await api.get(`/v1/jobs/${encodeURIComponent(jobId)}`);
        } catch (e) {
          finish(`Lost track of job ${jobId}: ${errorMessage(e)}`, true);
          return resolve();
        }
        const j = job?.job ?? job;
        setProgress(j.progress ?? 0, `${Math.round((j.progress ?? 0) * 100)} %${j.message ? ` · ${j.message}` : ''}`);
        if (j.status === 'succeeded') {
          finish(`Scenario finished (job ${jobId}).`);
          renderOutcome(j.result);
          $('#outcomes-heading').setAttribute('tabindex', '-1');
          $('#outcomes-heading').focus();
          return resolve();
        }
        if (j.status === 'failed' || j.status === 'cancelled' || j.status === 'expired') {
          finish(j.status === 'cancelled' ? 'Scenario cancelled.' : `Scenario ${j.status}: ${j.error?.detail ?? j.message ?? 'no detail'}`, j.status !== 'cancelled');
          if (Array.isArray(j.error?.problems) && j.error.problems.length) showScenarioProblems(j.error.problems);
          return resolve();
        }
        state.polling = setTimeout(tick, POLL_MS);
      };
      state.polling = setTimeout(tick, 50);
    });
  }

  function finish(message, isError = false) {
    clearTimeout(state.polling);
    state.polling = null;
    state.job = null;
    $('#run-scenario').disabled = false;
    $('#cancel-scenario').hidden = true;
    setStatus(message, isError);
  }

  $('#cancel-scenario').addEventListener('click', async () => {
    if (!state.job) return;
    try {
      await api.del(`/v1/jobs/${encodeURIComponent(state.job)}`);
      setStatus('Cancelling…');
    } catch (e) {
      setStatus(`Could not cancel: ${errorMessage(e)}`, true);
    }
  });

  // ---------- outcome ----------
  function renderOutcome(result, model) {
    state.result = result;
    const view = reportView(result, model);
    const sec = $('#outcomes');
    sec.hidden = false;
    const src = result?.meta?.baselineSource;
    $('#outcomes-meta').textContent = src?.kind === 'registry'
      ? `${view.meta} Baseline: the live registry (version ${src.registryVersion}), ${src.cohort === 'store' ? "the service's children" : `a demo cohort (${src.seated} children seated in registry homes${src.waiting ? `, ${src.waiting} waiting` : ''})`}.`
      : view.meta;
    const switcher = clear($('#outcome-models'));
    switcher.hidden = view.models.length < 2;
    for (const m of view.models) {
      const id = `outcome-model-${m}`;
      const radio = h('input', { type: 'radio', name: 'outcome-model', id, value: m, checked: m === view.model });
      radio.addEventListener('change', () => renderOutcome(state.result, m));
      switcher.append(h('span', { class: 'radio' }, radio, h('label', { for: id, text: m === 'static' ? "Static (today's cohort)" : 'Dynamic (a year, mean of runs)' })));
    }
    const hl = clear($('#outcome-highlights'));
    for (const f of (view.highlights ?? []).filter((x) => x.model === view.model && x.world === 'scenario').slice(0, 4)) hl.append(h('li', { text: f.sentence }));
    const grid = clear($('#outcome-charts'));
    for (const c of view.charts) {
      grid.append(
        h(
          'figure',
          { class: 'chart-card' },
          h('h3', { text: c.title }),
          svgNode(groupedBarsSvg({ title: c.title, categories: c.categories, series: c.series, format: c.format, highlight: c.highlight ?? [] })),
          c.note ? h('figcaption', { class: 'note', text: c.note }) : null,
        ),
      );
    }
    const aff = clear($('#affected'));
    if (!view.affected.rows.length) aff.append(h('p', { class: 'hint', text: `${view.affected.caption} No child’s placement changed.` }));
    else {
      aff.append(
        h(
          'table',
          {},
          h('caption', { class: 'hint', text: view.affected.caption }),
          h('thead', {}, h('tr', {}, view.affected.columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : '', text: c.label })))),
          h(
            'tbody',
            {},
            view.affected.rows.map((r) => h('tr', {}, view.affected.columns.map((c) => h('td', { class: `${c.num ? 'num' : ''} ${r.cls?.[c.key] ?? ''}`.trim() || null, text: r[c.key] ?? '–' })))),
          ),
        ),
      );
    }
  }

  return {
    shown: () => loadHomes(),
    state,
    renderOutcome,
  };
}
