/**
 * The main panel: title, the monthly chart with events, legend, headline cards, the optional change panel, the
 * data table and the list of events. It renders what main.ts fetched; it does not fetch. The parts live beside it:
 * series-title.ts, headline-cards.ts, series-table.ts, series-events.ts.
 */
import type { Series, SeriesResponse, TradeEvent } from '../api-types.ts';
import { MonthChart, type Marker, type MonthChartData, type TooltipContent } from '../charts/month-chart.ts';
import {
  buildSeriesModel,
  eventsInMonth,
  eventsInView,
  isEmptyModel,
  monthsWithNoData,
  statusAt,
  withoutUnreported,
  type SeriesModel,
} from '../charts/series-model.ts';
import { seriesStyle, type Theme } from '../charts/theme.ts';
import {
  formatChange,
  formatCompact,
  formatDate,
  formatMonth,
  formatMonthLong,
  formatPercent,
  formatValue,
  seriesLabel,
  unitLabel,
} from '../format.ts';
import { isMonth, type ViewState } from '../state.ts';
import { categoryLabel } from './controls.ts';
import { byId, el, renderLegend, setStatus } from './dom.ts';
import { renderHeadlineCards, type HeadlineEntry } from './headline-cards.ts';
import { eventAnnotations, eventMarks, renderEventsList } from './series-events.ts';
import { pointTooltipDetails } from './point-sources.ts';
import { renderSeriesTable } from './series-table.ts';
import { describeEmpty, describeTitle } from './series-title.ts';

export { describeTitle } from './series-title.ts';

export interface SeriesSnapshot {
  response: SeriesResponse;
  state: ViewState;
  events: TradeEvent[];
}

function markersFor(model: SeriesModel): Marker[][] {
  return model.datasets.map((dataset) =>
    model.labels.map((_label, index) => {
      const status = statusAt(dataset, index);
      if (status === 'not-reported') return 'gap';
      return dataset.points[index]?.value === 0 ? 'zero' : null;
    }),
  );
}

/**
 * The change panel marks only a change that was computed and is zero; a month whose change cannot be computed (not
 * reported, or from zero) is drawn as nothing at all (issue 13), and its tooltip says why.
 */
function changeMarkersFor(model: SeriesModel): Marker[][] {
  return model.datasets.map((dataset) => dataset.values.map((value) => (value === 0 ? 'zero' : null)));
}

export class SeriesView {
  private readonly status = byId('series-status');
  private readonly title = byId('series-title');
  private readonly range = byId('series-range');
  private readonly cards = byId('headline-cards');
  private readonly legend = byId('series-legend');
  private readonly box = byId('series-box');
  private readonly key = byId('series-key');
  private readonly tableDetails = byId('table-details');
  private readonly eventsDetails = byId('events-details');
  private readonly table = byId('series-table');
  private readonly eventsList = byId('events-list');
  private readonly changeSection = byId('change-section');
  private readonly changeTitle = byId('change-title');
  private chart: MonthChart | null = null;
  private changeChart: MonthChart | null = null;
  private snapshot: SeriesSnapshot | null = null;
  /** What the chart draws: every month, or only those someone reported (state.hideUnreported). */
  private model: SeriesModel | null = null;
  /** Where the chart's axis closes over months left out. */
  private breaks: number[] = [];
  private viewEvents: TradeEvent[] = [];
  /** The event whose title is shown on the chart (hovered on the chart, or focused in the list). */
  private highlightedEvent: number | null = null;
  /** The theme the charts were last drawn with, for the tooltips' swatches. */
  private themeForTooltip: Theme | null = null;
  /** The change panel's tooltip, rebuilt with each render (it closes over that render's model). */
  private changeDescribe: (index: number) => TooltipContent | null = () => null;

  constructor(private readonly live: HTMLElement) {}

  get seriesChart(): MonthChart | null {
    return this.chart;
  }

  get changeSeriesChart(): MonthChart | null {
    return this.changeChart;
  }

  showLoading(state: ViewState): void {
    setStatus(this.status, 'loading', `Loading ${describeTitle([], state)}…`);
    this.box.setAttribute('aria-busy', 'true');
    // The cards belong to the previous selection: gone until the new headlines arrive.
    this.cards.replaceChildren();
  }

  /** Hides or shows everything that only makes sense with a chart on screen. */
  private showChartParts(visible: boolean): void {
    for (const part of [this.box, this.key, this.tableDetails, this.eventsDetails]) part.hidden = !visible;
  }

