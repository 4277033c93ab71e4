#!/usr/bin/env node
// The HTML reports in a real browser: every report kind, made by the CLI from the shipped scenarios
// and test cases, opened in headless Chromium (Debian's chromium, driven by playwright-core from
// web/report/node_modules) with every network request refused. Asserts per report:
//   - no console error and no uncaught page error; no request other than the file itself;
//   - every chart drew: an ECharts instance per chart div, its series count equal to what the page
//     declares AND to what this script expects from the JSON result itself, every series holding
//     data, and the chart's SVG holding drawn paths;
//   - the market report is under 3 MB and loads (load event, all charts drawn) in under 2 s
//     (median of three loads, on the page's clock from navigation start);
//   - `COMMAND --report` writes the same bytes as `opticplan report` on the command's --json, and
//     a second run writes the same bytes again (no timestamps).
//   - every report ends with a "Scenario inputs" section and a "Sources" section whose sources with
//     an address are links;
//   - read at a glance, in a 1,400-pixel-wide window: a headline box of 2 or 3 figures, each a
//     number and words; the page does not scroll sideways; no chart text (axis titles, labels,
//     legends) is cut off by its chart's edges; no axis label shows a raw number of a billion or
//     more (money is $26.2B), and the market value axis is in $K, $M or $B.
// With --gallery DIR it also saves a PNG screenshot of each report but `run` (docs/gallery/; the
// top 2,600 pixels, tables cut short).
//
// Usage: check_reports.js OPTICPLAN_BINARY REPO_DIR WORK_DIR [--gallery DIR]
'use strict';
const {execFileSync} = require('child_process');
const fs = require('fs');
const path = require('path');

const [binary, repo, work] = process.argv.slice(2, 5);
const galleryIdx = process.argv.indexOf('--gallery');
const gallery = galleryIdx > 0 ? process.argv[galleryIdx + 1] : null;
const {chromium} = require(path.join(repo, 'web', 'report', 'node_modules', 'playwright-core'));

const MAX_MARKET_BYTES = 3 * 1024 * 1024;
const MAX_LOAD_MS = 2000;
let failures = 0;
const fail = (msg) => {
  console.log('FAIL ' + msg);
  failures++;
};

function cli(args) {
  return execFileSync(binary, args, {cwd: repo, maxBuffer: 1 << 30, env: {...process.env, OPTICPLAN_DATA: path.join(repo, 'data')}});
}

