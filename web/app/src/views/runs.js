// Every run, newest first, with a pick of two to compare.
import {api} from '../api.js';
import {h} from '../dom.js';
import {statusBadge} from '../ui.js';

export function runsTable(runs, {pick} = {}) {
  return h('div.table-wrap.list', h('table.runs',
    h('thead', h('tr', [pick ? 'compare' : null, 'run', 'scenario', 'version', 'kind', 'options', 'status', ''].filter((c) => c !== null).map((c) => h('th', c)))),
    h('tbody', runs.map((r) => h('tr', {dataset: {run: String(r.id)}},
      pick ? h('td', h('input', {type: 'checkbox', value: String(r.id), disabled: r.status !== 'done', onchange: pick, 'aria-label': `compare run ${r.id}`})) : null,
      h('td', h('a', {href: `#/runs/${r.id}`}, '#' + r.id)),
      h('td', h('a', {href: `#/scenarios/${encodeURIComponent(r.scenario)}`}, r.scenario)),
      h('td.num', 'v' + r.version),
      h('td', r.kind),
      h('td.small', Object.entries(r.options || {}).map(([k, v]) => `${k}=${v}`).join(' ') || '-'),
      h('td', statusBadge(r.status), r.status === 'running' ? h('span.muted', ` ${Math.round((r.progress || 0) * 100)}%`) : null),
      h('td', r.status === 'done' ? h('a', {href: `#/runs/${r.id}`}, 'dashboard') : r.error ? h('span.error.small', r.error) : null))))));
}

export async function runsView(root) {
  const runs = await api.runs();
  const go = h('button.primary', {type: 'button', disabled: true, onclick: () => {
    const [a, b] = picked();
    location.hash = `#/compare?a=${a}&b=${b}`;
  }}, 'Compare the two picked runs');
  const picked = () => [...root.querySelectorAll('table.runs input:checked')].map((i) => i.value);
  const pick = () => {
    const p = picked();
    go.disabled = p.length !== 2;
  };
  root.append(h('div.page-head', h('h1', 'Runs'), go));
  root.append(runs.length ? runsTable(runs, {pick}) : h('p.muted', 'No run yet: open a scenario and run it.'));
}
