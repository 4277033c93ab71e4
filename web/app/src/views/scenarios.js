// The scenarios list, with what each can run, and the latest runs.
import {api} from '../api.js';
import {h, fmt} from '../dom.js';

import {runsTable} from './runs.js';

export async function scenariosView(root) {
  const [scenarios, runs] = await Promise.all([api.scenarios(), api.runs()]);
  root.append(h('div.page-head', h('h1', 'Scenarios'), h('a.button.primary', {href: '#/new'}, 'New scenario')));
  if (!scenarios.length) {
    root.append(h('section.card.empty', h('p', 'No scenario yet. ', h('a', {href: '#/new'}, 'Upload or paste one'),
      ': a YAML or JSON file with a supply:, market:, sourcing:, cluster: or links: section (docs/scenario-format.md).')));
  } else {
    root.append(h('div.table-wrap.list', h('table#scenarios',
      h('thead', h('tr', ['id', 'name', 'version', 'sections', 'runs it can start', 'committed orders', ''].map((c) => h('th', c))),
      h('tbody', scenarios.map((s) => h('tr', {dataset: {scenario: s.id}},
        h('td', h('a', {href: `#/scenarios/${encodeURIComponent(s.id)}`}, s.id)),
        h('td', s.name, s.description ? h('div.muted.small', s.description) : null),
        h('td.num', 'v' + s.version),
        h('td', (s.sections || []).join(', ')),
        h('td', (s.kinds || []).map((k) => h('span.badge', k))),
        h('td.num', fmt(s.committed_orders ?? 0)),
        h('td.actions',
          h('a.button.small', {href: `#/scenarios/${encodeURIComponent(s.id)}`}, 'Edit / run'),
          (s.kinds || []).includes('plan') ? h('a.button.small', {href: `#/scenarios/${encodeURIComponent(s.id)}/quote`}, 'Quote an order') : null))))))));
  }
  root.append(h('div.page-head', h('h2', 'Latest runs'), h('a', {href: '#/runs'}, 'all runs')));
  root.append(runs.length ? runsTable(runs.slice(0, 10)) : h('p.muted', 'No run yet.'));
}
