#!/usr/bin/env node
// The web app in a real browser against a real server: starts `OPTICPLAN serve --port 0 --data
// WORK/data` (the web app from REPO/web/app/dist, built by scripts/setup), reads the port from its
// "listening on http://127.0.0.1:PORT" line and the first write token from DATA/initial-token, and
// drives Debian's chromium (playwright-core from web/app/node_modules) with every request but the
// server's own refused and counted as a failure. Steps and assertions:
//   1. the app asks for a token; the one from initial-token is accepted;
//   2. a scenario file (tests/cases/plan/quote-whole-json/plan.yaml) is uploaded with the file
//      picker and validates; a broken edit gets an inline message at the right line (gutter marker,
//      message at the end of the line, the list's "line N"); the fix clears it; saving creates it;
//   3. a plan run: the progress bar reaches 100% and "done"; the dashboard draws every section of
//      GET /api/runs/{id}/charts: per chart an ECharts instance, its series count equal to the model's
//      `series` and to what this script computes from the run's JSON result (as tests/report does),
//      every series with data, SVG paths drawn; the tables are there; "Open the HTML report" opens
//      the report, which draws its charts too;
//   4. a second version (edited, saved: two versions), its run, and the compare view: a row per KPI,
//      the order that changed (c-1, no longer late), both runs' charts side by side;
//   5. a quote: the schedule table and its chart (3 series); someone else commits the same order
//      through the API meanwhile, so Commit is refused (409) with the server's message; a new quote
//      commits (201) and the order is listed as committed; Release marks it released;
//   6. a sourcing run of the shipped sourcing scenario with smaller sizes typed in the run panel
//      (its placeholders show the scenario's own): the run is asked with those sizes only, its
//      progress bar grows to 100%, its dashboard draws every section as in step 3, its cost axis
//      in dollars ($100M) as the HTML report labels it;
//   7. no console error and no uncaught page error, except the HTTP statuses the steps provoke on
//      purpose (422 from /api/validate for the broken edit, 409 from /commit for the stale promise).
// Screenshots of the dashboard, the editor with its inline message, the comparison and the quote
// are written to WORK; with --gallery DIR also to DIR/webapp-*.png (docs/gallery).
//
// Usage: check_webapp.js OPTICPLAN_BINARY REPO_DIR WORK_DIR [--gallery DIR]
// (OPTICPLAN_BINARY may be web/app/dev/mock-server.mjs, run with node, while developing the app.)
'use strict';
const {spawn} = require('child_process');
const fs = require('fs');
const path = require('path');

const [binary, repo, work] = process.argv.slice(2, 5);
const galleryIdx = process.argv.indexOf('--gallery');
const gallery = galleryIdx > 0 ? process.argv[galleryIdx + 1] : null;
if (!binary || !repo || !work) {
  console.log('usage: check_webapp.js OPTICPLAN_BINARY REPO_DIR WORK_DIR [--gallery DIR]');
  process.exit(2);
}
const dist = path.join(repo, 'web', 'app', 'dist');
const modules = path.join(repo, 'web', 'app', 'node_modules');
if (!fs.existsSync(path.join(dist, 'index.html')) || !fs.existsSync(path.join(modules, 'playwright-core'))) {
  console.log(`FAIL the web app is not built (${dist}/index.html) or its packages are missing: run scripts/setup ` +
    '(or, in web/app: npm ci && npm run build)');
  process.exit(1);
}
const {chromium} = require(path.join(modules, 'playwright-core'));

const SCENARIO = path.join(repo, 'tests', 'cases', 'plan', 'quote-whole-json', 'plan.yaml');
const SCENARIO_ID = 'quote-demo';
const SOURCING_ID = 'sourcing-1.6t-cluster';  // shipped: stored at first start
const STEP_MS = 30000;
let failures = 0;
let checks = 0;
const fail = (msg) => {
  console.log('FAIL ' + msg);
  failures++;
};
const check = (ok, msg) => {
  checks++;
  if (!ok) fail(msg);
  return ok;
};
const distinct = (xs) => [...new Set(xs)];

