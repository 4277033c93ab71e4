// Upload, paste or edit a scenario, with the server's validation messages inline (POST
// /api/validate, debounced): the lines with problems are marked in the gutter and underlined, the
// message is written at the end of the line, and listed below with its line number. Warnings (a
// valid scenario the user likely did not mean: an item nobody can make, a lot no period holds)
// are marked the same way in amber, and do not stop a save. Save creates
// the scenario or stores a new version. For a stored scenario: its version history and a panel to
// start a run.
import {api, ApiError} from '../api.js';
import {h, clear, debounce, fmt} from '../dom.js';
import {banner, field, isOwnFile, problemList, select, when} from '../ui.js';

const VALIDATE_MS = 400;

export async function editorView(root, params, _query, stale) {
  const id = params[0];
  let summary = null;
  let versions = [];
  let text = '';
  let format = 'yaml';
  if (id) {
    const s = await api.scenario(id);
    summary = s;
    text = s.text;
    format = s.format || 'yaml';
    versions = await api.versions(id);
    if (stale()) return;
  }

  // --- the editor: gutter, a backdrop that marks lines, and the textarea over it ---
  const textarea = h('textarea#scenario-text', {spellcheck: false, wrap: 'off', autocomplete: 'off', autocapitalize: 'off',
    'aria-label': 'scenario text', placeholder: 'Paste a scenario (YAML or JSON), or upload a file'});
  textarea.value = text;
  const gutter = h('div.gutter', {'aria-hidden': 'true'});
  const backdrop = h('div.backdrop', {'aria-hidden': 'true'});
  const editor = h('div.editor', gutter, h('div.code', backdrop, textarea));
  const status = h('div.validate-status#validate-status', {role: 'status', 'aria-live': 'polite'});
  const problemsEl = h('div#problems');
  let problems = [];

  const formatSel = select('format', [['auto', 'format: auto'], ['yaml', 'YAML'], ['json', 'JSON']], id ? format : 'auto');
  const formatOf = () => formatSel.value !== 'auto' ? formatSel.value : /^\s*[{[]/.test(textarea.value) ? 'json' : 'yaml';

  function paint() {
    const lines = textarea.value.split('\n');
    const byLine = new Map();
    for (const p of problems) {
      if (!isOwnFile(p) || !p.line) continue;
      if (!byLine.has(p.line)) byLine.set(p.line, []);
      byLine.get(p.line).push(p);
    }
    clear(gutter);
    clear(backdrop);
    const gInner = h('div.inner');
    const bInner = h('div.inner');
    lines.forEach((line, i) => {
      const ps = byLine.get(i + 1);
      // A line with only warnings (valid input the user likely did not mean) is marked apart.
      const mark = ps ? (ps.every((p) => p.warning) ? '.warn' : '.err') : '';
      gInner.append(h('div.ln' + mark, {title: ps ? ps.map((p) => p.message).join('\n') : undefined, dataset: {line: String(i + 1)}}, String(i + 1)));
      bInner.append(h('div.row' + mark, {dataset: {line: String(i + 1)}},
        h('span.tx', line || ' '),
        ps ? h('span.inline-msg', {dataset: {line: String(i + 1)}}, '  ⟵ ' + ps.map((p) => (p.field ? p.field + ': ' : '') + p.message).join(' · ')) : null));
    });
    // Problems past the end of the text (e.g. "expected a key" at EOF) still get a marker.
    gutter.append(gInner);
    backdrop.append(bInner);
    scroll();
  }
  function scroll() {
    const y = textarea.scrollTop, x = textarea.scrollLeft;
    if (gutter.firstChild) gutter.firstChild.style.transform = `translateY(${-y}px)`;
    if (backdrop.firstChild) backdrop.firstChild.style.transform = `translate(${-x}px, ${-y}px)`;
  }
  function goTo(p) {
    const lines = textarea.value.split('\n');
    let pos = 0;
    for (let i = 0; i < p.line - 1 && i < lines.length; ++i) pos += lines[i].length + 1;
    pos += Math.max(0, (p.column || 1) - 1);
    textarea.focus();
    textarea.setSelectionRange(pos, pos);
    const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 18;
    textarea.scrollTop = Math.max(0, (p.line - 4) * lineHeight);
    scroll();
  }
  function showProblems(ps, headline) {
    problems = ps;
    paint();
    clear(problemsEl);
    if (ps.length) {
      const warnings = ps.every((p) => p.warning);
      const noun = warnings ? 'warning' : 'problem';
      problemsEl.append(h(warnings ? 'div.problems-box.warn' : 'div.problems-box', h('strong', headline || `${ps.length} ${noun}${ps.length > 1 ? 's' : ''}`), problemList(ps, goTo)));
    }
  }

  let seq = 0;
  async function validate() {
    const mine = ++seq;
    if (!textarea.value.trim()) {
      status.className = 'validate-status';
      status.textContent = 'Empty.';
      showProblems([]);
      return;
    }
    status.className = 'validate-status pending';
    status.textContent = 'Checking…';
    try {
      const r = await api.validate({text: textarea.value, format: formatOf(), ...(summary ? {name: summary.name} : {})});
      if (mine !== seq) return;
      const warnings = r.warnings || [];
      status.className = 'validate-status ok';
      status.textContent = `✓ Valid. Sections: ${(r.sections || []).join(', ') || '-'}; runs it can start: ${(r.kinds || []).join(', ') || 'none'}.` +
        (warnings.length ? ` ${warnings.length} warning${warnings.length > 1 ? 's' : ''}: planned as written, see below.` : '');
      showProblems(warnings);
    } catch (e) {
      if (mine !== seq) return;
      if (e instanceof ApiError && e.status === 422) {
        const n = e.problems.length;
        status.className = 'validate-status bad';
        status.textContent = n ? `✗ ${n} problem${n > 1 ? 's' : ''}` + (e.problems[0].line ? ` (first at line ${e.problems[0].line})` : '') : '✗ ' + e.message;
        showProblems(e.problems.length ? e.problems : [{message: e.message}]);
      } else {
        status.className = 'validate-status bad';
        status.textContent = 'Could not check: ' + e.message;
      }
    }
  }
  const validateSoon = debounce(validate, VALIDATE_MS);
  textarea.addEventListener('input', () => {
    paint();
    status.className = 'validate-status pending';
    status.textContent = 'Editing…';
    validateSoon();
  });
  textarea.addEventListener('scroll', scroll);
  textarea.addEventListener('keydown', (e) => {
    if (e.key === 'Tab' && !e.shiftKey && !e.ctrlKey && !e.altKey) {
      e.preventDefault();
      textarea.setRangeText('  ', textarea.selectionStart, textarea.selectionEnd, 'end');
      textarea.dispatchEvent(new Event('input'));
    } else if (e.key === 's' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      save();
    }
  });
  formatSel.addEventListener('change', validate);

  // --- upload ---
  const fileInput = h('input#scenario-file', {type: 'file', accept: '.yaml,.yml,.json,text/yaml,application/json', onchange: async () => {
    const f = fileInput.files[0];
    if (!f) return;
    textarea.value = await f.text();
    if (/\.json$/i.test(f.name)) formatSel.value = 'json';
    else if (/\.ya?ml$/i.test(f.name)) formatSel.value = 'yaml';
    if (!id && !idInput.value) idInput.value = f.name.replace(/\.(ya?ml|json)$/i, '').toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 64);
    fileInput.value = '';
    paint();
    validate();
  }});

  // --- save ---
  const idInput = h('input#scenario-id', {name: 'id', placeholder: 'from the name', pattern: '^[a-z0-9][a-z0-9._-]{0,63}$', spellcheck: false});
  const nameInput = h('input#scenario-name', {name: 'name', placeholder: 'the scenario\'s name: field'});
  const saveMsg = h('span.save-msg#save-msg', {role: 'status'});
  const saveBtn = h('button.primary#save', {type: 'button', onclick: () => save()}, id ? 'Save as a new version' : 'Create scenario');
  async function save() {
    validateSoon.cancel();
    saveBtn.disabled = true;
    saveMsg.textContent = 'Saving…';
    saveMsg.className = 'save-msg';
    const input = {text: textarea.value, format: formatOf()};
    try {
      if (id) {
        const s = await api.updateScenario(id, input);
        summary = {...summary, ...s};
        saveMsg.textContent = `Saved as version ${s.version}.`;
        saveMsg.className = 'save-msg ok';
        showProblems([]);
        status.className = 'validate-status ok';
        status.textContent = '✓ Valid and saved.';
        versions = await api.versions(id);
        drawSide();
      } else {
        if (idInput.value.trim()) input.id = idInput.value.trim();
        if (nameInput.value.trim()) input.name = nameInput.value.trim();
        const s = await api.createScenario(input);
        location.hash = `#/scenarios/${encodeURIComponent(s.id)}`;
      }
    } catch (e) {
      saveMsg.textContent = e instanceof ApiError && e.status === 422 ? 'Not saved: fix the problems below.' : 'Not saved: ' + e.message;
      saveMsg.className = 'save-msg error';
      if (e instanceof ApiError && e.problems.length) showProblems(e.problems);
    } finally {
      saveBtn.disabled = false;
    }
  }

  const head = id
    ? h('div.page-head', h('h1', summary.name || id, ' ', h('span.muted', `${id} · v${summary.version}`)),
      h('div.actions', (summary.kinds || []).includes('plan') ? h('a.button', {href: `#/scenarios/${encodeURIComponent(id)}/quote`}, 'Quote an order') : null,
        h('a.button', {href: `#/runs`}, 'Runs'),
        h('button.danger', {type: 'button', onclick: async () => {
          if (!confirm(`Delete scenario ${id} with its versions, runs and committed orders?`)) return;
          try {
            await api.deleteScenario(id);
            location.hash = '#/';
          } catch (e) {
            banner(e);
          }
        }}, 'Delete')))
    : h('div.page-head', h('h1', 'New scenario'));

  const side = h('aside.side');
  const main = h('section.card.editor-card',
    h('div.toolbar',
      h('label.button.upload', {title: 'Read a YAML or JSON file from disk'}, 'Upload file…', fileInput),
      formatSel,
      id ? null : field('id', idInput),
      id ? null : field('name', nameInput),
      h('span.spacer'),
      saveMsg, saveBtn),
    editor, status, problemsEl,
    h('p.hint', 'Checked by the server as you type. Tab inserts two spaces; Ctrl+S saves. Include shipped files with ', h('code', 'include: [catalog/catalog.yaml]'), '.'));

  function drawSide() {
    clear(side);
    if (!id) {
      side.append(h('section.card', h('h2', 'What goes in'), h('p', 'A scenario file as the CLI reads it: ', h('code', 'supply:'), ' (plans and quotes), ',
        h('code', 'market:'), ', ', h('code', 'sourcing:'), ' (the buyer\'s choice of suppliers), ', h('code', 'cluster:'), ' (fabric), ', h('code', 'links:'), '/', h('code', 'dci:'), ' (link checks). See docs/scenario-format.md, docs/supply-format.md and docs/sourcing-format.md.')));
      return;
    }
    side.append(runPanel(summary, versions));
    side.append(h('section.card.versions', h('h2', 'Version history'),
      h('ol#versions', versions.slice().reverse().map((v) => h('li',
        h('button.link', {type: 'button', onclick: async () => {
          try {
            const full = await api.version(id, v.version);
            textarea.value = full.text;
            formatSel.value = full.format || 'yaml';
            saveMsg.textContent = v.version === versions.length ? '' : `Showing version ${v.version}: save to make it the latest.`;
            saveMsg.className = 'save-msg';
            paint();
            validate();
          } catch (e) {
            banner(e);
          }
        }}, `v${v.version}`),
        h('span.muted', ` ${when(v.created)} · ${fmt(v.bytes)} bytes · ${v.format}`))))));
  }

  root.append(head, h('div.two-col', main, side));
  drawSide();
  paint();
  if (textarea.value.trim()) validate();
  else textarea.focus();
  return () => validateSoon.cancel();
}

// Start a run of this scenario: a kind it can run, its options; then its progress page.
function runPanel(summary, versions) {
  const kinds = summary.kinds || [];
  if (!kinds.length) return h('section.card', h('h2', 'Run'), h('p.muted', 'This scenario has nothing to run (no supply:, market:, sourcing:, cluster: or links: section).'));
  const kindSel = select('kind', kinds, kinds.includes('plan') ? 'plan' : kinds[0], {id: 'run-kind'});
  const versionSel = select('version', versions.slice().reverse().map((v) => [String(v.version), `v${v.version}` + (v.version === summary.version ? ' (latest)' : '')]), String(summary.version), {id: 'run-version'});
  const planner = select('planner', [['heuristic', 'fast heuristic'], ['lp', 'LP optimum']], 'heuristic', {id: 'run-planner'});
  const objective = select('objective', ['lateness', 'fill', 'revenue'], 'lateness', {id: 'run-objective'});
  // The fast planner's gap to the aggregate bound (plan --bound), with the plan: the server holds it
  // to --max-lp-orders, as it does the LP planner.
  const bound = h('input#run-bound', {type: 'checkbox', name: 'bound'});
  const runs = h('input#run-runs', {type: 'number', min: 1, max: 1000000, value: 200, name: 'runs'});
  const seed = h('input#run-seed', {type: 'number', min: 0, value: 1, name: 'seed'});
  // A sourcing run's sizes: blank takes the scenario's risk: (shown as the placeholder).
  const risk = summary.sourcing || {};
  const scenarios = h('input#run-scenarios', {type: 'number', min: 1, name: 'scenarios', placeholder: String(risk.scenarios || '')});
  const evaluation = h('input#run-evaluation', {type: 'number', min: 1, name: 'evaluation', placeholder: String(risk.evaluation || '')});
  const cvarWeight = h('input#run-cvar-weight', {type: 'number', min: 0, step: 'any', name: 'cvar_weight', placeholder: 'scenario'});
  const sourceSeed = h('input#run-source-seed', {type: 'number', min: 0, name: 'seed', placeholder: 'scenario'});
  const opts = h('div.options');
  const msg = h('p.form-msg', {role: 'status'});
  const drawOpts = () => {
    clear(opts);
    if (kindSel.value === 'plan') {
      opts.append(field('planner', planner));
      if (planner.value === 'lp') opts.append(field('objective', objective));
      else opts.append(h('label.field.check', bound, h('span', 'bound: how far the plan can be from the optimum, at most')));
    }
    if (kindSel.value === 'market') opts.append(field('runs', runs, 'Monte Carlo draws'), field('seed', seed));
    if (kindSel.value === 'source') {
      opts.append(field('scenarios', scenarios, 'futures the decision is optimised on'), field('evaluation', evaluation, 'further futures it is evaluated on'),
        field('CVaR weight', cvarWeight), field('seed', sourceSeed));
    }
  };
  kindSel.addEventListener('change', drawOpts);
  planner.addEventListener('change', drawOpts);
  drawOpts();
  const btn = h('button.primary#run', {type: 'submit'}, 'Run');
  return h('form.card.run-panel', {onsubmit: async (e) => {
    e.preventDefault();
    const options = {};
    if (kindSel.value === 'plan') {
      options.planner = planner.value;
      if (planner.value === 'lp') options.objective = objective.value;
      else if (bound.checked) options.bound = true;
    }
    if (kindSel.value === 'market') {
      options.runs = Number(runs.value);
      options.seed = Number(seed.value);
    }
    if (kindSel.value === 'source') {
      for (const [name, input] of [['scenarios', scenarios], ['evaluation', evaluation], ['cvar_weight', cvarWeight], ['seed', sourceSeed]])
        if (input.value !== '') options[name] = Number(input.value);
    }
    btn.disabled = true;
    msg.textContent = 'Starting…';
    try {
      const r = await api.startRun({scenario: summary.id, version: Number(versionSel.value), kind: kindSel.value, options});
      location.hash = `#/runs/${r.id}`;
    } catch (err) {
      msg.textContent = err.message;
      msg.className = 'form-msg error';
      btn.disabled = false;
    }
  }}, h('h2', 'Run'), field('kind', kindSel), field('version', versionSel), opts, h('div.actions', btn), msg);
}