// The reports to make: kind, the command, and the series each chart must have, computed here from
// the JSON result independently of the report writer.
const distinct = (xs) => [...new Set(xs)];
const cases = [
  {
    name: 'fabric', args: ['fabric', 'data/scenarios/default.yaml'],
    expect: (j) => ({
      'Modules by tier and type': distinct(j.bom.tiers.flatMap((t) => [t.lower_module, t.upper_module]).filter(Boolean)).length,
      'Power and cost per GPU': 2,
      'Link lengths per tier': j.lengths.length,
    }),
  },
  {
    name: 'fabric-tco', args: ['fabric', '--gpus', '16384', '--server', 'dgx-b300', '--switch', 'q3400', '--tco', '5'],
    expect: (j) => ({
      'Modules by tier and type': distinct(j.bom.tiers.flatMap((t) => [t.lower_module, t.upper_module]).filter(Boolean)).length,
      'Power and cost per GPU': 2,
      'Total cost of ownership over 5 years': 1,
      'Link lengths per tier': j.lengths.length,
    }),
  },
  {
    name: 'fabric-compare', args: ['fabric', 'compare', 'tests/cases/fabric/compare-designs/designs.yaml'],
    expect: (j) => ({
      'Power per GPU across designs': 2,
      'Cost per GPU across designs': 2,
      'Lasers and DSPs per GPU': 2,
      'Modules by design and type': distinct(j.designs.filter((d) => !d.error).flatMap((d) => Object.keys(d.fabric.transceivers))).length,
    }),
  },
  {
    name: 'fabric-tco-compare', args: ['fabric', 'compare', 'tests/cases/fabric/tco-dsp-lpo-cpo/designs.yaml', '--tco', '5'],
    expect: (j) => ({
      'Power per GPU across designs': 2,
      'Cost per GPU across designs': 2,
      'Lasers and DSPs per GPU': 2,
      'Modules by design and type': distinct(j.designs.filter((d) => !d.error).flatMap((d) => Object.keys(d.fabric.transceivers))).length,
      'Total cost of ownership across designs': 6,
    }),
  },
  {
    name: 'link', args: ['link', 'check', 'data/scenarios/default.yaml'],
    expect: (j) => Object.fromEntries([['Loss margin per link', 2]].concat(
        j.dci.map((d) => ['GSNR vs launch power: ' + d.id, d.modes.filter((m) => m.sweep.length).length]),
        // the chosen mode's channels across the band: three lines
        j.dci.filter((d) => d.modes.length).map((d) => ['Per channel: ' + d.id + ' (' + (d.chosen_mode || d.modes[0].mode) + ')', 3]))),
  },
  {
    name: 'plan', args: ['plan', 'data/scenarios/default.yaml'],
    expect: (j) => ({
      'Demand vs deliveries by period': 4,
      'Shipments per customer over time': distinct(j.orders.map((o) => o.customer)).length,
      'Deliveries per order over time': j.orders.length ? 2 : 0,
      'Shortages: constraint × period': j.orders.some((o) => o.causes.length) ? 1 : 0,
      'Lateness': 2,
      'Bottlenecks': j.bottlenecks.length ? 1 : 0,
      'Capacity use': j.lines.length + j.suppliers.length,
    }),
  },
  {
    // Second sources and alternate routes: the pegging section draws one bar series.
    name: 'plan-sources', args: ['plan', 'tests/cases/plan/route-second-site/plan.yaml'],
    expect: (j) => ({
      'Demand vs deliveries by period': 4,
      'Shipments per customer over time': distinct(j.orders.map((o) => o.customer)).length,
      'Deliveries per order over time': 2,
      'Shortages: constraint × period': 1,
      'Lateness': 2,
      'Bottlenecks': 1,
      'Sources: second-source parts and alternate routes per order':
        j.orders.some((o) => (o.parts || []).length || (o.routes || []).length) ? 1 : 0,
      'Capacity use': j.lines.length + j.suppliers.length,
    }),
  },
  {
    name: 'select', args: ['select', '--speed', '800G', '--length', '1.2km', '--fiber', 'smf'],
    expect: (j) => ({
      'Candidates ranked': j.candidates.length ? 2 : 0,
      'Why the others are refused': j.rejected.length ? 1 : 0,
    }),
  },
  {
    name: 'source', args: ['source', 'data/scenarios/sourcing-1.6t-cluster.yaml', '--scenarios', '60', '--evaluation', '1000'],
    expect: (j) => ({
      'Recommended split': distinct(j.recommended.reserve.map((r) => r.supplier)).length,
      'Out of sample, against the baselines': 3,
      'Efficient frontier': 1,
      'What each disruption costs': j.drivers.length ? 1 : 0,
    }),
  },
  {
    name: 'quote', args: ['quote', 'data/scenarios/default.yaml', '--customer', 'neocloud', '--item', 'osfp-1.6t-2xdr4-siph',
      '--quantity', '6000', '--due', '2026-W12'],
    expect: (j) => ({
      'Promised schedule': distinct(j.order.deliveries.map((d) => d.item)).length + 2,
      'Why not earlier': j.order.causes.length ? 1 : 0,
    }),
  },
  {
    name: 'compare', args: ['compare', 'tests/cases/plan/compare-what-if/base.yaml', 'tests/cases/plan/compare-what-if/whatif.yaml'],
    expect: (j) => ({
      'Key figures: base vs what-if': 2,
      'Orders that moved': j.moved.length ? 2 : 0,
    }),
  },
];
// Every market: the shipped scenarios with a market: section and the market test cases.
const markets = fs.readdirSync(path.join(repo, 'data', 'scenarios')).map((f) => path.join('data', 'scenarios', f))
  .concat(fs.readdirSync(path.join(repo, 'tests', 'cases', 'market')).flatMap((d) =>
    fs.readdirSync(path.join(repo, 'tests', 'cases', 'market', d)).filter((f) => f.endsWith('.yaml'))
      .map((f) => path.join('tests', 'cases', 'market', d, f))))
  .filter((f) => f.endsWith('.yaml') && /\nmarket:/.test(fs.readFileSync(path.join(repo, f), 'utf8')));
