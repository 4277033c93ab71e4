// A tiny DOM helper: h('div.card#x', {onclick, dataset, ...}, children...). Strings become text
// nodes (never HTML), null/false children are skipped, arrays are flattened.
export function h(tag, props, ...children) {
  const m = /^([a-z0-9]+)?((?:[.#][\w-]+)*)$/i.exec(tag);
  const el = document.createElement(m[1] || 'div');
  for (const part of (m[2] || '').match(/[.#][\w-]+/g) || []) {
    if (part[0] === '.') el.classList.add(part.slice(1));
    else el.id = part.slice(1);
  }
  if (props && (typeof props !== 'object' || props instanceof Node || Array.isArray(props))) {
    children.unshift(props);
    props = null;
  }
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
    else if (k === 'class') el.className = v;
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export const clear = (el) => {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
};

const numberFormat = new Intl.NumberFormat('en-US', {maximumFractionDigits: 3});
export function fmt(v) {
  if (typeof v === 'number') return numberFormat.format(v);
  if (Array.isArray(v)) return v.map(fmt).join(', ');
  if (v === null || v === undefined) return '-';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

export function debounce(f, ms) {
  let t = null;
  const d = (...args) => {
    clearTimeout(t);
    t = setTimeout(() => f(...args), ms);
  };
  d.cancel = () => clearTimeout(t);
  return d;
}

// A table of rows (arrays of cells); numeric columns right-aligned, like the HTML report.
export function table(columns, rows, {caption, limit = 400, failing = new Set(), attrs = {}} = {}) {
  const numeric = columns.map((_, c) => {
    const row = rows.find((r) => r[c] !== null && r[c] !== undefined);
    return row ? typeof row[c] === 'number' : false;
  });
  const shown = rows.slice(0, limit);
  return h('div.table-wrap', attrs,
    h('table', caption ? h('caption', caption) : null,
      h('thead', h('tr', columns.map((c, i) => h(numeric[i] ? 'th.num' : 'th', c)))),
      h('tbody', shown.map((r) => h('tr', r.map((cell, i) => {
        if (cell instanceof Node) return h('td', cell);
        const fail = cell === false && failing.has(columns[i]);
        return h(typeof cell === 'number' ? 'td.num' : fail ? 'td.fail' : 'td',
          columns[i] === 'year' && typeof cell === 'number' ? String(cell) : fmt(cell));
      }))))),
    rows.length > limit ? h('p.more', `The first ${limit} of ${fmt(rows.length)} rows.`) : null);
}
