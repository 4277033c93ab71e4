// Two finished runs of one kind side by side: GET /api/compare?a=&b= gives markets as
// opticplan.market-compare ({base, what_if}) and every other kind as opticplan.run-compare
// ({measures, orders (plans), results}). Then both dashboards' charts in two columns, paired by
// section.
import {api} from '../api.js';
import {disposeIn, section} from '../charts.js';
import {h, clear, fmt, table} from '../dom.js';
import {banner, select} from '../ui.js';

// KPIs where more is better (the rest: less is better).
const MORE_IS_BETTER = new Set(['fill_rate', 'on_time', 'revenue_usd', 'delivered']);

function delta(key, a, b) {
  if (typeof a !== 'number' || typeof b !== 'number') return a === b ? h('span.muted', '=') : h('span.changed', 'changed');
  const d = b - a;
  if (Math.abs(d) < 1e-12) return h('span.muted', '=');
  const text = fmt(Math.round(d * 1e6) / 1e6);
  if (text === '0' || text === '-0') return h('span.muted', '≈ 0');
  const better = MORE_IS_BETTER.has(key) ? d > 0 : d < 0;
  return h(`span.${better ? 'better' : 'worse'}`, (d > 0 ? '+' : '') + text);
}

const p50 = (band) => (band && typeof band === 'object' ? band.p50 : band);

function marketCompare(c, a, b) {
  const years = new Map();
  for (const [side, m] of [['a', c.base], ['b', c.what_if]]) {
    for (const y of (m && m.years) || []) {
      if (!years.has(y.year)) years.set(y.year, {});
      years.get(y.year)[side] = y;
    }
  }
  const rows = [];
  for (const [year, {a: ya, b: yb}] of [...years].sort((x, y) => x[0] - y[0])) {
    for (const [key, label] of [['market_value_usd', 'market value (USD, P50)'], ['share_800g_plus', '800G+ share (P50)'], ['backlog', 'backlog (units, P50)']]) {
      const va = ya ? p50(ya[key]) : null, vb = yb ? p50(yb[key]) : null;
      rows.push([String(year), label, va, vb, delta(key === 'backlog' ? 'backlog' : 'revenue_usd', va, vb)]);
    }
  }
  const events = new Map();
  for (const [side, m] of [['a', c.base], ['b', c.what_if]]) for (const e of (m && m.events) || []) {
    if (!events.has(e.id)) events.set(e.id, {name: e.name});
    events.get(e.id)[side] = e.probability;
  }
  return [
    h('h2', 'Market by year'),
    table(['year', 'figure', `run #${a} (base)`, `run #${b}`, 'change'], rows, {attrs: {id: 'compare-kpis'}}),
    events.size ? [h('h2', 'Event probabilities'), table(['event', `run #${a}`, `run #${b}`, 'change'],
      [...events.values()].map((e) => [e.name, e.a ?? null, e.b ?? null, typeof e.a === 'number' && typeof e.b === 'number' ? h('span', (e.b - e.a > 0 ? '+' : '') + fmt(Math.round((e.b - e.a) * 1000) / 1000)) : '-']))] : null,
  ];
}

// Scalars of a result down to two levels (fabric and link results, run results), side by side.
function flatten(o, prefix = '', depth = 0, out = new Map()) {
  if (o === null || typeof o !== 'object') {
    out.set(prefix, o);
    return out;
  }
  if (Array.isArray(o)) {
    out.set(prefix + ' (count)', o.length);
    return out;
  }
  for (const [k, v] of Object.entries(o)) {
    if (k === 'schema' || k === 'version') continue;
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && depth >= 2) continue;
    flatten(v, key, depth + 1, out);
  }
  return out;
}

// The server's opticplan.run-compare: {kind, a, b (the runs), measures: [{measure, a, b, change}],
// orders (plans: [{id, customer, a_status, b_status, a_lateness, b_lateness, a_on_time, b_on_time}]),
// results: {a, b}}.
function runCompare(c, a, b) {
  const measures = c.measures || [];
  const orders = c.orders || [];
  return [
    h('h2', 'Key figures'),
    measures.length
      ? table(['measure', `run #${a}`, `run #${b}`, 'change'], measures.map((m) => [m.measure, m.a, m.b, delta(m.measure, m.a, m.b)]), {attrs: {id: 'compare-kpis'}})
      : h('p.muted', 'No common key figures.'),
    c.kind === 'plan' ? [
      h('h2', `Orders that changed (${orders.length})`),
      orders.length
        ? table(['order', 'customer', `status (#${a})`, `status (#${b})`, `lateness (#${a})`, `lateness (#${b})`, `on time (#${a})`, `on time (#${b})`, 'on-time change'],
          orders.map((o) => [o.id, o.customer, o.a_status, o.b_status, o.a_lateness, o.b_lateness, o.a_on_time, o.b_on_time, delta('on_time', o.a_on_time, o.b_on_time)]),
          {attrs: {id: 'compare-orders'}})
        : h('p.muted', 'No order changed.')] : null,
    c.results && c.kind !== 'plan' ? genericCompare({a: c.results.a, b: c.results.b}, a, b, measures.length ? 'compare-figures' : 'compare-kpis') : null,
  ];
}

