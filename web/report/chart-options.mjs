// What a chart option of the report model needs before ECharts draws it, shared by the HTML
// report (bundled with ECharts: echarts.prepare) and the web app's dashboards (imported), so that
// a chart reads the same in both: numbers grouped in tooltips, axes marked "usd" by the report
// writer (src/report/report_builder.h value_axis) labelled as money, horizontal value axes with
// their title under the labels.
const numberFormat = new Intl.NumberFormat('en-US', {maximumFractionDigits: 3});

export function format(v) {
  if (typeof v === 'number') return numberFormat.format(v);
  if (Array.isArray(v)) return v.map(format).join(', ');
  return v === null || v === undefined ? '-' : String(v);
}

// USD as people read it: $26.2B, $19.8M, $650K, $355.
export function money(v) {
  if (typeof v !== 'number') return format(v);
  const a = Math.abs(v);
  const short = (x) => x.toFixed(1).replace(/\.0$/, '');
  if (a >= 1e9) return '$' + short(v / 1e9) + 'B';
  if (a >= 1e6) return '$' + short(v / 1e6) + 'M';
  if (a >= 1e4) return '$' + (v / 1e3).toFixed(0) + 'K';
  return '$' + numberFormat.format(v);
}

const axesOf = (option, key) => (Array.isArray(option[key]) ? option[key] : option[key] ? [option[key]] : []);

// Money labels on the marked axes, and money in the tooltips of the series drawn against them.
function moneyAxes(option) {
  const marked = {};
  ['yAxis', 'xAxis'].forEach((key) => axesOf(option, key).forEach((axis, i) => {
    if (axis.axisLabel && axis.axisLabel.formatter === 'usd') {
      axis.axisLabel.formatter = money;
      marked[key + i] = true;
    }
  }));
  (option.series || []).forEach((s) => {
    if (marked['yAxis' + (s.yAxisIndex || 0)] || marked['xAxis' + (s.xAxisIndex || 0)]) {
      s.tooltip = s.tooltip || {};
      if (s.tooltip.show !== false) s.tooltip.valueFormatter = money;
    }
  });
}

// A value axis along the bottom (horizontal bars) has its title under its labels, in the middle,
// not at its end, where the chart's edge cuts it off.
function fitAxisNames(option) {
  axesOf(option, 'xAxis').forEach((axis) => {
    if (axis.type !== 'value' || !axis.name || axis.nameLocation) return;
    axis.nameLocation = 'middle';
    axis.nameGap = 30;
    option.grid = Object.assign({}, option.grid, {bottom: Math.max((option.grid || {}).bottom || 0, 52)});
  });
}

// Edits `option` in place and returns it. `valueFormat` formats tooltip values not in money.
export function prepare(option, valueFormat = format) {
  if (option.tooltip && !option.tooltip.valueFormatter) option.tooltip.valueFormatter = valueFormat;
  moneyAxes(option);
  fitAxisNames(option);
  return option;
}
