// Shared bits of UI: the error banner, problem lists, small form helpers.
import {h, clear} from './dom.js';

const bannerEl = () => document.getElementById('banner');

// Shows an error (an ApiError with its problems, or any Error) above the view.
export function banner(err, kind = 'error') {
  const el = clear(bannerEl());
  el.className = kind;
  const status = err && err.status ? ` (HTTP ${err.status})` : '';
  el.appendChild(h('strong', (err && err.message) || String(err)));
  if (status) el.appendChild(h('span.muted', status));
  if (err && err.problems && err.problems.length) el.appendChild(problemList(err.problems));
  el.appendChild(h('button.link.close', {type: 'button', title: 'Dismiss', onclick: hideBanner}, '×'));
  el.hidden = false;
}

export function hideBanner() {
  const el = bannerEl();
  el.hidden = true;
  clear(el);
}

export function problemText(p) {
  const where = [p.file, p.line ? p.line : null, p.line && p.column ? p.column : null].filter((x) => x !== null && x !== undefined && x !== '').join(':');
  return (where ? where + ': ' : '') + (p.field ? p.field + ': ' : '') + p.message;
}

export function problemList(problems, onPick) {
  return h('ul.problems', problems.map((p) => h('li',
    p.line ? h(onPick ? 'button.line.link' : 'span.line', {type: onPick ? 'button' : undefined, onclick: onPick ? () => onPick(p) : undefined}, `line ${p.line}` + (p.column ? `:${p.column}` : '')) : h('span.line', p.file || 'request'),
    p.field ? h('code.field', p.field) : null,
    h('span.msg', p.message),
    p.line && p.file && !isOwnFile(p) ? h('span.muted', ` (in ${p.file})`) : null)));
}

// Problems in the text being edited, as opposed to a shipped file it includes (whose paths hold a
// slash, e.g. data/catalog/catalog.yaml).
export const isOwnFile = (p) => !p.file || !p.file.includes('/');

export function field(label, input, hint) {
  return h('label.field', h('span.label', label), input, hint ? h('span.hint', hint) : null);
}

export function select(name, options, value, props = {}) {
  return h('select', {name, ...props}, options.map((o) => {
    const [v, text] = Array.isArray(o) ? o : [o, o];
    return h('option', {value: v, selected: v === value}, text);
  }));
}

export function when(iso) {
  if (!iso) return '-';
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleString();
}

export function statusBadge(status) {
  return h(`span.badge.status-${String(status).replace(/\s+/g, '-')}`, status);
}