function genericCompare(c, a, b, id = 'compare-kpis') {
  const fa = flatten(c.a), fb = flatten(c.b);
  const keys = [...new Set([...fa.keys(), ...fb.keys()])];
  const rows = keys.map((k) => [k, fa.has(k) ? fa.get(k) : null, fb.has(k) ? fb.get(k) : null, delta(k, fa.get(k), fb.get(k))]);
  const changed = rows.filter((r) => r[1] !== r[2]);
  return [
    h('h2', `Figures (${changed.length} of ${rows.length} differ)`),
    table(['figure', `run #${a}`, `run #${b}`, 'change'], changed.concat(rows.filter((r) => r[1] === r[2])), {attrs: {id}}),
  ];
}

export async function compareView(root, _params, query, stale) {
  const runs = (await api.runs()).filter((r) => r.status === 'done');
  if (stale()) return;
  const label = (r) => `#${r.id} ${r.kind} · ${r.scenario} v${r.version}` + (Object.keys(r.options || {}).length ? ' · ' + Object.entries(r.options).map(([k, v]) => `${k}=${v}`).join(' ') : '');
  const aSel = select('a', [['', 'pick a run']].concat(runs.map((r) => [String(r.id), label(r)])), query.a || '', {id: 'compare-a'});
  const bSel = h('select#compare-b', {name: 'b'});
  const fillB = () => {
    const a = runs.find((r) => String(r.id) === aSel.value);
    clear(bSel).append(h('option', {value: ''}, a ? 'pick a run of the same kind' : 'pick run A first'),
      ...runs.filter((r) => a && r.kind === a.kind && r.id !== a.id).map((r) => h('option', {value: String(r.id), selected: String(r.id) === query.b}, label(r))));
  };
  fillB();
  const out = h('div#compare-out');
  aSel.addEventListener('change', () => {
    fillB();
    go();
  });
  bSel.addEventListener('change', go);
  root.append(h('div.page-head', h('h1', 'Compare runs')),
    h('section.card.compare-pick', h('label.field', h('span.label', 'A (base)'), aSel), h('span.vs', 'vs'), h('label.field', h('span.label', 'B (what-if)'), bSel),
      runs.length < 2 ? h('p.muted', 'Two finished runs of the same kind are needed: run a scenario twice (another version, planner or seed).') : null),
    out);

  function go() {
    const a = aSel.value, b = bSel.value;
    const hash = `#/compare?a=${a}` + (b ? `&b=${b}` : '');
    if (location.hash !== hash) history.replaceState(null, '', hash);
    if (a && b) show(Number(a), Number(b));
    else {
      disposeIn(out);
      clear(out);
    }
  }

  async function show(a, b) {
    disposeIn(out);
    clear(out).append(h('p.muted', 'Comparing…'));
    try {
      const [c, ma, mb] = await Promise.all([api.compare(a, b), api.charts(a), api.charts(b)]);
      if (stale() || aSel.value !== String(a) || bSel.value !== String(b)) return;
      clear(out);
      const parts = c.schema === 'opticplan.market-compare' ? marketCompare(c, a, b) : runCompare(c, a, b);
      out.append(h('section.card.compare-figures', parts));
      // Both dashboards' charts, paired by section title.
      const titles = [...new Set([...ma.sections, ...mb.sections].filter((s) => s.chart).map((s) => s.title))];
      const draws = [];
      out.append(h('h2', 'Charts side by side'), h('div.side-by-side', h('h3', `Run #${a}`), h('h3', `Run #${b}`),
        titles.flatMap((t, i) => [[ma, 'a'], [mb, 'b']].map(([m, side]) => {
          const k = m.sections.findIndex((s) => s.title === t);
          if (k < 0 || !m.sections[k].chart) return h('div.muted.cell', 'no such chart');
          const d = section(m, m.sections[k], i, {tables: false, prefix: `cmp-${side}-`});
          draws.push(d);
          return d.el;
        }))));
      draws.forEach((d) => d.draw());
    } catch (e) {
      clear(out);
      banner(e);
    }
  }
  if (query.a && query.b) show(Number(query.a), Number(query.b));
}
