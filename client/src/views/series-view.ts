/**
 * The main panel: title, headline cards, legend, the monthly chart with events, the optional change panel, the
 * data table and the list of events. It renders what main.ts fetched; it does not fetch.
 */
import type { Headline, Series, SeriesResponse, TradeEvent } from '../api-types.ts';
import {
  MonthChart,
  type LineAnnotation,
  type Marker,
  type MonthChartData,
  type TooltipContent,
} from '../charts/month-chart.ts';
import {
  buildSeriesModel,
  eventPosition,
  eventsInMonth,
  eventsInView,
  isEmptyModel,
  monthsWithNoData,
  statusAt,
  type SeriesModel,
} from '../charts/series-model.ts';
import { eventColor, seriesColor, type Theme } from '../charts/theme.ts';
import {
  formatChange,
  formatChangeShort,
  formatCompact,
  formatDate,
  formatMonth,
  formatMonthLong,
  formatPercent,
  formatRecord,
  formatStatus,
  formatValue,
  reporterName,
  seriesLabel,
  sourceHost,
  sourceName,
  unitLabel,
} from '../format.ts';
import type { ViewState } from '../state.ts';
import { categoryLabel } from './controls.ts';
import { byId, el, renderLegend, setStatus, sourceLink } from './dom.ts';

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

/** Long event titles wrapped for the chart label (Chart.js draws an array as lines). */
function wrap(text: string, width = 42): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

