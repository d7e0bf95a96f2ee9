/**
 * The Chart.js parts the dashboard uses, registered one by one (no `chart.js/auto`) so the bundle carries only
 * these. Tooltips and legends are the page's own HTML (keyboard and screen-reader friendly), so Chart.js's Tooltip
 * and Legend plugins are left out.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  LinearScale,
  LogarithmicScale,
  LineController,
  LineElement,
  PointElement,
} from 'chart.js';
import annotationPlugin from 'chartjs-plugin-annotation';

Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  LogarithmicScale,
  annotationPlugin,
);

export { Chart };
