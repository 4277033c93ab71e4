// opticplan's web app: hash routes, one view each. Every view is a function (root, params, query)
// that fills root and may return a cleanup function, called when the route changes.
import './style.css';
import {api, token, onUnauthorised} from './api.js';
import {disposeAll} from './charts.js';
import {h, clear} from './dom.js';
import {banner, hideBanner} from './ui.js';
import {tokenView} from './views/token.js';
import {scenariosView} from './views/scenarios.js';
import {editorView} from './views/editor.js';
import {runsView} from './views/runs.js';
import {runView} from './views/run.js';
import {compareView} from './views/compare.js';
import {quoteView} from './views/quote.js';

const routes = [
  [/^\/?$/, scenariosView, 'scenarios'],
  [/^\/token$/, tokenView, 'token'],
  [/^\/new$/, editorView, 'new'],
  [/^\/scenarios\/([^/]+)$/, editorView, 'scenarios'],
  [/^\/scenarios\/([^/]+)\/quote$/, quoteView, 'scenarios'],
  [/^\/runs$/, runsView, 'runs'],
  [/^\/runs\/(\d+)$/, runView, 'runs'],
  [/^\/compare$/, compareView, 'compare'],
];

const root = document.getElementById('view');
let cleanup = null;
let generation = 0;

async function route() {
  const hash = decodeURI(location.hash.replace(/^#/, '')) || '/';
  const [path, search] = hash.split('?');
  const query = Object.fromEntries(new URLSearchParams(search || ''));
  if (cleanup) {
    try {
      cleanup();
    } catch { /* a view's cleanup never blocks the next view */ }
    cleanup = null;
  }
  disposeAll();
  hideBanner();
  clear(root);
  const gen = ++generation;
  let match = null;
  for (const [re, view, nav] of routes) {
    const m = re.exec(path);
    if (m) {
      match = {view, nav, params: m.slice(1).map(decodeURIComponent)};
      break;
    }
  }
  if (!match) {
    root.appendChild(h('section.card', h('h1', 'Not found'), h('p', 'No page at ', h('code', path), '. ', h('a', {href: '#/'}, 'Scenarios'))));
    return;
  }
  if (!token.get() && match.view !== tokenView) {
    location.hash = '#/token?next=' + encodeURIComponent(hash);
    return;
  }
  document.querySelectorAll('#nav a, #token-link').forEach((a) => a.classList.toggle('active', a.dataset.nav === match.nav));
  document.body.dataset.view = match.nav;
  try {
    const r = await match.view(root, match.params, query, () => gen !== generation);
    if (gen === generation) cleanup = typeof r === 'function' ? r : null;
    else if (typeof r === 'function') r();
  } catch (e) {
    if (gen === generation) banner(e);
  }
}

onUnauthorised(() => {
  if (!location.hash.startsWith('#/token')) {
    const next = location.hash.replace(/^#/, '') || '/';
    location.hash = '#/token?expired=1&next=' + encodeURIComponent(next);
  }
});

window.addEventListener('hashchange', route);
window.addEventListener('unhandledrejection', (e) => {
  e.preventDefault();
  banner(e.reason);
});
api.health().then((hl) => {
  document.getElementById('server').textContent = ['server', hl.version, hl.store].filter(Boolean).join(' · ');
}).catch(() => {
  document.getElementById('server').textContent = 'server unreachable';
});
route();
