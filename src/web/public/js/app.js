// Boot: API key, tabs, same-day look, the two views.
import { createApi } from './api.js';
import { decisionBody, decisionField, defaultApproverRole } from './decision.js';
import { $, $$ } from './dom.js';
import { initCommissionView } from './commission-view.js';
import { initMatchView } from './match-view.js';
import { humanise } from './format.js';
import { loadPlaces } from './places.js';
import * as VOCABULARY from './vocabulary.js';

const KEY_STORE = 'homefinder.apiKey';

/** The API key: typed by the user, kept for this tab only (sessionStorage); `#key=…` in the URL pre-fills it. */
function setupKey() {
  const input = $('#api-key');
  const status = $('#api-key-status');
  const m = /(?:^#|&)key=([^&]+)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem(KEY_STORE, decodeURIComponent(m[1]));
    history.replaceState(null, '', location.pathname + location.search);
  }
  input.value = sessionStorage.getItem(KEY_STORE) ?? '';
  const show = () => {
    status.textContent = input.value ? 'Key set for this tab.' : 'No key: enter one to use the service.';
  };
  show();
  input.addEventListener('input', () => {
    const v = input.value.trim();
    if (v) sessionStorage.setItem(KEY_STORE, v);
    else sessionStorage.removeItem(KEY_STORE);
    show();
  });
  $('#key-form').addEventListener('submit', (ev) => ev.preventDefault());
  const toggle = $('#api-key-show');
  toggle.addEventListener('click', () => {
    const showing = input.type === 'text';
    input.type = showing ? 'password' : 'text';
    toggle.setAttribute('aria-pressed', String(!showing));
    toggle.textContent = showing ? 'Show' : 'Hide';
  });
  return () => sessionStorage.getItem(KEY_STORE) ?? '';
}

/** WAI-ARIA tabs: click or arrow keys / Home / End. */
function setupTabs(onShow) {
  const tabs = $$('[role="tab"]');
  const activate = (tab, focus) => {
    for (const t of tabs) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      $(`#${t.getAttribute('aria-controls')}`).hidden = !on;
    }
    document.body.dataset.view = tab.id === 'tab-commission' ? 'commission' : 'match';
    if (focus) tab.focus();
    onShow(tab.id);
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => activate(tab, false));
    tab.addEventListener('keydown', (ev) => {
      const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[ev.key];
      if (next === undefined) return;
      ev.preventDefault();
      activate(tabs[(next + tabs.length) % tabs.length], true);
    });
  });
  document.body.dataset.view = 'match';
}

function setSameDay(on, extra = '') {
  document.body.classList.toggle('same-day', Boolean(on) && document.body.dataset.view !== 'commission');
  $('#same-day-banner').hidden = !on || document.body.dataset.view === 'commission';
  $('#same-day-extra').textContent = extra;
}

/**
 * Make every `<select data-vocab="LIST">` offer exactly the server's vocabulary list: the HTML's own options
 * keep their labels and order (an empty placeholder too), a value the HTML lacks is added at the end, one the
 * domain no longer has is removed.
 */
function syncVocabularySelects() {
  for (const sel of $$('select[data-vocab]')) {
    const values = VOCABULARY[sel.dataset.vocab];
    if (!Array.isArray(values)) continue;
    const chosen = sel.value;
    const have = new Set();
    for (const o of [...sel.options]) {
      if (o.value === '' || values.includes(o.value)) have.add(o.value);
      else o.remove();
    }
    for (const v of values) {
      if (have.has(v)) continue;
      const o = document.createElement('option');
      o.value = v;
      o.textContent = humanise(v);
      sel.append(o);
    }
    if (have.has(chosen)) sel.value = chosen;
  }
}

async function main() {
  syncVocabularySelects();
  const getKey = setupKey();
  const api = createApi({ getKey });
  const status = $('#match-status');
  let places;
  try {
    places = await loadPlaces();
  } catch (e) {
    status.textContent = `Could not load the map data: ${e.message}`;
    return;
  }
  let sameDay = [false, ''];
  initMatchView({
    api,
    places,
    onSameDay: (on, extra) => {
      sameDay = [on, extra];
      setSameDay(on, extra);
    },
    focusKey: () => $('#api-key').focus(),
    decisionBody,
    decisionField,
    defaultApproverRole,
  });
  let commission = null;
  setupTabs((id) => {
    if (id === 'tab-commission') {
      setSameDay(false);
      commission ??= initCommissionView({
        api,
        places,
        focusKey: () => $('#api-key').focus(),
        defaultAuthority: () => $('#f-authority').value,
        submitScenario: (client, body) => client.post('/v1/scenarios', body),
      });
      commission.shown?.();
    } else setSameDay(...sameDay);
  });
  document.body.classList.add('ready');
}

main();