export function describeTitle(series: readonly Series[], state: ViewState): string {
  const commodities = [...new Set(series.map((s) => s.commodityLabel))];
  const reporters = [
    ...new Set((series.length > 0 ? series.map((s) => s.reporter) : state.reporter).map(reporterName)),
  ];
  const partner = reporterName(series[0]?.partner ?? state.partner ?? 'PRK');
  const what = commodities.length > 0 ? commodities.join(', ') : state.commodity.join(', ');
  const measure = state.measure === 'value' ? 'value' : 'quantity';
  return `${what}: ${reporters.join(' and ')} to ${partner}, ${measure} in ${unitLabel(state.unit)} (${sourceName(state.source)})`;
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
  private model: SeriesModel | null = null;
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
    setStatus(this.status, 'loading', `Loading ${state.commodity.join(', ') || 'the series'}…`);
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

  render(snapshot: SeriesSnapshot, theme: Theme): void {
    this.snapshot = snapshot;
    const { response, state } = snapshot;
    const model = buildSeriesModel(response.series, 'value', seriesLabel);
    this.model = model;
    this.box.removeAttribute('aria-busy');
    this.title.textContent = describeTitle(response.series, state);
    const first = model.labels[0];
    const last = model.labels[model.labels.length - 1];
    this.range.textContent =
      first && last
        ? `${formatMonth(first)} to ${formatMonth(last)}${state.from === null && state.to === null ? ', the whole range of the data for this selection' : ''}.`
        : '';

    if (response.series.length === 0 || isEmptyModel(model)) {
      setStatus(
        this.status,
        'empty',
        `No data for this selection: nothing was reported for ${this.title.textContent}${first && last ? ` from ${formatMonth(first)} to ${formatMonth(last)}` : ''}. Try another source, reporter or range.`,
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
    this.renderChart(model, state, theme);
    this.renderChange(response.series, state, theme);
    this.renderTable(model, response.series);
    this.renderEventsList(theme);
  }

  /** Headline cards: one per series, for its latest month in view with a figure; filled in as the answers come. */
  renderHeadlines(entries: { series: Series; headline: Headline | null; error: string | null }[], theme: Theme): void {
    this.cards.replaceChildren(
      ...entries.map(({ series, headline, error }, index) => {
        const card = el('article', { class: 'card' });
        card.style.setProperty('--card-color', seriesColor(theme, index));
        const label = seriesLabel(series);
        if (error !== null) {
          card.append(el('h3', {}, label), el('p', {}, error));
          return card;
        }
        if (headline === null) {
          card.append(
            el('h3', {}, label),
            el('p', { class: 'card-value' }, 'not reported'),
            el('p', { class: 'sentence' }, 'No month in this range has a figure.'),
          );
          return card;
        }
        const facts = el('dl');
        const fact = (term: string, value: string): void => {
          facts.append(el('dt', {}, term), el('dd', {}, value));
        };
        // Percent and amount together: the API rounds percentages, and 3 t after 29,607 t is "−100%" only rounded.
        fact('vs a year earlier', headline.yoy ? formatChange(headline.yoy, headline.unit) : 'n/a (not reported)');
        fact('vs the month before', headline.mom ? formatChange(headline.mom, headline.unit) : 'n/a (not reported)');
        const record = formatRecord(headline);
        if (record) fact(record[0], record[1]);
        card.append(
          el('h3', {}, `${label} · ${formatMonthLong(headline.month)}`),
          el(
            'p',
            { class: 'card-value' },
            `${formatValue(headline.value, headline.unit)}${headline.status === 'estimated' ? ' (estimated)' : ''}`,
          ),
          facts,
          el('p', { class: 'sentence' }, headline.sentence),
        );
        return card;
      }),
    );
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
        color: seriesColor(theme, index),
        label: `${seriesLabel(s)}${s.conversion ? ` (converted ${s.conversion.applied} at ${s.conversion.barrelsPerTonne} bbl/t: ${s.conversion.source})` : ''}`,
      })),
    );
  }

  private annotations(labels: readonly string[], theme: Theme): Record<string, LineAnnotation> {
    const annotations: Record<string, LineAnnotation> = {};
    for (const event of this.viewEvents) {
      const position = eventPosition(event.date, labels);
      if (position === null) continue;
      const color = eventColor(theme, event.category);
      annotations[`event-${event.id}`] = {
        type: 'line',
        xScaleID: 'x',
        xMin: position,
        xMax: position,
        borderColor: color,
        borderWidth: 2,
        borderDash: [5, 3],
        label: {
          display: () => this.highlightedEvent === event.id,
          content: [`${formatDate(event.date)} · ${categoryLabel(event.category)}`, ...wrap(event.title)],
          position: 'end',
          backgroundColor: theme.background,
          color: theme.text,
          borderColor: color,
          borderWidth: 1,
          font: { family: theme.font, size: 12 },
          padding: 6,
          z: 10,
        },
        enter: ({ element }) => {
          this.highlightedEvent = event.id;
          if (element.label) element.label.options.display = true;
          return true;
        },
        leave: ({ element }) => {
          this.highlightedEvent = null;
          if (element.label) element.label.options.display = false;
          return true;
        },
      };
    }
    return annotations;
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
      const details: string[] = [];
      if (point && status !== 'not-reported') {
        details.push(`Status: ${formatStatus(status)}${point.partial ? ', partial' : ''}`);
        details.push(`Month over month: ${formatChange(point.change.mom, dataset.unit)}`);
        details.push(`Year over year: ${formatChange(point.change.yoy, dataset.unit)}`);
        if (point.note) details.push(`Note: ${point.note}`);
        if (point.sources.length > 0) details.push(`Source: ${point.sources.map(sourceHost).join(', ')}`);
      }
      return {
        color: theme ? seriesColor(theme, datasetIndex) : undefined,
        label: dataset.label,
        value: status === 'not-reported' ? 'not reported' : formatValue(point?.value ?? null, dataset.unit),
        details,
      };
    });
    const notes = eventsInMonth(this.viewEvents, period).map(
      (event) => `${formatDate(event.date)} · ${categoryLabel(event.category)}: ${event.title}`,
    );
    return { title: formatMonthLong(period), rows, notes };
  }

  private renderChart(model: SeriesModel, state: ViewState, theme: Theme): void {
    this.themeForTooltip = theme;
    const data: MonthChartData = {
      labels: model.labels,
      // A reported zero still shows as a sliver of bar next to a gap, which shows nothing.
      datasets: chartDatasets(model, markersFor(model), state, theme).map((dataset) => ({
        ...dataset,
        minBarLength: 2,
      })),
      yTitle: unitLabel(state.unit),
      formatTick: formatCompact,
      beginAtZero: true,
      noDataMonths: monthsWithNoData(model),
      annotations: this.annotations(model.labels, theme),
      formatLabel: formatMonth,
    };
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
    const kind = state.change;
    const name = kind === 'mom' ? 'Month over month' : 'Year over year';
    this.changeTitle.textContent = `${name} change, in %`;
    const model = buildSeriesModel(series, kind, seriesLabel);
    // Gaps and zeros are marked where the values are, not where the changes are.
    const markers = markersFor(buildSeriesModel(series, 'value', seriesLabel));
    const data: MonthChartData = {
      labels: model.labels,
      datasets: chartDatasets(model, markers, state, theme),
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
            color: seriesColor(theme, datasetIndex),
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

  private renderTable(model: SeriesModel, series: readonly Series[]): void {
    const first = model.labels[0] ?? '';
    const last = model.labels[model.labels.length - 1] ?? '';
    const caption = el('caption', {}, `${this.title.textContent ?? ''}, ${formatMonth(first)} to ${formatMonth(last)}`);
    const groupRow = el('tr', {}, el('td', {}));
    const headRow = el('tr', {}, el('th', { scope: 'col' }, 'Month'));
    model.datasets.forEach((dataset) => {
      groupRow.append(el('th', { scope: 'colgroup', colspan: '5' }, dataset.label));
      headRow.append(
        el('th', { scope: 'col', class: 'num' }, `Value (${dataset.unit === 'usd' ? 'US$' : dataset.unit})`),
        el('th', { scope: 'col' }, 'Status'),
        el('th', { scope: 'col', class: 'num' }, 'Month over month'),
        el('th', { scope: 'col', class: 'num' }, 'Year over year'),
        el('th', { scope: 'col' }, 'Source'),
      );
    });
    const body = el('tbody');
    model.labels.forEach((period, index) => {
      const row = el('tr', { 'data-period': period }, el('th', { scope: 'row' }, formatMonth(period)));
      for (const dataset of model.datasets) {
        const point = dataset.points[index] ?? null;
        const status = statusAt(dataset, index);
        if (!point || status === 'not-reported') {
          row.append(
            el('td', { class: 'num not-reported' }, 'not reported'),
            el('td', { class: 'not-reported' }, 'not reported'),
            el('td', { class: 'num' }, 'n/a'),
            el('td', { class: 'num' }, 'n/a'),
            el('td', {}),
          );
          continue;
        }
        const sources = el('td', {});
        point.sources.forEach((source, i) => {
          if (i > 0) sources.append(', ');
          sources.append(sourceLink(source, sourceHost(source)));
        });
        row.append(
          el('td', { class: 'num' }, formatValue(point.value, dataset.unit).replace(/ (t|kg|bbl)$/, '')),
          el('td', {}, `${formatStatus(status)}${point.partial ? ' (partial)' : ''}`),
          el('td', { class: 'num' }, formatChangeShort(point.change.mom, dataset.unit)),
          el('td', { class: 'num' }, formatChangeShort(point.change.yoy, dataset.unit)),
          sources,
        );
      }
      body.append(row);
    });
    const conversions = series.filter((s) => s.conversion !== null);
    this.table.replaceChildren(
      el('table', {}, caption, el('thead', {}, ...(model.datasets.length > 1 ? [groupRow] : []), headRow), body),
      ...conversions.map((s) =>
        el(
          'p',
          { class: 'muted' },
          `${seriesLabel(s)}: converted ${s.conversion?.applied ?? ''} at ${s.conversion?.barrelsPerTonne ?? ''} barrels per tonne (${s.conversion?.source ?? ''}).`,
        ),
      ),
    );
  }

  private renderEventsList(theme: Theme): void {
    if (this.viewEvents.length === 0) {
      this.eventsList.replaceChildren(
        el('li', { class: 'muted' }, 'No events in this range for the chosen categories.'),
      );
      return;
    }
    this.eventsList.replaceChildren(
      ...this.viewEvents.map((event) => {
        const button = el(
          'button',
          {
            type: 'button',
            'data-event-id': String(event.id),
            'aria-label': `${formatDate(event.date)}, ${categoryLabel(event.category)}: ${event.title}. Show on the chart.`,
          },
          el('span', { class: 'event-date' }, formatDate(event.date)),
          ' ',
          event.title,
        );
        button.style.setProperty('--event-color', eventColor(theme, event.category));
        const show = (): void => this.highlightEvent(event.id);
        const hide = (): void => this.highlightEvent(null);
        button.addEventListener('focus', show);
        button.addEventListener('mouseenter', show);
        button.addEventListener('blur', hide);
        button.addEventListener('mouseleave', hide);
        button.addEventListener('click', () => {
          const index = this.model?.labels.indexOf(event.date.slice(0, 7)) ?? -1;
          if (index >= 0) this.chart?.setActive(index, true);
        });
        const item = el('li', {}, button, el('span', { class: 'category' }, categoryLabel(event.category)));
        if (event.source)
          item.append(el('span', { class: 'event-source' }, sourceLink(event.source, sourceHost(event.source))));
        return item;
      }),
    );
  }
}

/** One chart dataset per series, in the series' colour, with its gap and zero markers: both panels draw these. */
function chartDatasets(
  model: SeriesModel,
  markers: ReturnType<typeof markersFor>,
  state: ViewState,
  theme: Theme,
): MonthChartData['datasets'] {
  return model.datasets.map((dataset, index) => ({
    label: dataset.label,
    type: state.chart,
    values: dataset.values,
    color: seriesColor(theme, index),
    markers: markers[index] ?? [],
  }));
}
