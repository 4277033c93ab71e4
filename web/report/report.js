// opticplan's HTML report: draws every chart of the page with ECharts (inlined before this script).
// The page holds the chart options as JSON (#opticplan-charts, written by src/report/html_report.cpp);
// each <div class="chart" data-chart="I"> gets option I. Nothing is fetched.
(function () {
  'use strict';
  window.opticplanScriptMs = Math.round(performance.now());  // ECharts parsed and run by now
  var options = JSON.parse(document.getElementById('opticplan-charts').textContent);
  var numberFormat = new Intl.NumberFormat('en-US', {maximumFractionDigits: 3});
  var format = function (v) {
    if (typeof v === 'number') return numberFormat.format(v);
    if (Array.isArray(v)) return v.map(format).join(', ');
    return v === null || v === undefined ? '-' : String(v);
  };
  // USD as people read it: $26.2B, $19.8M, $650K, $355.
  var money = function (v) {
    if (typeof v !== 'number') return format(v);
    var a = Math.abs(v);
    var short = function (x) { return x.toFixed(1).replace(/\.0$/, ''); };
    if (a >= 1e9) return '$' + short(v / 1e9) + 'B';
    if (a >= 1e6) return '$' + short(v / 1e6) + 'M';
    if (a >= 1e4) return '$' + (v / 1e3).toFixed(0) + 'K';
    return '$' + numberFormat.format(v);
  };
  // Axes marked "usd" by the report writer (report_builder.h value_axis) get money labels, and the
  // series drawn against them money in their tooltips.
  var moneyAxes = function (option) {
    var marked = {};
    ['yAxis', 'xAxis'].forEach(function (key) {
      var axes = Array.isArray(option[key]) ? option[key] : option[key] ? [option[key]] : [];
      axes.forEach(function (axis, i) {
        if (axis.axisLabel && axis.axisLabel.formatter === 'usd') {
          axis.axisLabel.formatter = money;
          marked[key + i] = true;
        }
      });
    });
    (option.series || []).forEach(function (s) {
      if (marked['yAxis' + (s.yAxisIndex || 0)] || marked['xAxis' + (s.xAxisIndex || 0)]) {
        s.tooltip = s.tooltip || {};
        if (s.tooltip.show !== false) s.tooltip.valueFormatter = money;
      }
    });
  };
  // A value axis along the bottom (horizontal bars) has its title under its labels, in the middle,
  // not at its end, where the chart's edge cuts it off.
  var fitAxisNames = function (option) {
    var xs = Array.isArray(option.xAxis) ? option.xAxis : option.xAxis ? [option.xAxis] : [];
    xs.forEach(function (axis) {
      if (axis.type !== 'value' || !axis.name || axis.nameLocation) return;
      axis.nameLocation = 'middle';
      axis.nameGap = 30;
      option.grid = Object.assign({}, option.grid, {bottom: Math.max((option.grid || {}).bottom || 0, 52)});
    });
  };
  var charts = [];
  var nodes = document.querySelectorAll('div.chart[data-chart]');
  for (var i = 0; i < nodes.length; ++i) {
    var el = nodes[i];
    var option = options[Number(el.getAttribute('data-chart'))];
    if (option.tooltip && !option.tooltip.valueFormatter) option.tooltip.valueFormatter = format;
    moneyAxes(option);
    fitAxisNames(option);
    var chart = echarts.init(el, null, {renderer: 'svg'});
    chart.setOption(option);
    charts.push(chart);
  }
  window.opticplanCharts = charts;
  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.resize(); });
  });
  // Milliseconds from the start of navigation until every chart has drawn (read by the browser test).
  window.opticplanDrawnMs = Math.round(performance.now());
  document.documentElement.setAttribute('data-charts-drawn', String(charts.length));
})();
