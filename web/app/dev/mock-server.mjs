#!/usr/bin/env node
// A stand-in for `opticplan serve`, for developing the web app only (never used by a test or the
// build): the same command line (`serve --port P --data DIR [--web DIR]`), the same first-start
// token file and "listening on" line, and the routes of docs/api/openapi.json, answered in memory by
// running the CLI (env OPTICPLAN_CLI, default build/release/src/opticplan) for validate, plan, market,
// fabric, link and quote. /charts is scraped from the CLI's HTML report. Commits are only stored
// (not planned); runs finish after a short fake progress.
//   node web/app/dev/mock-server.mjs serve --port 8080 --data /tmp/mock
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..', '..');
const cli = process.env.OPTICPLAN_CLI || path.join(repo, 'build', 'release', 'src', 'opticplan');
const arg = (name, def) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : def;
};
const port = Number(arg('--port', '8080'));
const data = arg('--data', fs.mkdtempSync(path.join(os.tmpdir(), 'opticplan-mock-')));
const web = arg('--web', process.env.OPTICPLAN_WEB || path.join(repo, 'web', 'app', 'dist'));
fs.mkdirSync(data, {recursive: true});
const token = 'mock-' + Math.random().toString(36).slice(2);
fs.writeFileSync(path.join(data, 'initial-token'), token + '\n');

const scenarios = new Map();  // id -> {id, name, versions: [{text, format, created}], orders: []}
const runs = [];
const run = (args, cwd) => new Promise((resolve) => {
  execFile(cli, args, {cwd, maxBuffer: 1 << 28, env: {...process.env, OPTICPLAN_DATA: path.join(repo, 'data')}},
    (err, stdout, stderr) => resolve({code: err ? (err.code ?? 1) : 0, stdout, stderr}));
});
const work = (name, text, format) => {
  const dir = fs.mkdtempSync(path.join(data, 'w-'));
  const file = path.join(dir, name + '.' + (format === 'json' ? 'json' : 'yaml'));
  fs.writeFileSync(file, text);
  return file;
};
const problemsOf = (stderr, file, name) => stderr.split('\n').map((l) => {
  const m = /^(.*?):(\d+):(\d+): error: (?:([\w.\[\]-]+): )?(.*)$/.exec(l);
  if (!m) return null;
  const f = m[1] === file ? name : m[1].replace(repo + '/', '');
  return {file: f, line: +m[2], column: +m[3], field: m[4] || '', message: m[5], text: l.replace(file, name)};
}).filter(Boolean);

async function summarize(id, name, text, format) {
  const file = work(id, text, format);
  const v = await run(['validate', file]);
  if (v.code !== 0) return {problems: problemsOf(v.stderr, file, name)};
  const sections = [...text.matchAll(/^([a-z_]+):/gm)].map((m) => m[1]).filter((s) => s !== 'name' && s !== 'description' && s !== 'include');
  const kinds = [];
  if (sections.includes('cluster')) kinds.push('fabric');
  if (sections.includes('links') || sections.includes('dci')) kinds.push('link');
  if (sections.includes('supply')) kinds.push('plan');
  if (sections.includes('market')) kinds.push('market');
  const s = {id, name, version: 0, sections, kinds};
  if (sections.includes('supply')) {
    const p = JSON.parse((await run(['plan', file, '--json'])).stdout);
    s.periods = p.periods;
    s.customers = [...new Set(p.orders.map((o) => o.customer))];
    s.items = [...new Set(p.orders.flatMap((o) => o.deliveries.map((d) => d.item).concat(o.item ? [o.item] : [])))];
    s.requirements = [...new Set(p.orders.map((o) => o.requirement).filter(Boolean))];
  }
  return {summary: s};
}

const json = (res, status, body) => {
  res.writeHead(status, {'content-type': 'application/json'});
  res.end(JSON.stringify(body));
};
const error = (res, status, message, problems) => json(res, status, {error: {status, message, problems: problems || []}});
const summaryOf = (s) => ({...s.summary, id: s.id, name: s.name, version: s.versions.length,
  committed_orders: s.orders.filter((o) => !o.released).length});