  showError(message: string, state: ViewState): void {
    setStatus(this.status, 'error', message);
    this.title.textContent = describeTitle([], state);
    this.range.textContent = '';
    this.box.removeAttribute('aria-busy');
    this.showChartParts(false);
    this.cards.replaceChildren();
    this.legend.replaceChildren();
    this.table.replaceChildren();
    this.eventsList.replaceChildren();
    this.changeSection.hidden = true;
  }

  /** The chart's data drawn in `theme`: the page's own, or the light one for the PNG download. */
  chartDataFor(theme: Theme): MonthChartData | null {
    const model = this.model;
    const state = this.snapshot?.state;
    if (!model || !state) return null;
    return {
      labels: model.labels,
      // A reported zero still shows as a sliver of bar next to a gap, which shows nothing.
      datasets: chartDatasets(model, markersFor(model), state, theme).map((dataset, index) => ({
        ...dataset,
        minBarLength: 2,
        conflicts: model.datasets[index]?.points.map((point) => point?.conflict === true) ?? [],
      })),
      yTitle: `${unitLabel(state.unit)}${state.scale === 'log' ? ' (log scale)' : ''}`,
      formatTick: formatCompact,
      beginAtZero: true,
      logScale: state.scale === 'log',
      noDataMonths: monthsWithNoData(model),
      axisBreaks: this.breaks,
      annotations: eventAnnotations(this.viewEvents, model.labels, theme, {
        current: () => this.highlightedEvent,
        set: (id) => {
          this.highlightedEvent = id;
        },
      }),
      eventMarks: eventMarks(this.viewEvents, model.labels),
      formatLabel: formatMonth,
    };
  }

  render(snapshot: SeriesSnapshot, theme: Theme): void {
    this.snapshot = snapshot;
    const { response, state } = snapshot;
    const model = buildSeriesModel(response.series, 'value', seriesLabel);
    const compressed = state.hideUnreported ? withoutUnreported(model) : null;
    this.model = compressed?.model ?? model;
    this.breaks = compressed?.breaks ?? [];
    this.box.removeAttribute('aria-busy');
    this.title.textContent = describeTitle(response.series, state);
    document.title = `${this.title.textContent} · Tradeflow`;
    const first = model.labels[0];
    const last = model.labels[model.labels.length - 1];
    const left = compressed?.left.length ?? 0;
    const periods = state.interval === 'year' ? 'years' : 'months';
    this.range.textContent =
      first && last
        ? `${formatMonth(first)} to ${formatMonth(last)}${state.from === null && state.to === null ? ', the whole range of the data for this selection' : ''}${left > 0 ? `; ${left} ${periods} nobody reported are left out of the chart (they are in the table)` : ''}.`
        : '';

    if (response.series.length === 0 || isEmptyModel(model)) {
      setStatus(
        this.status,
        'empty',
        describeEmpty(
          state,
          this.title.textContent,
          first && last ? ` from ${formatMonth(first)} to ${formatMonth(last)}` : '',
        ),
      );
      this.showChartParts(false);
      this.legend.replaceChildren();
      this.cards.replaceChildren();
      this.table.replaceChildren();
      this.changeSection.hidden = true;
      this.viewEvents = [];
      return;
    }
    setStatus(this.status, null);
    this.showChartParts(true);
    this.viewEvents = eventsInView(snapshot.events, model.labels, state.events);
    this.renderLegend(response.series, theme);
    this.renderChart(theme);
    this.renderChange(response.series, state, theme);
    renderSeriesTable(this.table, model, response.series, this.title.textContent);
    renderEventsList(this.eventsList, this.viewEvents, {
      highlight: (id) => this.highlightEvent(id),
      show: (event) => {
        const index = this.model?.labels.indexOf(event.date.slice(0, 7)) ?? -1;
        if (index >= 0) this.chart?.setActive(index, true);
      },
    });
  }

  /** Headline cards, filled in as the answers come; `total` is the number of series on the chart. */
  renderHeadlines(entries: readonly HeadlineEntry[], total: number, theme: Theme): void {
    renderHeadlineCards(this.cards, entries, total, theme);
  }

  showCardsNote(text: string): void {
    this.cards.replaceChildren(el('p', { class: 'cards-note muted', id: 'cards-note' }, text));
  }

  /** Shows one event's title on the chart (from the list's focus or hover); null hides it. */
  highlightEvent(id: number | null): void {
    if (this.highlightedEvent === id) return;
    this.highlightedEvent = id;
    this.chart?.refresh();
  }

