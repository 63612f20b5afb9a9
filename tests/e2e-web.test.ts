/**
 * End-to-end: the web page in Debian's chromium (playwright-core, never a downloaded browser) against the
 * real service on 127.0.0.1 with a temporary data directory. Screenshots go to test-artifacts/ (gitignored).
 *
 * Without /usr/bin/chromium the suite FAILS when CI=true and is skipped (with a message) otherwise.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';
import { startE2eService, type E2eService } from './e2e-service.js';

/** Debian's chromium (HOMEFINDER_CHROMIUM overrides the path, e.g. to check the missing-browser behaviour). */
const CHROMIUM = process.env.HOMEFINDER_CHROMIUM ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = process.env.CI === 'true';
const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const BROWSER_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

if (!HAVE_CHROMIUM && !IN_CI) {
  console.warn(`e2e-web: skipped: ${CHROMIUM} not found (install Debian's chromium: apt-get install -y chromium). With CI=true this fails instead.`);
}

describe.runIf(!HAVE_CHROMIUM && IN_CI)('e2e-web prerequisites', () => {
  it(`needs Debian chromium at ${CHROMIUM} in CI`, () => {
    throw new Error(`e2e-web: ${CHROMIUM} is missing. CI must install Debian's chromium (apt-get install -y chromium); the browser tests never download a browser.`);
  });
});

