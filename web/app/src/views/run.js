// One run: a progress bar while it is queued or running (GET /api/runs/{id}, polled), then its
// dashboard: every section of the report model (GET /api/runs/{id}/charts) with its ECharts chart
// and tables, the same as the HTML report, which is one click away, as is the JSON result.
import {api} from '../api.js';
import {section} from '../charts.js';
import {h, clear} from '../dom.js';
import {banner, statusBadge} from '../ui.js';

const POLL_MS = 250;

export async function runView(root, params, _query, stale) {
  const id = Number(params[0]);
  let r = await api.run(id);
  if (stale()) return;
  const bar = h('div.progress-fill');
  const progress = h('div.progress#run-progress', {role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-label': `run ${id} progress`}, bar);
  const label = h('span.progress-label#run-status');
  const cancel = h('button#run-cancel', {type: 'button', onclick: async () => {
    try {
      r = await api.cancelRun(id);
      show();
    } catch (e) {
      banner(e);
    }
  }}, 'Cancel');
  const body = h('div#run-body');
  const head = h('div.page-head', h('h1', `Run #${id} `, h('span.muted', `${r.kind} of `, h('a', {href: `#/scenarios/${encodeURIComponent(r.scenario)}`}, r.scenario), ` v${r.version}`)));
  const progressCard = h('section.card.run-progress', h('div.progress-row', progress, label, cancel));
  root.append(head, progressCard, body);

  function show() {
    const pct = r.status === 'done' ? 100 : Math.round(Math.max(0, Math.min(1, r.progress || 0)) * 100);
    bar.style.width = pct + '%';
    progress.setAttribute('aria-valuenow', String(pct));
    progress.dataset.status = r.status;
    clear(label).append(statusBadge(r.status), ` ${pct}%`);
    cancel.hidden = !(r.status === 'queued' || r.status === 'running');
  }
  show();

  let timer = null;
  let stopped = false;
  const poll = async () => {
    if (stopped) return;
    try {
      r = await api.run(id);
    } catch (e) {
      if (!stopped) banner(e);
      return;
    }
    if (stopped) return;
    show();
    if (r.status === 'queued' || r.status === 'running') timer = setTimeout(poll, POLL_MS);
    else finished();
  };
  const finished = async () => {
    if (r.status === 'failed') {
      body.append(h('section.card.error-box', h('h2', 'The run failed'), h('pre', r.error || 'no message')));
      return;
    }
    if (r.status === 'cancelled') {
      body.append(h('p.muted', 'Cancelled.'));
      return;
    }
    progressCard.classList.add('done');
    try {
      const model = await api.charts(id);
      if (!stopped) dashboard(body, id, model);
    } catch (e) {
      if (!stopped) banner(e);
    }
  };
  if (r.status === 'queued' || r.status === 'running') timer = setTimeout(poll, POLL_MS);
  else finished();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

// Opens what a fetch with the token returned (the report, the JSON result) in a new tab, or saves it.
async function openBlob(fetcher, {download} = {}) {
  try {
    const res = await fetcher();
    const blob = await res.blob();
    const url = URL.createObjectURL(blob);
    if (download) {
      const a = h('a', {href: url, download});
      document.body.append(a);
      a.click();
      a.remove();
    } else {
      window.open(url, '_blank', 'noopener');
    }
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (e) {
    banner(e);
  }
}

export function dashboard(el, id, model) {
  const sections = model.sections || [];
  const drawn = sections.map((s, i) => section(model, s, i));
  el.append(h('section.dashboard#dashboard', {dataset: {kind: model.kind, charts: String(sections.filter((s) => s.chart).length)}},
    h('div.dash-head',
      h('div', h('h2.dash-title', model.title), model.subtitle ? h('p.muted', model.subtitle) : null),
      h('div.actions',
        h('button#open-report', {type: 'button', onclick: () => openBlob(() => api.report(id))}, 'Open the HTML report'),
        h('button#download-result', {type: 'button', onclick: () => openBlob(() => api.result(id), {download: `run-${id}.json`})}, 'Download result JSON'),
        h('a.button', {href: `#/compare?a=${id}`}, 'Compare with…'))),
    sections.length > 1 ? h('nav.toc', sections.map((s, i) => h('a', {href: `#s${i + 1}`, onclick: (e) => {
      e.preventDefault();
      document.getElementById(`s${i + 1}`).scrollIntoView({behavior: 'smooth'});
    }}, s.title))) : null,
    drawn.map((d) => d.el)));
  drawn.forEach((d) => d.draw());
  document.documentElement.setAttribute('data-charts-drawn', String(window.opticplanCharts.length));
}