markets.forEach((m, i) => cases.push({
  name: i === 0 ? 'market' : 'market-' + i, args: ['market', m], market: true,
  expect: (j) => {
    const per = j.per_period || j.quarters;  // market schema v1, v2
    const e = {
      'Shipments by speed': j.classes.length,
      'Market value by year': 4,
      '800G-and-above share': 4,
      'Binding constraint per period': distinct(per.map((p) => p.binding).filter((b) => b !== null)).length,
      'Backlog': 4,
    };
    if (per.length && per[0].wait_periods) e['Wait'] = 4;
    const buyerYears = j.years.filter((y) => y.buyers && Object.keys(y.buyers).length).length;
    if (buyerYears) e['Per buyer: what each was shipped of what it was due'] = buyerYears;
    if ((j.events || []).length) e['Events: how likely each one is'] = 1;
    const bars = j.tornado && (Array.isArray(j.tornado) ? j.tornado : j.tornado.bars);
    if (bars && bars.length) e['Sensitivities (tornado)'] = 2;
    return e;
  },
}));
cases.push({
  name: 'run', args: ['run', 'data/scenarios/default.yaml'],
  // Its sections are the select, link, fabric and plan ones, checked above; one chart per selection here.
  expect: (j) => Object.fromEntries(j.selections.map((s, i) =>
    ['Select ' + (s.requirement.name || i + 1) + ': Candidates ranked', s.candidates.length ? 2 : 0])),
});