describe.runIf(HAVE_CHROMIUM)('web page in a real browser, against the real service', () => {
  let service: E2eService;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const pageErrors: string[] = [];

  const shot = async (name: string, fullPage = false): Promise<void> => {
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
  };
  /** Run a check in the page; the code is a string because this project's TypeScript has no DOM lib. */
  const inPage = <T>(expression: string): Promise<T> => page.evaluate(expression) as Promise<T>;
  /** Visible controls of the shown view that stick out of the viewport sideways (cut off or needing a scroll). */
  const clippedControls = (): Promise<string[]> =>
    inPage<string[]>(`[...document.querySelectorAll('input, select, textarea, button, label, h2, .chart-card')].filter((el) => {
      if (el.closest('[hidden]') || el.closest('dialog:not([open])')) return false;
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) return false;
      return r.left < -1 || r.right > document.documentElement.clientWidth + 1;
    }).map((el) => (el.id ? '#' + el.id : el.tagName.toLowerCase() + '.' + el.className) + ' ' + Math.round(el.getBoundingClientRect().right))`);
  /** Open homes in the live registry. */
  const openHomeCount = async (): Promise<number> => {
    const res = await service.api('GET', '/v1/homes?status=open&limit=1', service.keys.admin);
    return (res.body as { total: number }).total;
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    service = await startE2eService();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: BROWSER_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && !/status of (400|404)/.test(m.text())) pageErrors.push(`console: ${m.text()}`);
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await service?.close();
  });

  it('loads the page with the real authority boundaries and the key pre-filled from the URL fragment', async () => {
    await page.goto(`${service.url}/#key=${encodeURIComponent(service.keys.officer)}`);
    await page.waitForSelector('body.ready', { timeout: 30_000 });
    expect(await page.inputValue('#api-key')).toBe(service.keys.officer);
    expect(page.url()).not.toContain('key=');
    expect(await page.locator('#match-map path.authority').count()).toBe(14);
    expect(await page.locator('#f-authority option').count()).toBeGreaterThanOrEqual(15);
    await shot('01-loaded');
  });

  it('runs a match for a demo child: the top home and its explanation are shown', async () => {
    // Paste the demo referral the first start wrote; the form fills from it.
    await page.click('#paste-referral');
    await page.fill('#paste-text', JSON.stringify(service.referral));
    await page.click('#paste-fill');
    expect(await page.inputValue('#f-id')).toBe(service.referral.child.id);
    expect(await page.inputValue('#f-authority')).toBe(service.authority);
    expect(JSON.parse(await page.inputValue('#f-extra'))).toMatchObject({ top: service.referral.top });
    const answer = page.waitForResponse((r: Response) => r.url().endsWith('/v1/match') && r.request().method() === 'POST');
    await page.click('#find-homes');
    const res = await answer;
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { ranked: { homeId: string; rank: number; explanation: { factors: { id: string }[] } }[]; counts: { eligible: number } };
    expect(body.ranked.length).toBeGreaterThan(0);
    const top = body.ranked[0]!;
    await page.waitForSelector('.rank-item[aria-pressed="true"]');
    expect(await page.locator('.rank-item').first().getAttribute('data-home')).toBe(top.homeId);
    expect(await page.locator('.rank-item').first().getAttribute('aria-pressed')).toBe('true');
    expect(await page.textContent('#detail-heading')).toBe(`#1 ${top.homeId}`);
    // Every factor of the explanation, no-effect ones included, as a bar with its sentence.
    expect(await page.locator('#factor-bars .factor').count()).toBe(top.explanation.factors.length);
    expect(await page.locator('#factor-bars .factor svg.bar').count()).toBe(top.explanation.factors.length);
    expect(await page.textContent('#factor-bars')).toContain('Total');
    expect(await page.locator('#approvals li').count()).toBeGreaterThan(0);
    await page.waitForSelector('#radar svg .series.capability');
    expect(await page.locator('#radar svg .series').count()).toBe(2);
    // Candidate homes on the map, coloured by rank; the child's home too.
    expect(await page.locator('#match-map .marker.rank-1').count()).toBe(1);
    expect(await page.locator('#match-map .marker.child-home').count()).toBe(1);
    // Ruled-out homes in a collapsible list, each with every rule it breaks.
    if ((await page.locator('#ineligible-list > li').count()) > 0) {
      await page.click('#ineligible summary');
      expect(await page.getAttribute('#ineligible', 'open')).not.toBeNull();
      expect(await page.locator('#ineligible-list .broken li').count()).toBeGreaterThan(0);
    }
    await inPage('window.scrollTo(0, 0)');
    await shot('02-match');
    await shot('02-match-full', true);
  });

  it('shows the service validation problems next to the wrong fields', async () => {
    const home = await page.inputValue('#f-home');
    const dob = await page.inputValue('#f-dob');
    // A missing date of birth: the schema problem, at its field.
    await page.fill('#f-dob', '');
    await page.click('#find-homes');
    await page.waitForSelector('#error-summary:not([hidden])');
    expect(await page.getAttribute('#f-dob', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#f-dob-error')).toMatch(/required/i);
    expect(await inPage<string>('document.activeElement.id')).toBe('error-summary');
    await page.fill('#f-dob', dob);
    // An unknown postcode: found by the service's geography, reported at the home location field.
    await page.fill('#f-home', 'ZZ9 9ZZ');
    const answer = page.waitForResponse((r: Response) => r.url().endsWith('/v1/match'));
    await page.click('#find-homes');
    expect((await answer).status()).toBe(400);
    await page.waitForSelector('#f-home[aria-invalid="true"]');
    expect(await page.textContent('#f-home-error')).toMatch(/unknown postcode "ZZ9 9ZZ"/);
    expect(await page.getAttribute('#f-dob', 'aria-invalid')).toBeNull();
    expect(await page.textContent('#error-summary-list')).toContain('Home postcode or district');
    expect(await page.isVisible('#results-stale')).toBe(true);
    await inPage('window.scrollTo(0, 0)');
    await shot('03-validation');
    await page.fill('#f-home', home);
  });

  it('records a decision for the second-ranked home, with the override reason and approver', async () => {
    await page.click('#find-homes');
    await page.waitForSelector('#error-summary', { state: 'hidden' });
    await page.waitForSelector('#results-stale', { state: 'hidden' });
    await page.waitForSelector('.rank-item[aria-pressed="true"]');
    const second = page.locator('.rank-item').nth(1);
    const homeId = await second.getAttribute('data-home');
    expect(homeId).toBeTruthy();
    // Keyboard only: focus the second home and press Enter.
    await second.focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector(`.rank-item[data-home="${homeId}"][aria-pressed="true"]`);
    await page.fill('#d-by', 'officer-e2e');
    // Without a reason the page says so next to the field, before calling the service.
    await page.click('#record-decision');
    expect(await page.getAttribute('#d-reason', 'aria-invalid')).toBe('true');
    await page.fill('#d-reason', 'The top-ranked carer cannot support the family contact plan this week.');
    await page.fill('#d-approver', 'nominated-officer-3');
    const answer = page.waitForResponse((r: Response) => r.url().endsWith('/v1/decisions'));
    await page.click('#record-decision');
    const res = await answer;
    expect(res.status()).toBe(201);
    await page.locator('#decision-status', { hasText: 'Decision recorded' }).waitFor();
    const decision = (await res.json()) as { id: string; chosenRank: number; reason: string; approver: { id: string } };
    expect(decision.chosenRank).toBe(2);
    expect(decision.approver.id).toBe('nominated-officer-3');
    const stored = await service.api('GET', `/v1/decisions/${encodeURIComponent(decision.id)}`, service.keys.officer);
    expect(stored.status).toBe(200);
    expect((stored.body as { reason: string }).reason).toContain('family contact plan');
    await page.locator('#decision-form').scrollIntoViewIfNeeded();
    await shot('04-decision');
  });

  it('same-day mode looks different and shows only emergency homes or the fallback ladder', async () => {
    await page.selectOption('#f-urgency', 'same_day');
    expect(await page.isVisible('#same-day-banner')).toBe(true);
    const answer = page.waitForResponse((r: Response) => r.url().endsWith('/v1/match'));
    await page.click('#find-homes');
    const body = (await (await answer).json()) as { mode: string; ranked: { homeId: string }[]; relaxations: unknown[] };
    expect(body.mode).toBe('same_day');
    await page.locator('#results-meta', { hasText: 'checked' }).waitFor();
    expect(await inPage<boolean>(`document.body.classList.contains('same-day')`)).toBe(true);
    for (const c of body.ranked.slice(0, 5)) {
      const home = await service.api('GET', `/v1/homes/${encodeURIComponent(c.homeId)}`, service.keys.officer);
      expect((home.body as { home: { emergency: boolean } }).home.emergency).toBe(true);
    }
    if (body.ranked.length === 0) expect(await page.locator('#relaxations .ladder li').count()).toBe(body.relaxations.length);
    await inPage('window.scrollTo(0, 0)');
    await shot('05-same-day');
    await page.selectOption('#f-urgency', 'planned');
  });

  it('a scenario naming a provider the live registry does not have is a 400 naming the field, before any job', async () => {
    const res = await service.api('POST', '/v1/scenarios', service.keys.admin, {
      baseline: { kind: 'registry', authorities: [service.authority] },
      changes: [{ kind: 'cost_uplift', percent: 6 }, { kind: 'remove_homes', providerId: 'P-NOT-IN-THE-REGISTRY' }],
      settings: { model: 'static' },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    const problems = (res.body as { problems: { path: (string | number)[]; message: string }[] }).problems;
    expect(problems.map((p) => p.path)).toEqual([['input', 'changes', 1, 'providerId']]);
    expect(problems[0]!.message).toContain('"P-NOT-IN-THE-REGISTRY"');
  });

  it('builds a scenario on the live registry by keyboard and mouse, runs it as a job with a progress bar, and shows baseline vs scenario', async () => {
    await page.fill('#api-key', service.keys.admin);
    // Keyboard: move to the Commissioning tab with the arrow key.
    await page.focus('#tab-match');
    await page.keyboard.press('ArrowRight');
    expect(await page.getAttribute('#tab-commission', 'aria-selected')).toBe('true');
    expect(await page.isVisible('#view-commission')).toBe(true);
    await page.waitForSelector('#provider-list label', { timeout: 60_000 });
    expect(await page.textContent('#scenario-status')).toMatch(/open homes from \d+ providers/);
    // Keyboard: focus the map, move the cursor with the arrow keys, Enter picks that place.
    await page.focus('#comm-map svg');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Enter');
    expect(await page.inputValue('#n-district')).toMatch(/^[A-Z]{1,2}\d/);
    // Mouse: click a district circle of the registry's homes on the map: it picks that district.
    const circle = page.locator('#comm-map g.marker.selectable[data-id="district:CV2"]');
    const district = (await circle.getAttribute('data-id'))!.slice('district:'.length);
    // (A dispatched click: district circles may overlap, and a real click at the centre could hit a neighbour.)
    await circle.dispatchEvent('click');
    expect(await page.inputValue('#n-district')).toBe(district);
    expect(await page.locator(`#comm-map g.marker.selected[data-id="district:${district}"]`).count()).toBe(1);
    // Keyboard: list only the providers with homes in the picked district, and tick the smallest (the last).
    expect(await page.isEnabled('#p-near')).toBe(true);
    expect(await page.textContent('#p-near-label')).toContain(district);
    await page.focus('#p-near');
    await page.keyboard.press('Space');
    expect(await page.isChecked('#p-near')).toBe(true);
    const first = page.locator('#provider-list input[type=checkbox]').last();
    const providerId = (await first.getAttribute('value'))!;
    await first.focus();
    await page.keyboard.press('Space');
    expect(await first.isChecked()).toBe(true);
    expect(await page.textContent('#provider-count')).toMatch(/^1 provider leaving/);
    // The provider really is in the live registry, with homes in the picked district.
    const listed = await service.api('GET', `/v1/homes?providerId=${encodeURIComponent(providerId)}&status=open&limit=1000`, service.keys.admin);
    const providerHomes = (listed.body as { homes: { home: { location: { district?: string; postcode?: string } } }[] }).homes;
    expect(providerHomes.length).toBeGreaterThan(0);
    expect(providerHomes.some((r) => (r.home.location.district ?? r.home.location.postcode ?? '').toUpperCase().split(' ')[0] === district)).toBe(true);
    // Its homes are drawn as leaving the market.
    expect(await page.locator('#comm-map g.marker.removed').count()).toBeGreaterThan(0);
    // A new home where the map was picked; keyboard only.
    await page.focus('#n-type');
    await page.selectOption('#n-type', 'council_childrens_home');
    await page.fill('#n-places', '3');
    await page.focus('#add-home');
    await page.keyboard.press('Enter');
    expect(await page.locator('#new-homes li').count()).toBe(1);
    expect(await page.textContent('#new-homes')).toContain(district);
    await page.fill('#s-uplift', '6');
    await page.selectOption('#s-model', 'static');
    await shot('06-scenario-built');
    // The service runs in this process and the static re-match holds its event loop while it runs, so even
    // the 202 may be seen late here: generous timeouts, nothing timed.
    const submitted = page.waitForResponse((r: Response) => r.url().endsWith('/v1/scenarios') && r.request().method() === 'POST', { timeout: 400_000 });
    await page.focus('#run-scenario');
    await page.keyboard.press('Enter');
    const accepted = await submitted;
    expect(accepted.status(), `POST /v1/scenarios: ${await accepted.text()}`).toBe(202);
    expect(await page.isVisible('#progress-wrap')).toBe(true);
    // The page sends the live-registry baseline and exactly the changes built on it.
    const sent = accepted.request().postDataJSON() as { baseline: { kind: string; authorities?: string[] }; changes: { kind: string; providerId?: string; districts?: string[]; percent?: number }[] };
    expect(sent.baseline).toMatchObject({ kind: 'registry', authorities: [service.authority] });
    expect(sent.changes).toEqual([
      expect.objectContaining({ kind: 'open_homes', type: 'council_childrens_home', places: 3, districts: [district] }),
      expect.objectContaining({ kind: 'remove_homes', providerId }),
      expect.objectContaining({ kind: 'cost_uplift', percent: 6 }),
    ]);
    const jobId = ((await accepted.json()) as { id: string }).id;
    // The job runs; the page polls GET /v1/jobs/{id} and fills the progress bar until the report arrives.
    // (Locators, not waitForFunction: the page's CSP forbids eval, which a string predicate would need.)
    await page.locator('#outcomes:not([hidden]), #scenario-status.error').first().waitFor({ timeout: 400_000 });
    expect(await page.textContent('#scenario-status')).toMatch(/finished/);
    expect(Number(await page.getAttribute('#scenario-progress', 'value'))).toBe(1);
    expect(await page.textContent('#outcomes-meta')).toMatch(/live registry \(version r\d+\)/);
    // The scenario ran on the registry's homes: the provider's open homes are the ones that closed.
    const job = await service.api('GET', `/v1/jobs/${encodeURIComponent(jobId)}`, service.keys.admin);
    const meta = (job.body as { result: { meta: { homes: { baseline: number; closed: number; opened: number }; baselineSource: { kind: string } } } }).result.meta;
    expect(meta.baselineSource.kind).toBe('registry');
    expect(meta.homes.closed).toBe(providerHomes.length);
    expect(meta.homes.opened).toBe(1);
    expect(meta.homes.baseline).toBe(await openHomeCount());
    const titles = await page.locator('#outcome-charts figure h3').allTextContents();
    expect(titles).toEqual(expect.arrayContaining(['Children placed', 'Distance from home', 'Siblings, kinship and school', 'Annual cost by placement type']));
    expect(await page.locator('#outcome-charts svg.bars-chart').count()).toBe(titles.length);
    expect(await page.locator('#affected table, #affected p').count()).toBeGreaterThan(0);
    // Focus moved to the results heading for keyboard and screen-reader users.
    expect(await inPage<string>('document.activeElement.id')).toBe('outcomes-heading');
    await inPage('window.scrollTo(0, 0)');
    await shot('06-scenario');
    await shot('06-scenario-full', true);
  }, 480_000);

  it('is readable at 1280x800: no sideways scrolling and no control cut off, on both views', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    for (const tab of ['#tab-commission', '#tab-match']) {
      await page.click(tab);
      expect(await inPage<number>('document.documentElement.scrollWidth'), tab).toBeLessThanOrEqual(1280);
      expect(await clippedControls(), tab).toEqual([]);
    }
    await page.click('#tab-commission');
  });

  it('labels every control on both views, and every request stays on this machine', async () => {
    const unlabelled = (): Promise<string[]> => inPage<string[]>(`[...document.querySelectorAll('input, select, textarea, button, [role=application], [tabindex="0"]')].filter((el) => {
      if (el.type === 'hidden' || el.closest('[hidden]')) return false;
      const byFor = el.id && document.querySelector('label[for="' + el.id + '"]');
      const text = (el.tagName === 'BUTTON' ? el.textContent : '').trim();
      return !(byFor || el.closest('label') || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || text);
    }).map((el) => el.outerHTML.slice(0, 80))`);
    for (const tab of ['#tab-commission', '#tab-match']) {
      await page.click(tab);
      expect(await unlabelled(), tab).toEqual([]);
    }
    // The commissioning controls are all in the tab order (none is mouse-only).
    await page.click('#tab-commission');
    const untabbable = await inPage<string[]>(`['#b-scope', '#b-authority', '#b-children', '#b-seed', '#n-district', '#n-type', '#n-places', '#n-cost', '#n-contract', '#n-emergency', '#add-home', '#p-filter', '#p-near', '#s-uplift', '#s-runs', '#s-model', '#run-scenario', '#comm-map svg', '#provider-list input']
      .filter((sel) => { const el = document.querySelector(sel); return !el || el.tabIndex < 0; })`);
    expect(untabbable).toEqual([]);
    const origin = new URL(service.url).origin;
    expect(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:'))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('is readable on a narrow screen: no sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.click('#tab-match');
    await inPage(`document.querySelector('#ineligible').open = false`);
    await inPage('window.scrollTo(0, 0)');
    expect(await inPage<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot('07-narrow-match');
    await page.locator('#results-heading').scrollIntoViewIfNeeded();
    await shot('07-narrow-results');
    await page.click('#tab-commission');
    expect(await inPage<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    expect(await clippedControls()).toEqual([]);
    await inPage('window.scrollTo(0, 0)');
    await shot('08-narrow-commission');
    await page.locator('#outcomes-heading').scrollIntoViewIfNeeded();
    await shot('08-narrow-outcomes');
  });
});
