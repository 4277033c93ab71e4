// Promise an order: a form filled from the scenario's customers, items, requirements and periods;
// POST .../quote shows the earliest schedule (table, and cumulative deliveries against the due
// date) and why not earlier; Commit POSTs .../commit with the same order and the quoted deliveries
// as its promise, and shows the committed order (201) or the refusal (409). Below: the committed
// orders, each with Release.
import {api, ApiError} from '../api.js';
import {chart, disposeIn} from '../charts.js';
import {h, clear, fmt, table} from '../dom.js';
import {banner, field, problemList, select, statusBadge} from '../ui.js';

export async function quoteView(root, params, _query, stale) {
  const id = params[0];
  const s = await api.scenario(id, {text: false});
  if (stale()) return;
  const customers = s.customers || [], items = s.items || [], requirements = s.requirements || [], periods = s.periods || [];
  root.append(h('div.page-head', h('h1', 'Quote an order ', h('span.muted', `on ${s.name && s.name !== id ? s.name + ' · ' : ''}${id} v${s.version}`)),
    h('div.actions', h('a.button', {href: `#/scenarios/${encodeURIComponent(id)}`}, 'Scenario'))));
  if (!(s.kinds || []).includes('plan')) {
    root.append(h('p.card', 'This scenario has no supply: section, so there is no plan to promise orders on.'));
    return;
  }

  if (s.promising === 'preparing')
    root.append(h('p.muted.small#q-preparing', 'The committed plan is being prepared (a large scenario was just stored): the first quote waits for it.'));

  // --- the form ---
  const customer = select('customer', customers, customers[0], {id: 'q-customer', required: true});
  const byRequirement = requirements.length > 0;
  const whatSel = select('what', [['requirement', 'by requirement'], ['item', 'by item']], byRequirement ? 'requirement' : 'item', {id: 'q-what'});
  const item = select('item', items, items[0], {id: 'q-item'});
  const requirement = select('requirement', requirements, requirements[0], {id: 'q-requirement'});
  const quantity = h('input#q-quantity', {type: 'number', name: 'quantity', min: 1, step: 1, value: 1000, required: true});
  const due = select('due', periods, periods[0], {id: 'q-due', required: true});
  const priority = h('input#q-priority', {type: 'number', name: 'priority', min: 1, step: 1, value: 1});
  const maxLate = h('input#q-max-lateness', {type: 'number', name: 'max_lateness', min: 0, step: 1, placeholder: 'any'});
  const whole = h('input#q-whole', {type: 'checkbox', name: 'whole'});
  const orderId = h('input#q-id', {name: 'id', placeholder: 'c-<seq>', spellcheck: false});
  const whatField = h('span');
  const drawWhat = () => clear(whatField).append(whatSel.value === 'item' ? field('item', item) : field('requirement', requirement));
  whatSel.addEventListener('change', drawWhat);
  drawWhat();

  const order = () => {
    const o = {customer: customer.value, quantity: Number(quantity.value), due: due.value};
    if (whatSel.value === 'item') o.item = item.value;
    else o.requirement = requirement.value;
    if (priority.value && Number(priority.value) !== 1) o.priority = Number(priority.value);
    if (maxLate.value !== '') o.max_lateness = Number(maxLate.value);
    if (whole.checked) o.whole = true;
    return o;
  };

  const quoteBtn = h('button.primary#quote', {type: 'submit'}, 'Quote');
  const out = h('div#quote-out');
  const form = h('form.card.quote-form', {onsubmit: (e) => {
    e.preventDefault();
    doQuote();
  }},
  h('div.form-grid',
    field('customer', customer), field('order', whatSel, 'a requirement: any alternate the customer qualified'), whatField,
    field('quantity', quantity), field('due', due, 'desired period'),
    field('priority', priority, '1 is first'), field('max lateness', maxLate, 'periods; empty: any'),
    h('label.field.check', whole, h('span', 'whole: may not be split'))),
  h('div.actions', quoteBtn));
  // A changed form makes the shown quote stale: it can no longer be committed as is.
  form.addEventListener('input', () => out.querySelector('#commit')?.setAttribute('disabled', ''));
  form.addEventListener('change', () => out.querySelector('#commit')?.setAttribute('disabled', ''));

  const ordersEl = h('section.card#committed');
  root.append(h('div.two-col.quote-layout', h('div', form, out), ordersEl));

  async function doQuote() {
    const o = order();
    quoteBtn.disabled = true;
    disposeIn(out);
    clear(out).append(h('p.muted', 'Quoting…'));
    try {
      const q = await api.quote(id, o);
      showQuote(o, q);
    } catch (e) {
      clear(out).append(h('section.card.error-box#quote-error', h('strong', e.message), e.problems && e.problems.length ? problemList(e.problems) : null));
    } finally {
      quoteBtn.disabled = false;
    }
  }

  function showQuote(o, q) {
    const ord = q.order || {};
    const deliveries = ord.deliveries || [];
    let cum = 0;
    const rows = deliveries.map((d) => [d.period, d.item, d.quantity, (cum += d.quantity), d.period <= o.due ? 'on time' : 'late']);
    const late = (ord.lateness || 0) > 0 || ord.status !== 'on time';
    const msg = h('div#commit-msg', {role: 'status'});
    const commitBtn = h('button.primary#commit', {type: 'button', disabled: !deliveries.length, onclick: async () => {
      commitBtn.disabled = true;
      clear(msg).append(h('p.muted', 'Committing…'));
      const body = {...o, promise: deliveries.map((d) => ({period: d.period, item: d.item, quantity: d.quantity}))};
      if (orderId.value.trim()) body.id = orderId.value.trim();
      try {
        const c = await api.commit(id, body);
        clear(msg).append(h('div.ok-box#commit-ok', h('strong', `Committed as ${c.order && c.order.id ? c.order.id : body.id || 'an order'}`),
          ` — ${statusText(c)}.` + (typeof c.revision === 'number' ? ` Plan revision ${c.revision}.` : '')));
        loadOrders();
      } catch (e) {
        const refused = e instanceof ApiError && e.status === 409;
        clear(msg).append(h('div.error-box#commit-refused', h('strong', refused ? 'Refused: ' : 'Not committed: '), e.message,
          refused ? h('p.small', 'The plan changed since the quote (another order was committed, or the scenario saved): quote again.') : null,
          e.problems && e.problems.length ? problemList(e.problems) : null));
      }
    }}, 'Commit this promise');
    const chartEl = h('div.chart.quote-chart#quote-chart');
    disposeIn(out);
    clear(out).append(h('section.card.quote-result',
      h('div.quote-head',
        h('div', h('h2', q.complete ? `Complete by ${q.complete}` : 'Cannot be completed in the horizon'),
          h('p', statusBadge(ord.status || '-'), ` ${fmt(ord.on_time)} of ${fmt(ord.quantity ?? o.quantity)} on time (due ${o.due})`,
            ord.lateness ? `, ${fmt(ord.lateness)} period${ord.lateness > 1 ? 's' : ''} late` : '',
            typeof q.elapsed_us === 'number' ? h('span.muted', ` · quoted in ${fmt(q.elapsed_us)} µs`) : null,
            typeof q.revision === 'number' ? h('span.muted', ` · plan revision ${q.revision}`) : null)),
        h('div.actions', field('order id', orderId), commitBtn)),
      msg,
      deliveries.length ? table(['period', 'item', 'quantity', 'cumulative', ''], rows, {attrs: {id: 'quote-schedule'}}) : h('p', 'Nothing can be delivered within the plan\'s horizon.'),
      chartEl,
      late && (ord.causes || []).length ? h('div.causes', h('h3', 'Why not earlier'), h('ul#quote-causes', ord.causes.map((c) => h('li',
        h('code', `${c.constraint ? c.constraint.kind + ' ' + c.constraint.id : ''}`), ' ', c.explanation || '')))) : null));
    drawQuoteChart(chartEl, o, deliveries);
  }

  function drawQuoteChart(el, o, deliveries) {
    // The periods from the first one through the later of the due date and the last delivery (plus one).
    const last = deliveries.length ? deliveries[deliveries.length - 1].period : o.due;
    const end = Math.min(periods.length - 1, Math.max(periods.indexOf(o.due), periods.indexOf(last)) + 1);
    const xs = periods.slice(0, Math.max(end, 0) + 1);
    const per = xs.map((p) => deliveries.filter((d) => d.period === p).reduce((n, d) => n + d.quantity, 0));
    let c = 0;
    const cumulative = per.map((n) => (c += n));
    const dueIdx = xs.indexOf(o.due);
    const dueLine = xs.map((_, i) => (i >= dueIdx ? o.quantity : 0));
    chart(el, {
      tooltip: {trigger: 'axis'},
      legend: {top: 0},
      grid: {left: 60, right: 20, top: 36, bottom: 30},
      xAxis: {type: 'category', data: xs},
      yAxis: {type: 'value', name: 'units'},
      series: [
        {name: 'delivered in period', type: 'bar', data: per, itemStyle: {color: '#9db8d9'}},
        {name: 'cumulative delivered', type: 'line', step: 'end', data: cumulative, itemStyle: {color: '#1f5fa8'}},
        {name: 'due (cumulative)', type: 'line', step: 'end', data: dueLine, lineStyle: {type: 'dashed'}, itemStyle: {color: '#b3261e'}},
      ],
    });
  }

  async function loadOrders() {
    let orders;
    try {
      orders = await api.orders(id);
    } catch (e) {
      banner(e);
      return;
    }
    if (stale()) return;
    clear(ordersEl).append(h('h2', `Committed orders (${orders.filter((o) => !o.released).length})`));
    if (!orders.length) {
      ordersEl.append(h('p.muted', 'None yet: quote an order, then commit it.'));
      return;
    }
    ordersEl.append(table(['id', 'customer', 'item / requirement', 'qty', 'due', 'deliveries', 'status', ''], orders.map((o) => [
      o.id, o.request.customer, o.request.item || o.request.requirement, o.request.quantity, o.request.due,
      byPeriod(o.deliveries || []) || '-',
      o.released ? h('span.badge', 'released') : statusBadge(o.status || 'committed'),
      o.released ? '' : h('button.small', {type: 'button', dataset: {release: o.id}, onclick: async (e) => {
        e.target.disabled = true;
        try {
          await api.release(id, o.id);
        } catch (err) {
          banner(err);
        }
        loadOrders();
      }}, 'Release'),
    ]), {attrs: {id: 'committed-orders'}}));
  }
  loadOrders();
}

function statusText(c) {
  const o = c.order || {};
  return `${o.status || 'planned'}, complete ${c.complete || 'never'}` + (o.deliveries ? ` (${byPeriod(o.deliveries)})` : '');
}

// "2026-W01: 500 · 2026-W02: 2,500": deliveries summed per period (whatever the item).
function byPeriod(deliveries) {
  const m = new Map();
  for (const d of deliveries) m.set(d.period, (m.get(d.period) || 0) + d.quantity);
  return [...m].map(([p, n]) => `${p}: ${fmt(n)}`).join(' · ');
}
