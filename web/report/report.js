// opticplan's HTML report: draws every chart of the page with ECharts (inlined before this script).
// The page holds the chart options as JSON (#opticplan-charts, written by src/report/html_report.cpp);
// each <div class="chart" data-chart="I"> gets option I. Nothing is fetched.
(function () {
  'use strict';
  window.opticplanScriptMs = Math.round(performance.now());  // ECharts parsed and run by now
  var options = JSON.parse(document.getElementById('opticplan-charts').textContent);
  var charts = [];
  var nodes = document.querySelectorAll('div.chart[data-chart]');
  for (var i = 0; i < nodes.length; ++i) {
    var el = nodes[i];
    var option = options[Number(el.getAttribute('data-chart'))];
    echarts.prepare(option);  // chart-options.mjs: tooltips, money axes, axis titles
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