  private renderLegend(series: readonly Series[], theme: Theme): void {
    renderLegend(
      this.legend,
      series.map((s, index) => ({
        ...seriesStyle(theme, index),
        label: `${seriesLabel(s)}${s.conversion ? ` (converted ${s.conversion.applied} at ${s.conversion.barrelsPerTonne} bbl/t: ${s.conversion.source})` : ''}`,
      })),
    );
  }

  private describeMonth(index: number): TooltipContent | null {
    const model = this.model;
    const snapshot = this.snapshot;
    const period = model?.labels[index];
    if (!model || !snapshot || period === undefined) return null;
    const theme = this.themeForTooltip;
    const rows = model.datasets.map((dataset, datasetIndex) => {
      const point = dataset.points[index] ?? null;
      const status = statusAt(dataset, index);
      const details = point && status !== 'not-reported' ? pointTooltipDetails(point, dataset.unit) : [];
      return {
        color: theme ? seriesStyle(theme, datasetIndex).color : undefined,
        label: dataset.label,
        value: status === 'not-reported' ? 'not reported' : formatValue(point?.value ?? null, dataset.unit),
        details,
        conflict: point?.conflict === true,
      };
    });
    const notes = eventsInMonth(this.viewEvents, period).map(
      (event) => `${formatDate(event.date)} · ${categoryLabel(event.category)}: ${event.title}`,
    );
    return { title: formatMonthLong(period), rows, notes, check: isMonth(period) ? period : undefined };
  }

  private renderChart(theme: Theme): void {
    this.themeForTooltip = theme;
    const data = this.chartDataFor(theme);
    if (!data) return;
    const canvas = byId<HTMLCanvasElement>('series-chart');
    canvas.setAttribute(
      'aria-label',
      `Chart: ${this.title.textContent ?? ''}. Use the left and right arrow keys to read each month; the table below has the same numbers.`,
    );
    if (this.chart) this.chart.update(data, theme);
    else
      this.chart = new MonthChart(
        { canvas, tooltip: byId('series-tooltip'), live: this.live },
        (i) => this.describeMonth(i),
        data,
        theme,
      );
  }

  private renderChange(series: readonly Series[], state: ViewState, theme: Theme): void {
    if (state.change === 'none') {
      this.changeSection.hidden = true;
      return;
    }
    this.changeSection.hidden = false;
    // A yearly series has no change from the period before but a year earlier (the API's mom is null).
    const kind = state.interval === 'year' ? 'yoy' : state.change;
    const name = kind === 'mom' ? 'Month over month' : 'Year over year';
    this.changeTitle.textContent = `${name} change, in %`;
    const full = buildSeriesModel(series, kind, seriesLabel);
    // The same axis as the chart above: closed up over the same periods when those are left out.
    const compressed = state.hideUnreported ? withoutUnreported(full) : null;
    const model = compressed?.model ?? full;
    const data: MonthChartData = {
      labels: model.labels,
      axisBreaks: compressed?.breaks ?? [],
      datasets: chartDatasets(model, changeMarkersFor(model), state, theme),
      yTitle: `${name} (%)`,
      formatTick: (value) => formatPercent(value),
      beginAtZero: true,
      noDataMonths: [],
      annotations: {},
      formatLabel: formatMonth,
    };
    const describe = (index: number): TooltipContent | null => {
      const period = model.labels[index];
      if (period === undefined) return null;
      return {
        title: `${formatMonthLong(period)}: ${name.toLowerCase()}`,
        rows: model.datasets.map((dataset, datasetIndex) => {
          const point = dataset.points[index] ?? null;
          const change = point ? (kind === 'mom' ? point.change.mom : point.change.yoy) : null;
          return {
            color: seriesStyle(theme, datasetIndex).color,
            label: dataset.label,
            value: statusAt(dataset, index) === 'not-reported' ? 'not reported' : formatChange(change, dataset.unit),
            details: [],
          };
        }),
        notes: [],
      };
    };
    this.changeDescribe = describe;
    if (this.changeChart) this.changeChart.update(data, theme);
    else {
      this.changeChart = new MonthChart(
        { canvas: byId<HTMLCanvasElement>('change-chart'), tooltip: byId('change-tooltip'), live: this.live },
        (i) => this.changeDescribe(i),
        data,
        theme,
      );
    }
  }
}

/** One chart dataset per series, in the series' colour and dash, with its markers: both panels draw these. */
function chartDatasets(
  model: SeriesModel,
  markers: Marker[][],
  state: ViewState,
  theme: Theme,
): MonthChartData['datasets'] {
  return model.datasets.map((dataset, index) => ({
    label: dataset.label,
    type: state.chart,
    values: dataset.values,
    ...seriesStyle(theme, index),
    markers: markers[index] ?? [],
  }));
}
