// The ECharts parts opticplan's reports use, bundled (by esbuild, at build time: src/CMakeLists.txt)
// into one script that defines `echarts` (and echarts.prepare, chart-options.mjs): about half the size of the full build, so a report loads
// faster. A chart type or component a report starts to use must be added here.
import {use, init} from 'echarts/core';
import {BarChart, LineChart, HeatmapChart} from 'echarts/charts';
import {GridComponent, TooltipComponent, LegendComponent, VisualMapComponent} from 'echarts/components';
import {SVGRenderer} from 'echarts/renderers';

use([BarChart, LineChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent, VisualMapComponent, SVGRenderer]);

export {init};
// Not ECharts: the report model's option preparation, shared with the web app (chart-options.mjs).
export {prepare} from './chart-options.mjs';
