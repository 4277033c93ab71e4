// ECharts, the parts the report model uses (the same set as web/report/echarts-entry.mjs: bar, line
// and heat-map charts, grid, tooltip, legend, visual map, the SVG renderer). A chart type the
// report starts to use must be added here too, or ECharts logs an error and draws nothing.
import {use, init} from 'echarts/core';
import {BarChart, LineChart, HeatmapChart} from 'echarts/charts';
import {GridComponent, TooltipComponent, LegendComponent, VisualMapComponent} from 'echarts/components';
import {SVGRenderer} from 'echarts/renderers';
import {h, fmt, table} from './dom.js';
import {prepare} from '../../report/chart-options.mjs';

use([BarChart, LineChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent, VisualMapComponent, SVGRenderer]);

// Every chart on the page, so a view can dispose of them when it is left (and the browser test can
// inspect them: window.opticplanCharts, as in the HTML report).
const live = new Set();
window.opticplanCharts = [];
const sync = () => { window.opticplanCharts = [...live]; };

export function chart(el, option) {
  prepare(option, fmt);  // as the HTML report does: money axes, axis titles
  const c = init(el, null, {renderer: 'svg'});
  c.setOption(option);
  live.add(c);
  sync();
  return c;
}

export function disposeAll() {
  for (const c of live) c.dispose();
  live.clear();
  sync();
}

let resizeTimer = null;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => live.forEach((c) => c.resize()), 100);
});

// Columns whose "no" is a failed check, shown in red (as in the HTML report).
const verdicts = new Set(['pass', 'closes', 'capacity_fits', 'cd_ok']);

// One section of a report model ({title, note, chart, series, height, tables}) as the HTML report
// draws it: heading, note, chart, then its tables. The chart is drawn once the element is in the
// document (ECharts needs its size): call the returned draw().
export function section(model, s, i, {tables = true, prefix = 's'} = {}) {
  const chartEl = s.chart ? h('div.chart', {dataset: {series: String(s.series ?? 0), section: s.title}, style: {height: (s.height || 380) + 'px'}}) : null;
  const el = h('section.report-section', {id: `${prefix}${i + 1}`},
    h('h2', s.title),
    s.note ? h('p.note', s.note) : null,
    chartEl,
    tables ? (s.tables || []).map((ti) => {
      const t = model.tables[ti];
      if (!t) return null;
      const el = table(t.columns, t.rows, {caption: t.name, failing: verdicts, attrs: {dataset: {table: t.name}}});
      // Under a chart, its numbers fold away (the chart is the point); a section without a chart is its tables.
      return s.chart ? h('details.table-details', h('summary', `Table: ${t.name} `, h('span.muted', `(${t.rows.length} rows)`)), el) : el;
    }) : null);
  const draw = () => {
    if (chartEl) chart(chartEl, structuredClone(s.chart));
  };
  return {el, draw};
}

// Disposes the charts drawn inside el (before el's content is replaced).
export function disposeIn(el) {
  for (const c of [...live]) {
    if (el.contains(c.getDom())) {
      c.dispose();
      live.delete(c);
    }
  }
  sync();
}