async function main() {
  fs.mkdirSync(work, {recursive: true});
  if (gallery) fs.mkdirSync(gallery, {recursive: true});
  // Make every report: from --json through `opticplan report`, and straight from --report.
  for (const c of cases) {
    c.json = path.join(work, c.name + '.json');
    c.html = path.join(work, c.name + '.html');
    fs.writeFileSync(c.json, cli(c.args.concat(['--json'])));
    cli(['report', c.json, '-o', c.html]);
    c.result = JSON.parse(fs.readFileSync(c.json, 'utf8'));
    const bytes = fs.readFileSync(c.html);
    cli(['report', c.json, '-o', c.html + '.again']);
    if (!bytes.equals(fs.readFileSync(c.html + '.again'))) fail(`${c.name}: two reports of the same result differ`);
    cli(c.args.concat(['--report', c.html + '.direct']));
    if (!bytes.equals(fs.readFileSync(c.html + '.direct'))) fail(`${c.name}: --report differs from opticplan report on --json`);
    c.size = bytes.length;
    if (c.market && c.size >= MAX_MARKET_BYTES) fail(`${c.name}: report is ${c.size} bytes, not under 3 MB`);
  }

  const browser = await chromium.launch({executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox'], headless: true});
  try {
    for (const c of cases) await check(browser, c);
  } finally {
    await browser.close();
  }
  console.log(`${cases.length} reports checked, ${failures} failures`);
  process.exit(failures ? 1 : 0);
}

async function check(browser, c) {
  const url = 'file://' + c.html;
  const context = await browser.newContext({viewport: {width: 1400, height: 1000}, offline: true});
  const requests = [];
  await context.route('**/*', (route) => {
    if (route.request().url() === url || route.request().url() === 'about:blank') return route.continue();
    requests.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  // Load time: from navigation start to every chart drawn (and the load event), on the page's own
  // clock, after the renderer process has started. The market report is loaded three times and
  // its median asserted (the machine may be shared with builds); the others are loaded once.
  const loads = [];
  for (let i = 0; i < (c.market ? 3 : 1); ++i) {
    await page.goto('about:blank');
    const t0 = Date.now();
    await page.goto(url, {waitUntil: 'load'});
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-charts-drawn'), null, {timeout: 10000})
      .catch(() => errors.push('charts never finished drawing'));
    const wall = Date.now() - t0;
    const timing = await page.evaluate(() => ({
      drawn: window.opticplanDrawnMs,
      load: Math.round(performance.getEntriesByType('navigation')[0].loadEventEnd),
    }));
    loads.push({ms: Math.max(timing.drawn || 0, timing.load || 0), wall});
  }
  loads.sort((a, b) => a.ms - b.ms);
  const loadMs = loads[Math.floor(loads.length / 2)].ms;
  const wallMs = loads[Math.floor(loads.length / 2)].wall;
  const charts = await page.evaluate(() => Array.from(document.querySelectorAll('div.chart')).map((el, i) => {
    const chart = (window.opticplanCharts || [])[i];
    const section = el.closest('section').querySelector('h2').textContent;
    if (!chart) return {section, missing: true};
    const option = chart.getOption();
    const model = chart.getModel();
    const counts = option.series.map((s, k) => model.getSeriesByIndex(k).getData().count());
    const svg = el.querySelector('svg');
    return {
      section, declared: Number(el.dataset.series), series: option.series.length, counts,
      paths: svg ? svg.querySelectorAll('path').length : 0,
      width: svg ? svg.getBoundingClientRect().width : 0, height: svg ? svg.getBoundingClientRect().height : 0,
    };
  }));
  const expected = c.expect(c.result);
  const bySection = Object.fromEntries(charts.map((ch) => [ch.section, ch]));
  for (const [section, n] of Object.entries(expected)) {
    const ch = bySection[section];
    if (n === 0) {
      if (ch) fail(`${c.name}: "${section}" should have no chart (nothing to draw), has one`);
      continue;
    }
    if (!ch) fail(`${c.name}: no chart "${section}"`);
    else if (ch.series !== n) fail(`${c.name}: "${section}" draws ${ch.series} series, expected ${n} from the result`);
  }
  for (const ch of charts) {
    if (ch.missing) { fail(`${c.name}: "${ch.section}" has no ECharts instance`); continue; }
    if (ch.series !== ch.declared || ch.series === 0) fail(`${c.name}: "${ch.section}" draws ${ch.series} series, page declares ${ch.declared}`);
    if (ch.counts.some((n) => n === 0)) fail(`${c.name}: "${ch.section}" has a series without data (${ch.counts})`);
    if (ch.paths < ch.series || ch.width < 100 || ch.height < 100) fail(`${c.name}: "${ch.section}" drew nothing (${ch.paths} SVG paths, ${ch.width}x${ch.height})`);
  }
  if (charts.length === 0) fail(`${c.name}: no charts`);
  // Read at a glance: the headline, no sideways scrolling, chart text inside its chart, money as money.
  const glance = await page.evaluate(() => ({
    figures: Array.from(document.querySelectorAll('div.headline div.figure')).map((f) => ({
      figure: (f.querySelector('strong') || {}).textContent || '', words: (f.querySelector('span') || {}).textContent || ''})),
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    charts: Array.from(document.querySelectorAll('div.chart')).map((el) => {
      const box = el.getBoundingClientRect();
      // Text inside a clipped group (a scrolling legend's hidden entries) is meant to be out of view.
      const texts = Array.from(el.querySelectorAll('svg text')).filter((t) => !t.closest('[clip-path]')).map((t) => {
        const r = t.getBoundingClientRect();
        return {text: t.textContent, left: r.left - box.left, right: r.right - box.left, top: r.top - box.top,
          bottom: r.bottom - box.top, width: r.width};
      });
      return {section: el.closest('section').querySelector('h2').textContent, width: box.width, height: box.height, texts};
    }),
  }));
  if (glance.figures.length < 2 || glance.figures.length > 3) fail(`${c.name}: the headline has ${glance.figures.length} figures, not 2 or 3`);
  for (const f of glance.figures) if (!f.figure.trim() || !f.words.trim()) fail(`${c.name}: a headline figure without its number or words`);
  if (glance.scrollWidth > glance.clientWidth) fail(`${c.name}: the page scrolls sideways at 1,400 px (${glance.scrollWidth} px wide)`);
  for (const ch of glance.charts) {
    for (const t of ch.texts) {
      if (t.width === 0 || !t.text.trim()) continue;
      if (t.left < -1 || t.right > ch.width + 1 || t.top < -1 || t.bottom > ch.height + 1)
        fail(`${c.name}: "${ch.section}": "${t.text}" is cut off by the chart's edge (${Math.round(t.left)}..${Math.round(t.right)} of ${Math.round(ch.width)} px)`);
      if (/^-?\d{1,3}(,\d{3}){3,}$/.test(t.text.trim())) fail(`${c.name}: "${ch.section}": a raw number "${t.text}" on an axis`);
    }
    if (ch.section === 'Market value by year' && !ch.texts.some((t) => /^\$\d+(\.\d)?[KMB]$/.test(t.text.trim())))
      fail(`${c.name}: "Market value by year" has no axis label in $K, $M or $B (${ch.texts.map((t) => t.text).slice(0, 12).join(' | ')})`);
  }
  // Every report ends with the scenario's inputs and the sources of its numbers; a source with an
  // address is a link.
  const tail = await page.evaluate(() => ({
    titles: Array.from(document.querySelectorAll('section > h2')).map((h) => h.textContent),
    links: Array.from(document.querySelectorAll('table[data-table$="sources"] a[href^="http"]')).length,
  }));
  if (tail.titles[tail.titles.length - 1] !== 'Sources') fail(`${c.name}: the last section is "${tail.titles[tail.titles.length - 1]}", not "Sources"`);
  if (!tail.titles.some((t) => t.startsWith('Scenario inputs'))) fail(`${c.name}: no "Scenario inputs" section`);
  const withUrl = (c.result.sources || []).filter((s) => s.url).length;
  if (tail.links !== Math.min(withUrl, 400)) fail(`${c.name}: ${tail.links} source links, expected ${withUrl}`);
  for (const e of errors) fail(`${c.name}: console error: ${e}`);
  for (const r of requests) fail(`${c.name}: the page requested ${r}`);
  if (loadMs >= MAX_LOAD_MS) {
    if (c.market) fail(`${c.name}: loaded in ${loadMs} ms, not under ${MAX_LOAD_MS} ms`);
    else console.log(`note ${c.name}: loaded in ${loadMs} ms (over ${MAX_LOAD_MS} ms; only the market report's time is asserted)`);
  }
  console.log(`ok   ${c.name}: ${c.size} bytes, ${charts.length} charts (${charts.map((ch) => ch.series).join('+')} series), loaded and drawn in ${loadMs} ms (${wallMs} ms as the test driver saw it${loads.length > 1 ? '; median of ' + loads.map((l) => l.ms).join(', ') : ''})`);
  if (gallery && c.name !== 'run') {
    // Tables cut short so that a screenshot shows the charts; the page is otherwise as shipped.
    await page.addStyleTag({content: 'div.table-wrap { max-height: 150px; } main { max-width: 1100px; }'});
    await page.evaluate(() => window.opticplanCharts.forEach((ch) => ch.resize()));
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({width: 1280, height: Math.min(height, 2600)});
    await page.screenshot({path: path.join(gallery, c.name + '.png'), type: 'png'});
  }
  await context.close();
}

main().catch((e) => {
  console.log('FAIL ' + (e && e.stack || e));
  process.exit(1);
});