function scrape(html) {
  const charts = JSON.parse(/<script type="application\/json" id="opticplan-charts">([\s\S]*?)<\/script>/.exec(html)[1]);
  const title = /<h1>(.*?)<\/h1>/.exec(html)[1];
  const subtitle = /<header>\n<h1>.*?<\/h1>\n<p>(.*?)<\/p>/.exec(html)?.[1] || '';
  const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  const tables = [];
  const sections = [...html.matchAll(/<section id="s\d+">([\s\S]*?)<\/section>/g)].map((m) => {
    const body = m[1];
    const c = /<div class="chart" data-chart="(\d+)" data-series="(\d+)"(?: style="height: (\d+)px")?/.exec(body);
    const idx = [...body.matchAll(/<table data-table="(.*?)">[\s\S]*?<thead><tr>([\s\S]*?)<\/tr><\/thead>\n<tbody>\n([\s\S]*?)<\/tbody>/g)].map((t) => {
      const cells = (row) => [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((x) => {
        const v = unescape(x[1]);
        return /^-?[\d,]+(\.\d+)?$/.test(v) ? Number(v.replace(/,/g, '')) : v;
      });
      tables.push({name: unescape(t[1]), columns: cells(t[2]).map(String), rows: t[3].split('</tr>\n').filter((r) => r.includes('<td')).map(cells)});
      return tables.length - 1;
    });
    return {title: unescape(/<h2>(.*?)<\/h2>/.exec(body)[1]), note: unescape(/<p class="note">(.*?)<\/p>/.exec(body)?.[1] || ''),
      chart: c ? charts[+c[1]] : null, series: c ? +c[2] : 0, height: c && c[3] ? +c[3] : 0, tables: idx};
  });
  return {kind: /data-kind="(.*?)"/.exec(html)[1], title: unescape(title), subtitle: unescape(subtitle), sections, tables};
}

async function start(r) {
  const s = scenarios.get(r.scenario);
  const v = s.versions[r.version - 1];
  const file = work(s.id, v.text, v.format);
  r.status = 'running';
  const args = {fabric: ['fabric'], link: ['link', 'check'], plan: ['plan'], market: ['market']}[r.kind].concat([file, '--json']);
  if (r.kind === 'plan' && r.options.planner) args.push('--planner', r.options.planner);
  if (r.kind === 'market') {
    if (r.options.runs) args.push('--runs', String(r.options.runs));
    if (r.options.seed !== undefined) args.push('--seed', String(r.options.seed));
  }
  for (let i = 1; i <= 5; ++i) {
    await new Promise((ok) => setTimeout(ok, 250));
    r.progress = i / 6;
  }
  const out = await run(args);
  if (out.code !== 0) Object.assign(r, {status: 'failed', error: out.stderr.trim(), progress: 1});
  else {
    r.result = out.stdout;
    const jf = file + '.result.json';
    fs.writeFileSync(jf, out.stdout);
    await run(['report', jf, '-o', jf + '.html']);
    r.report = fs.readFileSync(jf + '.html', 'utf8');
    Object.assign(r, {status: 'done', progress: 1});
  }
}
const pub = (r) => ({id: r.id, scenario: r.scenario, version: r.version, kind: r.kind, options: r.options, status: r.status,
  progress: r.progress, ...(r.error ? {error: r.error} : {})});

async function api(req, res, url, body) {
  const seg = url.pathname.split('/').filter(Boolean).slice(1);
  const m = req.method;
  if (seg[0] === 'health') return json(res, 200, {status: 'ok', store: 'sqlite', version: 'mock'});
  if (req.headers.authorization !== 'Bearer ' + token) return error(res, 401, 'missing or unknown token');
  if (seg[0] === 'validate' && m === 'POST') {
    const r = await summarize('request', body.name || 'request', body.text || '', body.format);
    if (r.problems) return error(res, 422, `${r.problems.length} problem(s)`, r.problems);
    return json(res, 200, {ok: true, sections: r.summary.sections, kinds: r.summary.kinds});
  }
  if (seg[0] === 'scenarios' && seg.length === 1) {
    if (m === 'GET') return json(res, 200, {scenarios: [...scenarios.values()].map(summaryOf)});
    const name = body.name || /^name:\s*(.+)$/m.exec(body.text)?.[1] || 'scenario';
    const id = body.id || name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').slice(0, 64);
    if (scenarios.has(id)) return error(res, 409, `scenario "${id}" exists`);
    const r = await summarize(id, name, body.text, body.format);
    if (r.problems) return error(res, 422, `${r.problems.length} problem(s)`, r.problems);
    const s = {id, name, summary: r.summary, versions: [{text: body.text, format: body.format || 'yaml', created: new Date().toISOString()}], orders: []};
    scenarios.set(id, s);
    return json(res, 201, summaryOf(s));
  }
  if (seg[0] === 'scenarios') {
    const s = scenarios.get(seg[1]);
    if (!s) return error(res, 404, `no scenario "${seg[1]}"`);
    const last = s.versions[s.versions.length - 1];
    if (seg.length === 2 && m === 'GET') return json(res, 200, {...summaryOf(s), format: last.format, text: last.text});
    if (seg.length === 2 && m === 'PUT') {
      const r = await summarize(s.id, s.name, body.text, body.format);
      if (r.problems) return error(res, 422, `${r.problems.length} problem(s)`, r.problems);
      s.summary = r.summary;
      s.versions.push({text: body.text, format: body.format || 'yaml', created: new Date().toISOString()});
      return json(res, 200, summaryOf(s));
    }
    if (seg.length === 2 && m === 'DELETE') {
      scenarios.delete(s.id);
      res.writeHead(204);
      return res.end();
    }
    if (seg[2] === 'versions' && seg.length === 3)
      return json(res, 200, {versions: s.versions.map((v, i) => ({version: i + 1, format: v.format, bytes: v.text.length, created: v.created}))});
    if (seg[2] === 'versions') {
      const v = s.versions[Number(seg[3]) - 1];
      if (!v) return error(res, 404, 'no such version');
      return json(res, 200, {version: Number(seg[3]), format: v.format, bytes: v.text.length, created: v.created, text: v.text});
    }
    if (seg[2] === 'orders' && seg.length === 3) return json(res, 200, {orders: s.orders});
    if (seg[2] === 'orders' && seg[4] === 'release') {
      const o = s.orders.find((x) => x.id === seg[3]);
      if (!o) return error(res, 404, 'no such order');
      if (o.released) return error(res, 409, 'already released');
      o.released = true;
      return json(res, 200, o);
    }
    if (seg[2] === 'quote' || seg[2] === 'commit') {
      // Committed orders join the plan as orders appended to the text (works when orders: is the
      // last list of a YAML scenario, as in the test's; a mock, not a planner).
      const extra = s.orders.filter((o) => !o.released).map((o) => `\n    - {id: ${o.id}, customer: ${o.request.customer}, ` +
        (o.request.item ? `item: ${o.request.item}` : `requirement: ${o.request.requirement}`) + `, quantity: ${o.request.quantity}, due: ${o.request.due}, priority: 1}`).join('');
      const file = work(s.id, last.text.replace(/\n*$/, '') + extra + '\n', last.format);
      const args = ['quote', file, '--customer', body.customer || '', '--quantity', String(body.quantity), '--due', body.due || '', '--json'];
      if (body.item) args.push('--item', body.item);
      if (body.requirement) args.push('--requirement', body.requirement);
      if (body.priority) args.push('--priority', String(body.priority));
      if (body.max_lateness !== undefined) args.push('--max-lateness', String(body.max_lateness));
      if (body.whole) args.push('--whole');
      const out = await run(args);
      if (out.code !== 0) {
        const problems = problemsOf(out.stderr, file, 'request');
        return error(res, 422, problems[0]?.message || out.stderr.trim(), problems);
      }
      const q = {...JSON.parse(out.stdout), revision: s.orders.length, elapsed_us: 42};
      if (seg[2] === 'quote') return json(res, 200, q);
      if (!q.order.deliveries.length) return error(res, 409, 'nothing can be delivered');
      const cum = (ds, p) => ds.filter((d) => d.period <= p).reduce((n, d) => n + d.quantity, 0);
      for (const d of body.promise || []) {
        if (cum(q.order.deliveries, d.period) < cum(body.promise, d.period))
          return error(res, 409, `the promise can no longer be kept: by ${d.period} the plan delivers ${cum(q.order.deliveries, d.period)}, the promise says ${cum(body.promise, d.period)}`);
      }
      const id = body.id || 'c-' + (s.orders.length + 1);
      s.orders.push({id, seq: s.orders.length + 1, request: body, deliveries: q.order.deliveries, status: q.order.status, released: false});
      return json(res, 201, {...q, committed: true, order: {...q.order, id}});
    }
  }
  if (seg[0] === 'runs' && seg.length === 1) {
    if (m === 'GET') return json(res, 200, {runs: runs.filter((r) => !url.searchParams.get('scenario') || r.scenario === url.searchParams.get('scenario')).slice().reverse().map(pub)});
    const s = scenarios.get(body.scenario);
    if (!s) return error(res, 404, `no scenario "${body.scenario}"`);
    const r = {id: runs.length + 1, scenario: s.id, version: body.version || s.versions.length, kind: body.kind, options: body.options || {}, status: 'queued', progress: 0};
    runs.push(r);
    start(r);
    return json(res, 202, pub(r));
  }
  if (seg[0] === 'runs') {
    const r = runs[Number(seg[1]) - 1];
    if (!r) return error(res, 404, 'no such run');
    if (seg.length === 2) return json(res, 200, pub(r));
    if (seg[2] === 'cancel') return json(res, 200, pub(r));
    if (r.status !== 'done') return error(res, 409, `run ${r.id} is ${r.status}`);
    if (seg[2] === 'result') {
      res.writeHead(200, {'content-type': 'application/json'});
      return res.end(r.result);
    }
    if (seg[2] === 'report') {
      res.writeHead(200, {'content-type': 'text/html; charset=utf-8'});
      return res.end(r.report);
    }
    if (seg[2] === 'charts') return json(res, 200, scrape(r.report));
  }
  if (seg[0] === 'compare') {
    const a = runs[Number(url.searchParams.get('a')) - 1], b = runs[Number(url.searchParams.get('b')) - 1];
    if (!a || !b) return error(res, 404, 'no such run');
    if (a.kind !== b.kind) return error(res, 422, 'runs of different kinds');
    const ja = JSON.parse(a.result), jb = JSON.parse(b.result);
    if (a.kind === 'market') return json(res, 200, {schema: 'opticplan.market-compare', version: 1, base: ja, what_if: jb});
    if (a.kind !== 'plan') return json(res, 200, {schema: 'opticplan.run-compare', version: 1, a: ja, b: jb});
    const k = (j) => ({fill_rate: j.kpis.fill_rate, on_time: j.kpis.on_time, late_units: j.kpis.late_units, short_units: j.kpis.short_units,
      average_lateness: j.kpis.average_lateness, max_lateness: j.kpis.max_lateness, revenue_usd: j.kpis.revenue_usd});
    const complete = (o) => o.deliveries.length ? o.deliveries[o.deliveries.length - 1].period : null;
    const byId = new Map(jb.orders.map((o) => [o.id, o]));
    const moved = ja.orders.filter((o) => byId.has(o.id)).map((o) => [o, byId.get(o.id)])
      .filter(([x, y]) => complete(x) !== complete(y) || x.on_time !== y.on_time || x.status !== y.status)
      .map(([x, y]) => ({id: x.id, base_complete: complete(x), what_if_complete: complete(y), base_on_time: x.on_time,
        what_if_on_time: y.on_time, base_status: x.status, what_if_status: y.status}));
    return json(res, 200, {schema: 'opticplan.compare', version: 1, base: k(ja), what_if: k(jb), moved,
      only_base: ja.orders.filter((o) => !byId.has(o.id)).map((o) => o.id),
      only_what_if: jb.orders.filter((o) => !ja.orders.some((x) => x.id === o.id)).map((o) => o.id), groups: []});
  }
  return error(res, 404, 'no such route');
}

const types = {'.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png'};
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname.startsWith('/api/')) {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      let body = {};
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch (e) {
        return error(res, 400, 'invalid JSON: ' + e.message);
      }
      api(req, res, url, body).catch((e) => error(res, 500, String(e && e.stack || e)));
    });
    return;
  }
  let file = path.join(web, path.normalize(url.pathname).replace(/^(\.\.[/\\])+/, ''));
  if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(web, 'index.html');
  if (!fs.existsSync(file)) return error(res, 404, 'no web app at ' + web);
  res.writeHead(200, {'content-type': types[path.extname(file)] || 'application/octet-stream'});
  fs.createReadStream(file).pipe(res);
});
server.listen(port, '127.0.0.1', () => {
  console.error(`opticplan serve (mock): first write token in ${path.join(data, 'initial-token')}: ${token}`);
  console.error(`listening on http://127.0.0.1:${server.address().port}`);
});