// --- the server ---
function startServer(dataDir) {
  const args = ['serve', '--port', '0', '--data', dataDir];
  const env = {...process.env, OPTICPLAN_WEB: dist, OPTICPLAN_DATA: path.join(repo, 'data')};
  const child = binary.endsWith('.mjs')
    ? spawn(process.execPath, [binary, ...args], {env, stdio: ['ignore', 'pipe', 'pipe']})
    : spawn(binary, args, {env, stdio: ['ignore', 'pipe', 'pipe']});
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server printed no "listening on" line in 20 s:\n' + log)), 20000);
    const onData = (d) => {
      log += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(log);
      if (m) {
        clearTimeout(timer);
        resolve({child, base: m[1], log: () => log});
      }
    };
    child.stderr.on('data', onData);
    child.stdout.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening:\n${log}`));
    });
  });
}

async function waitForFile(file, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8').trim()) return fs.readFileSync(file, 'utf8').trim();
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${file} after ${ms} ms`);
}

async function main() {
  fs.rmSync(work, {recursive: true, force: true});
  fs.mkdirSync(work, {recursive: true});
  if (gallery) fs.mkdirSync(gallery, {recursive: true});
  const dataDir = path.join(work, 'data');
  const server = await startServer(dataDir);
  let browser = null;
  try {
    const token = await waitForFile(path.join(dataDir, 'initial-token'), 10000);
    const api = async (method, p, body) => {
      const res = await fetch(server.base + p, {method, headers: {Authorization: 'Bearer ' + token, 'Content-Type': 'application/json'},
        body: body === undefined ? undefined : JSON.stringify(body)});
      const text = await res.text();
      return {status: res.status, json: text ? JSON.parse(text) : null};
    };
    browser = await chromium.launch({executablePath: '/usr/bin/chromium', headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-default-apps']});
    await drive(browser, server.base, token, api).catch(async (e) => {
      // Say where the app was: its address, banner and view text, and a screenshot.
      const page = browser.contexts()[0] && browser.contexts()[0].pages()[0];
      if (page) {
        const state = await page.evaluate(() => ({hash: location.hash, banner: document.getElementById('banner').innerText,
          view: document.getElementById('view').innerText.slice(0, 600)})).catch(() => null);
        console.log('app state at the failure: ' + JSON.stringify(state));
        await page.screenshot({path: path.join(work, 'failure.png')}).catch(() => {});
      }
      throw e;
    });
  } finally {
    if (browser) await browser.close();
    server.child.kill('SIGTERM');
    fs.writeFileSync(path.join(work, 'server.log'), server.log());
  }
  console.log(`webapp: ${checks} checks, ${failures} failures`);
  console.log(`${failures ? 0 : 1} passed, ${failures ? 1 : 0} failed`);
  process.exit(failures ? 1 : 0);
}

async function drive(browser, base, token, api) {
  const context = await browser.newContext({viewport: {width: 1360, height: 1000}, acceptDownloads: false});
  const requests = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(base + '/') || url.startsWith('blob:') || url.startsWith('data:') || url === 'about:blank') return route.continue();
    requests.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_MS);
  const errors = [];
  // The statuses a step provokes on purpose: a browser logs every 4xx response as a console error.
  const expected = [];
  const allow = (status, pathEnd, times = Infinity) => expected.push({status, pathEnd, left: times});
  page.on('console', (m) => {
    if (process.env.WEBAPP_DEBUG) console.log(`console.${m.type()}: ${m.text()} (${m.location() && m.location().url})`);
    if (m.type() !== 'error') return;
    const s = /the server responded with a status of (\d+)/.exec(m.text());
    const url = (m.location() && m.location().url) || '';
    const e = s && expected.find((x) => x.left > 0 && x.status === Number(s[1]) && url.split('?')[0].endsWith(x.pathEnd));
    if (e) {
      e.left--;
      return;
    }
    errors.push(m.text() + (url ? ` (${url})` : ''));
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  const shot = async (name, fullHeight = 2400) => {
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({width: 1360, height: Math.min(Math.max(height, 800), fullHeight)});
    await page.evaluate(() => (window.opticplanCharts || []).forEach((c) => c.resize()));
    await page.waitForTimeout(150);
    const file = path.join(work, `webapp-${name}.png`);
    await page.screenshot({path: file, type: 'png'});
    if (gallery) fs.copyFileSync(file, path.join(gallery, `webapp-${name}.png`));
    await page.setViewportSize({width: 1360, height: 1000});
  };

  // 1. The token prompt.
  await page.goto(base + '/', {waitUntil: 'load'});
  await page.waitForSelector('#token');
  check(page.url().includes('#/token'), `the app without a token should ask for one, is at ${page.url()}`);
  allow(401, '/api/scenarios', 1);  // once (its console message may come after the page shows the refusal)
  await page.fill('#token', 'not-a-token');
  await page.click('#token-save');
  await page.waitForSelector('.form-msg.error');
  const refusedMsg = await page.textContent('.form-msg');
  check(/does not know/.test(refusedMsg), `an unknown token should be refused with a message, says "${refusedMsg}"`);
  await page.fill('#token', token);
  await page.click('#token-save');
  await page.waitForFunction(() => document.body.dataset.view === 'scenarios' && document.querySelector('main h1')?.textContent === 'Scenarios');
  check(await page.evaluate(() => localStorage.getItem('opticplan.token')) === token, 'the token should be kept in localStorage');
  console.log('ok   token accepted');

  // 2. Upload, a broken edit with its inline message, the fix, save.
  await page.click('a[href="#/new"]');
  await page.waitForSelector('#scenario-file', {state: 'attached'});
  const upload = path.join(work, SCENARIO_ID + '.yaml');
  const text = fs.readFileSync(SCENARIO, 'utf8');
  fs.writeFileSync(upload, text);
  await page.setInputFiles('#scenario-file', upload);
  await page.waitForSelector('#validate-status.ok');
  check(await page.inputValue('#scenario-text') === text, 'the uploaded file should fill the editor');
  check(await page.inputValue('#scenario-id') === SCENARIO_ID, 'the id should be proposed from the file name');
  const lines = text.split('\n');
  const badLine = lines.findIndex((l) => l.includes('id: b-1')) + 1;
  check(badLine > 0, 'the scenario should have order b-1');
  const broken = lines.map((l, i) => (i + 1 === badLine ? l.replace('quantity: 1000,', 'quantity: lots,') : l)).join('\n');
  allow(422, '/api/validate');
  await page.fill('#scenario-text', broken);
  await page.waitForSelector('#validate-status.bad');
  await page.waitForSelector(`.gutter .ln.err[data-line="${badLine}"]`);
  const inline = await page.textContent(`.inline-msg[data-line="${badLine}"]`);
  check(/quantity/.test(inline) && /lots/.test(inline), `the inline message at line ${badLine} should name the field and the bad value, is "${inline}"`);
  const listed = await page.$$eval('#problems ul.problems li', (lis) => lis.map((li) => li.textContent));
  check(listed.length >= 1 && listed.some((t) => t.includes(`line ${badLine}`) && t.includes('supply.orders[0].quantity')),
    `the problem list should say line ${badLine} and the field, says ${JSON.stringify(listed)}`);
  check(await page.$$eval('.gutter .ln.err', (els) => els.length) === 1, 'exactly one line should be marked');
  await page.click('#problems ul.problems button.line');
  check(await page.evaluate(() => {
    const t = document.getElementById('scenario-text');
    return t.value.slice(0, t.selectionStart).split('\n').length;
  }) === badLine, 'clicking the problem should put the cursor on its line');
  await shot('editor', 1100);
  await page.fill('#scenario-text', text);
  await page.waitForSelector('#validate-status.ok');
  check(await page.$$eval('.gutter .ln.err', (els) => els.length) === 0, 'the fix should clear the marks');
  // A valid edit the user likely did not mean: a warning, marked at its line, and still valid.
  const warnLine = lines.findIndex((l) => l.includes('{id: eml-co, item: eml, capacity: 8000}')) + 1;
  check(warnLine > 0, 'the scenario should have supplier eml-co with 8000');
  await page.fill('#scenario-text', text.replace('{id: eml-co, item: eml, capacity: 8000}', '{id: eml-co, item: eml, capacity: 8000, moq: 9000}'));
  await page.waitForSelector(`.gutter .ln.warn[data-line="${warnLine}"]`);
  const warned = await page.textContent('#validate-status.ok');
  check(/1 warning/.test(warned), `the status should say the scenario is valid with 1 warning, says "${warned}"`);
  const warnings = await page.$$eval('#problems .problems-box.warn li', (lis) => lis.map((li) => li.textContent));
  check(warnings.length === 1 && warnings[0].includes('moq') && warnings[0].includes('never ships'),
    `the warning should be listed with its field, is ${JSON.stringify(warnings)}`);
  await page.fill('#scenario-text', text);
  await page.waitForSelector('#validate-status.ok');
  await page.waitForFunction(() => !document.querySelector('.gutter .ln.warn'));
  await page.click('#save');
  await page.waitForFunction((id) => location.hash === '#/scenarios/' + id, SCENARIO_ID);
  await page.waitForSelector('#run-kind');
  check((await page.$$eval('#versions li', (lis) => lis.length)) === 1, 'a new scenario should have one version');
  console.log(`ok   uploaded, inline message at line ${badLine}, saved as ${SCENARIO_ID}`);

  // 3. A plan run with its progress bar, then the dashboard.
  const planRun = await runPlan(page, 'heuristic');
  const model = (await api('GET', `/api/runs/${planRun}/charts`)).json;
  const result = (await api('GET', `/api/runs/${planRun}/result`)).json;
  await checkDashboard(page, model, result, planRun);
  const [popup] = await Promise.all([context.waitForEvent('page'), page.click('#open-report')]);
  await popup.waitForFunction(() => document.documentElement.hasAttribute('data-charts-drawn'), null, {timeout: STEP_MS});
  check(Number(await popup.evaluate(() => document.documentElement.getAttribute('data-charts-drawn'))) === model.sections.filter((s) => s.chart).length,
    'the HTML report should draw as many charts as the dashboard');
  await popup.close();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot('dashboard', 2400);

  // 4. A second version (more EML lasers: order c-1 is no longer late), its run, the comparison.
  await page.goto(`${base}/#/scenarios/${SCENARIO_ID}`);
  await page.waitForSelector('#validate-status.ok');
  const v2 = text.replace('{id: eml-co, item: eml, capacity: 8000}', '{id: eml-co, item: eml, capacity: 24000}');
  check(v2 !== text, 'the scenario should have supplier eml-co with 8000');
  await page.fill('#scenario-text', v2);
  await page.waitForSelector('#validate-status.ok');
  await page.click('#save');
  await page.waitForFunction(() => /version 2/.test(document.getElementById('save-msg').textContent));
  await page.waitForFunction(() => document.querySelectorAll('#versions li').length === 2);
  check(await page.inputValue('#run-version') === '2', 'the run panel should offer the new version');
  // This one also asks for the bound: the dashboard then shows the fast planner against it.
  const lpRun = await runPlan(page, 'heuristic', {bound: true});
  await page.waitForSelector('#dashboard');
  const boundAsked = (await api('GET', `/api/runs/${lpRun}`)).json.options;
  check(boundAsked.bound === true && boundAsked.planner === 'heuristic', `the run should be asked with the bound: ${JSON.stringify(boundAsked)}`);
  const boundResult = (await api('GET', `/api/runs/${lpRun}/result`)).json;
  check(boundResult.comparison && boundResult.comparison.against === 'bound', `the result should hold the comparison with the bound: ${JSON.stringify(boundResult.comparison)}`);
  check(await page.$$eval('#dashboard h2', (hs) => hs.some((e) => e.textContent === 'Fast planner against the bound')),
    'the dashboard should show the fast planner against the bound');
  const plainAsked = (await api('GET', `/api/runs/${planRun}`)).json.options;
  check(plainAsked.bound === undefined, `a run without the box ticked should not ask for the bound: ${JSON.stringify(plainAsked)}`);
  await page.goto(`${base}/#/compare?a=${planRun}&b=${lpRun}`);
  await page.waitForSelector('#compare-kpis table tbody tr');
  const compare = (await api('GET', `/api/compare?a=${planRun}&b=${lpRun}`)).json;
  const kpiRows = await page.$$eval('#compare-kpis tbody tr', (trs) => trs.length);
  if (check(compare && compare.schema === 'opticplan.run-compare' && Array.isArray(compare.measures), `GET /api/compare: unknown answer ${JSON.stringify(compare).slice(0, 200)}`)) {
    check(kpiRows === compare.measures.length, `the compare view should list ${compare.measures.length} measures, lists ${kpiRows}`);
    check(compare.orders.some((o) => o.id === 'c-1'), `order c-1 should have changed: ${JSON.stringify(compare.orders)}`);
    check(await page.$$eval('#compare-orders tbody tr', (trs) => trs.length) === compare.orders.length, 'the compare view should list the orders that changed');
  }
  await page.waitForFunction(() => document.querySelectorAll('.side-by-side div.chart svg').length > 0);
  const sideCharts = await page.$$eval('.side-by-side div.chart', (els) => els.length);
  const lpModel = (await api('GET', `/api/runs/${lpRun}/charts`)).json;
  const bothCharts = model.sections.filter((s) => s.chart).length + lpModel.sections.filter((s) => s.chart).length;
  check(sideCharts === bothCharts, `both runs' charts (${bothCharts}) should be side by side, ${sideCharts} are`);
  console.log(`ok   compared runs ${planRun} and ${lpRun}: ${kpiRows} KPIs, ${sideCharts} charts side by side`);
  await shot('compare', 1600);

  // 5. Quote, a refused commit (the plan changed meanwhile), a new quote committed, release.
  await page.goto(`${base}/#/scenarios/${SCENARIO_ID}/quote`);
  await page.waitForSelector('#q-customer');
  await page.waitForSelector('#committed h2');
  const order = {customer: 'buyer-a', requirement: '800G-DR8', quantity: 3000, due: '2026-W01'};
  await page.selectOption('#q-customer', order.customer);
  await page.selectOption('#q-what', 'requirement');
  await page.selectOption('#q-requirement', order.requirement);
  await page.fill('#q-quantity', String(order.quantity));
  await page.selectOption('#q-due', order.due);
  await page.click('#quote');
  await page.waitForSelector('#quote-schedule tbody tr');
  const apiQuote = (await api('POST', `/api/scenarios/${SCENARIO_ID}/quote`, order)).json;
  const schedule = await page.$$eval('#quote-schedule tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  check(schedule.length === apiQuote.order.deliveries.length && schedule.every((r, i) => r[0] === apiQuote.order.deliveries[i].period),
    `the schedule shown ${JSON.stringify(schedule)} should be the quote's deliveries ${JSON.stringify(apiQuote.order.deliveries)}`);
  check(/Complete by 2026-W01/.test(await page.textContent('.quote-result h2')), 'the quote should be complete by 2026-W01');
  await checkChartsIn(page, '#quote-chart', 3, 'quote chart');
  await shot('quote', 1200);
  // Another user commits the same order first: the promise on screen can no longer be kept.
  const other = await api('POST', `/api/scenarios/${SCENARIO_ID}/commit`, {...order, id: 'other-desk', promise: apiQuote.order.deliveries});
  check(other.status === 201, `a commit through the API should be 201, is ${other.status} ${JSON.stringify(other.json)}`);
  allow(409, '/commit');
  await page.click('#commit');
  await page.waitForSelector('#commit-refused');
  const refusal = await page.textContent('#commit-refused');
  check(/Refused/.test(refusal) && refusal.length > 20, `a stale promise should be refused with the server's message, shows "${refusal}"`);
  console.log(`ok   stale promise refused: ${refusal.slice(0, 140).replace(/\s+/g, ' ')}`);
  // Quote again: a later schedule, committed.
  await page.click('#quote');
  await page.waitForSelector('#quote-schedule tbody tr');
  const requote = (await api('POST', `/api/scenarios/${SCENARIO_ID}/quote`, order)).json;
  check(requote.complete !== apiQuote.complete || requote.order.on_time < apiQuote.order.on_time,
    `after another commit the quote should be worse (was ${apiQuote.complete}, is ${requote.complete})`);
  await page.fill('#q-id', 'web-1');
  await page.click('#commit');
  await page.waitForSelector('#commit-ok');
  check(/Committed as web-1/.test(await page.textContent('#commit-ok')), 'the commit should confirm the order id');
  await page.waitForSelector('#committed-orders tbody tr');
  const committed = await page.$$eval('#committed-orders tbody tr', (trs) => trs.map((tr) => tr.children[0].textContent));
  check(committed.includes('web-1') && committed.includes('other-desk'), `the committed list should hold web-1 and other-desk, holds ${committed}`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot('quote-committed', 1400);
  await page.click('#committed-orders button[data-release="web-1"]');
  await page.waitForFunction(() => [...document.querySelectorAll('#committed-orders tbody tr')]
    .some((tr) => tr.children[0].textContent === 'web-1' && /released/.test(tr.textContent)));
  const orders = (await api('GET', `/api/scenarios/${SCENARIO_ID}/orders`)).json.orders;
  check(orders.some((o) => o.id === 'web-1' && o.released), 'the server should list web-1 as released');
  console.log(`ok   quoted ${schedule.length} deliveries, committed web-1 (list: ${committed.join(', ')}), released it`);

  // 6. A sourcing run of the shipped sourcing scenario, smaller than its risk: asks, then its dashboard.
  await page.goto(`${base}/#/scenarios/${SOURCING_ID}`);
  await page.waitForSelector('#run-kind');
  await page.selectOption('#run-kind', 'source');
  check(await page.getAttribute('#run-scenarios', 'placeholder') === '200', 'the scenarios field should show the scenario\'s 200 as its placeholder');
  await page.fill('#run-scenarios', '40');
  await page.fill('#run-evaluation', '1000');
  const sourceRun = await startAndFollow(page, 'source');
  const sourceModel = (await api('GET', `/api/runs/${sourceRun}/charts`)).json;
  const sourceResult = (await api('GET', `/api/runs/${sourceRun}/result`)).json;
  const asked = (await api('GET', `/api/runs/${sourceRun}`)).json.options;
  check(asked.scenarios === 40 && asked.evaluation === 1000 && asked.cvar_weight === undefined,
    `the run should be asked with the sizes typed and nothing else, is ${JSON.stringify(asked)}`);
  check(sourceResult.schema === 'opticplan.source' && sourceResult.risk.scenarios === 40 && sourceResult.risk.evaluation === 1000,
    `the result should be a sourcing decision on 40 and 1000 futures: ${JSON.stringify(sourceResult.risk)}`);
  await checkDashboard(page, sourceModel, sourceResult, sourceRun);
  // Axes in USD are labelled as money, as in the HTML report (web/report/chart-options.mjs).
  const labels = await page.$$eval('#dashboard div.chart[data-section="Out of sample, against the baselines"] svg text', (ts) => ts.map((t) => t.textContent));
  check(labels.some((l) => /^\$\d+(\.\d)?[KMB]?$/.test(l)) && !labels.includes('usd'), `the cost axis should be labelled in dollars: ${JSON.stringify(labels)}`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot('source', 2400);

  for (const e of errors) fail(`console error: ${e}`);
  for (const r of requests) fail(`the page requested ${r}`);
  await context.close();
}

async function runPlan(page, planner, {bound = false} = {}) {
  await page.selectOption('#run-kind', 'plan');
  await page.selectOption('#run-planner', planner);
  if (planner === 'heuristic') await page.setChecked('#run-bound', bound);
  return startAndFollow(page, `plan, ${planner}${bound ? ', bound' : ''}`);
}

// Clicks Run, then follows the progress bar to the dashboard.
async function startAndFollow(page, what) {
  await page.click('#run');
  await page.waitForFunction(() => /^#\/runs\/\d+$/.test(location.hash));
  const run = Number(await page.evaluate(() => location.hash.split('/')[2]));
  await page.waitForSelector('#run-progress');
  // The bar only grows, and ends at 100 with the status done.
  const seen = [];
  const end = Date.now() + 120000;
  for (;;) {
    const s = await page.evaluate(() => {
      const p = document.getElementById('run-progress');
      return p ? {now: Number(p.getAttribute('aria-valuenow')), status: p.dataset.status} : null;
    });
    if (s) seen.push(s.now);
    if (s && (s.status === 'done' || s.status === 'failed') || Date.now() > end) {
      check(s && s.status === 'done' && s.now === 100, `run ${run} should finish done at 100%, is ${JSON.stringify(s)}`);
      break;
    }
    await page.waitForTimeout(50);
  }
  check(seen.every((v, i) => i === 0 || v >= seen[i - 1]), `the progress bar should only grow: ${seen}`);
  await page.waitForSelector('#dashboard');
  console.log(`ok   run ${run} (${what}): progress ${distinct(seen).join(' → ')}%`);
  return run;
}

// Every chart of the dashboard: drawn by ECharts with the model's series (and the series the
// report test computes from the plan result itself), each with data, as SVG paths.
async function checkDashboard(page, model, result, run) {
  await page.waitForFunction(() => document.documentElement.hasAttribute('data-charts-drawn'));
  const withChart = model.sections.filter((s) => s.chart);
  check(withChart.length > 0, `run ${run}: the model should have charts`);
  const charts = await chartsOn(page, '#dashboard div.chart');
  check(charts.length === withChart.length, `the dashboard should draw ${withChart.length} charts, draws ${charts.length}`);
  // What the report test computes from a result of each kind (tests/report/check_reports.js).
  const fromResult = result.schema === 'opticplan.source' ? {
    'Recommended split': distinct(result.recommended.reserve.map((r) => r.supplier)).length,
    'Out of sample, against the baselines': 3,
    'Efficient frontier': 1,
  } : {
    'Demand vs deliveries by period': 4,
    'Shipments per customer over time': distinct(result.orders.map((o) => o.customer)).length,
    'Deliveries per order over time': result.orders.length ? 2 : 0,
    'Lateness': 2,
    'Capacity use': result.lines.length + result.suppliers.length,
  };
  withChart.forEach((s, i) => {
    const ch = charts[i];
    if (!ch) return;
    check(ch.section === s.title, `chart ${i} should be "${s.title}", is "${ch.section}"`);
    if (ch.missing) return fail(`"${s.title}" has no ECharts instance`);
    check(ch.series === s.series && ch.series > 0, `"${s.title}" draws ${ch.series} series, the model says ${s.series}`);
    if (fromResult[s.title]) check(ch.series === fromResult[s.title], `"${s.title}" draws ${ch.series} series, the plan result gives ${fromResult[s.title]}`);
    check(ch.counts.every((n) => n > 0), `"${s.title}" has a series without data (${ch.counts})`);
    check(ch.paths >= ch.series && ch.width >= 100 && ch.height >= 100, `"${s.title}" drew nothing (${ch.paths} SVG paths, ${ch.width}x${ch.height})`);
  });
  const tables = await page.$$eval('#dashboard table', (ts) => ts.length);
  const expectedTables = model.sections.reduce((n, s) => n + (s.tables || []).length, 0);
  check(tables === expectedTables, `the dashboard should show ${expectedTables} tables, shows ${tables}`);
  console.log(`ok   run ${run} dashboard: ${charts.length} charts (${charts.map((c) => c.series).join('+')} series), ${tables} tables`);
}

async function chartsOn(page, selector) {
  return page.$$eval(selector, (els) => els.map((el) => {
    const chart = (window.opticplanCharts || []).find((c) => c.getDom() === el);
    const section = el.closest('section') ? el.closest('section').querySelector('h2').textContent : el.id;
    if (!chart) return {section, missing: true};
    const option = chart.getOption();
    const model = chart.getModel();
    const svg = el.querySelector('svg');
    return {
      section, series: option.series.length,
      counts: option.series.map((s, k) => model.getSeriesByIndex(k).getData().count()),
      paths: svg ? svg.querySelectorAll('path').length : 0,
      width: svg ? svg.getBoundingClientRect().width : 0, height: svg ? svg.getBoundingClientRect().height : 0,
    };
  }));
}

async function checkChartsIn(page, selector, series, name) {
  await page.waitForSelector(selector + ' svg');
  const [ch] = await chartsOn(page, selector);
  if (!check(ch && !ch.missing, `${name}: no ECharts instance`)) return;
  check(ch.series === series && ch.counts.every((n) => n > 0) && ch.paths >= series, `${name}: ${JSON.stringify(ch)}`);
}

main().catch((e) => {
  console.log('FAIL ' + (e && e.stack || e));
  console.log('0 passed, 1 failed');
  process.exit(1);
});
