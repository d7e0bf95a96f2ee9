/**
 * A view's series chart as SVG: the same months, values, gaps, colours and event labels as the page's month chart
 * (series-view.ts), built from the /api/series answer and the events. The dashboard's "Download SVG" and the
 * server's link-preview image (server/http/handlers/preview.ts) both draw through here, so they cannot drift apart.
 * Pure, no DOM.
 */
import type { Series, TradeEvent } from '../api-types.ts';
import { formatCompact, formatMonth, seriesLabel, unitLabel } from '../format.ts';
import type { ViewState } from '../state.ts';
import { eventMarks } from './event-marks.ts';
import { buildSeriesModel, eventsInView, monthsWithNoData, withoutUnreported } from './series-model.ts';
import { renderSvgChart, type SvgChartData } from './svg-chart.ts';
import { seriesStyle, type Theme } from './theme.ts';

export type SvgViewState = Pick<ViewState, 'unit' | 'scale' | 'hideUnreported' | 'chart' | 'events'>;

export function seriesSvgData(
  series: readonly Series[],
  events: readonly TradeEvent[],
  view: SvgViewState,
  theme: Theme,
): SvgChartData {
  const full = buildSeriesModel(series, 'value', seriesLabel);
  const compressed = view.hideUnreported ? withoutUnreported(full) : null;
  const model = compressed?.model ?? full;
  return {
    labels: model.labels,
    datasets: model.datasets.map((dataset, index) => ({
      label: dataset.label,
      values: dataset.values,
      type: view.chart,
      ...seriesStyle(theme, index),
    })),
    yTitle: `${unitLabel(view.unit)}${view.scale === 'log' ? ' (log scale)' : ''}`,
    formatTick: formatCompact,
    formatLabel: formatMonth,
    logScale: view.scale === 'log',
    noDataMonths: monthsWithNoData(model),
    axisBreaks: compressed?.breaks ?? [],
    eventMarks: eventMarks(eventsInView(events, model.labels, view.events), model.labels),
  };
}

export interface SeriesSvgOptions {
  title: string;
  footer: readonly string[];
  theme: Theme;
  width?: number;
  height?: number;
  fontSize?: number;
}

export function seriesSvg(
  series: readonly Series[],
  events: readonly TradeEvent[],
  view: SvgViewState,
  options: SeriesSvgOptions,
): string {
  const { theme } = options;
  return renderSvgChart(seriesSvgData(series, events, view, theme), {
    title: options.title,
    footer: options.footer,
    colors: { ...theme },
    emptyText: 'No data for this selection',
    ...(options.width === undefined ? {} : { width: options.width }),
    ...(options.height === undefined ? {} : { height: options.height }),
    ...(options.fontSize === undefined ? {} : { fontSize: options.fontSize }),
  });
}
