/**
 * Refined petroleum notified to the 1718 Committee against the UNSCR 2397 cap for one year: monthly bars per
 * reporter, the cumulative line, the cap as a horizontal line, the share used, and the months nobody notified.
 */
import type { CapMonth, CapResponse } from '../api-types.ts';
import { MonthChart, type Marker, type MonthChartData, type TooltipContent } from '../charts/month-chart.ts';
import type { TooltipDetail } from '../charts/month-chart-types.ts';
import { seriesColor, type Theme } from '../charts/theme.ts';
import {
  formatCompact,
  formatMonth,
  formatMonthLong,
  formatMonthRuns,
  formatNumber,
  formatShare,
  formatStatus,
  formatValue,
  reporterName,
} from '../format.ts';
import { reporterTotalsList, sourcesCell, totalsFooter } from './cap-totals.ts';
import { byId, el, renderLegend, setStatus, sourceLink } from './dom.ts';

function reportersOf(response: CapResponse): string[] {
  const seen = new Set<string>();
  for (const month of response.months) for (const reporter of Object.keys(month.reporters)) seen.add(reporter);
  return [...seen].sort();
}

/** A month of the current year that is not over: nothing could have been notified for it yet. */
const notYet = 'not due yet';

export class CapView {
  private readonly status = byId('cap-status');
  private readonly summary = byId('cap-summary');
  private readonly table = byId('cap-table');
  private readonly box: HTMLElement;
  private chart: MonthChart | null = null;
  private response: CapResponse | null = null;

  /** The answer on screen, for the panel's CSV download (views/share.ts). */
  get shown(): CapResponse | null {
    return this.response;
  }
  private theme: Theme | null = null;

  constructor(private readonly live: HTMLElement) {
    this.box = byId<HTMLCanvasElement>('cap-chart').parentElement ?? byId('cap-panel');
  }

  get capChart(): MonthChart | null {
    return this.chart;
  }

  showLoading(year: number): void {
    setStatus(this.status, 'loading', `Loading the notifications for ${year}…`);
  }

  showError(message: string): void {
    setStatus(this.status, 'error', message);
    this.summary.replaceChildren();
    byId('cap-legend').replaceChildren();
    this.table.replaceChildren();
    this.box.hidden = true;
  }

  render(response: CapResponse, theme: Theme): void {
    this.response = response;
    this.theme = theme;
    const reporters = reportersOf(response);
    const anyFigure = response.months.some((m) =>
      reporters.some((r) => m.reporters[r]?.barrels !== null && m.reporters[r]?.barrels !== undefined),
    );
    if (!anyFigure) {
      setStatus(
        this.status,
        'empty',
        `No data for ${response.year}: no notification to the 1718 Committee is stored for that year.`,
      );
      this.summary.replaceChildren();
      byId('cap-legend').replaceChildren();
      this.table.replaceChildren();
      this.box.hidden = true;
      return;
    }
    setStatus(this.status, null);
    this.box.hidden = false;
    this.renderSummary(response, reporters);
    this.renderChart(response, reporters, theme);
    this.renderTable(response, reporters);
  }

  private renderSummary(response: CapResponse, reporters: readonly string[]): void {
    const who = reporters.map(reporterName).join(' and ');
    const parts = [
      response.totalBarrels === null || response.shareOfCap === null
        ? `In ${response.year}, nothing notified by ${who} is stored.`
        : `In ${response.year}, ${who} notified ${formatValue(response.totalBarrels, 'bbl')} of refined petroleum: ${formatShare(response.shareOfCap)} of the ${formatNumber(response.capBarrels)}-barrel cap${response.complete ? '' : ` (a lower bound: ${response.missing.length > 0 ? 'some months were not reported' : 'the year is not over'})`}.`,
    ];
    const missing = reporters
      .map((reporter) => ({
        reporter,
        months: response.missing.filter((m) => m.reporter === reporter).map((m) => m.period),
      }))
      .filter((entry) => entry.months.length > 0);
    if (missing.length > 0) {
      parts.push(
        `Not reported: ${missing.map((entry) => `${reporterName(entry.reporter)} ${formatMonthRuns(entry.months)}`).join('; ')}. These months are left out of the total, not counted as zero.`,
      );
    }
    if (response.projection?.monthlyPace !== null && response.projection?.monthlyPace !== undefined) {
      const reached = response.projection.capReachedIn;
      parts.push(
        `Average per reported month: ${formatValue(response.projection.monthlyPace, 'bbl')}; ${reached ? `at that pace the cap would be reached in ${formatMonthLong(reached)}` : 'at that pace the cap would not be reached within the year'}.`,
      );
    }
    if (response.projection === null && response.projectionNote)
      parts.push(`No projection: ${response.projectionNote}.`);
    this.summary.replaceChildren(el('p', {}, parts.join(' ')), reporterTotalsList(response));
  }

  private describe(index: number): TooltipContent | null {
    const response = this.response;
    const month = response?.months[index];
    if (!response || !month) return null;
    const reporters = reportersOf(response);
    const rows = reporters.map((reporter, i) => {
      const entry = month.reporters[reporter];
      const details: (string | TooltipDetail)[] = [];
      if (entry && entry.status !== 'not-reported') {
        details.push(`Status: ${formatStatus(entry.status)}`);
        if (entry.notified.unit !== 'bbl')
          details.push(
            `Notified as ${formatValue(entry.notified.value, entry.notified.unit)}${entry.factor ? `, × ${entry.factor} bbl/t` : ''}`,
          );
      }
      return {
        color: this.theme ? seriesColor(this.theme, i) : undefined,
        label: reporterName(reporter),
        value: month.future
          ? notYet
          : !entry || entry.status === 'not-reported'
            ? 'not reported'
            : formatValue(entry.barrels, 'bbl'),
        // The notification's address, or for a gap the report that says nothing was notified.
        details: entry?.source ? [...details, { text: 'Source:', links: [entry.source] }] : details,
      };
    });
    rows.push({
      color: undefined,
      label: 'Cumulative',
      value:
        month.cumulativeBarrels === null
          ? 'n/a'
          : `${formatValue(month.cumulativeBarrels, 'bbl')} (${formatShare(month.cumulativeBarrels / response.capBarrels)} of the cap)`,
      details: [],
    });
    return { title: formatMonthLong(month.period), rows, notes: [] };
  }

  /** The chart's data drawn in `theme` (the light one for the PNG download); null before an answer. */
  chartDataFor(theme: Theme): MonthChartData | null {
    return this.response ? this.buildData(this.response, reportersOf(this.response), theme) : null;
  }

  private renderChart(response: CapResponse, reporters: readonly string[], theme: Theme): void {
    const data = this.buildData(response, reporters, theme);
    renderLegend(byId('cap-legend'), data.datasets);
    if (this.chart) this.chart.update(data, theme);
    else
      this.chart = new MonthChart(
        { canvas: byId<HTMLCanvasElement>('cap-chart'), tooltip: byId('cap-tooltip'), live: this.live },
        (i) => this.describe(i),
        data,
        theme,
      );
  }

  private buildData(response: CapResponse, reporters: readonly string[], theme: Theme): MonthChartData {
    const labels = response.months.map((m) => m.period);
    const markers = (reporter: string): Marker[] =>
      response.months.map((m: CapMonth) => {
        const entry = m.reporters[reporter];
        // A month still to come is not a gap in anyone's reporting: nothing is drawn for it.
        if (m.future) return null;
        if (!entry || entry.status === 'not-reported') return 'gap';
        return entry.barrels === 0 ? 'zero' : null;
      });
    const data: MonthChartData = {
      labels,
      datasets: [
        ...reporters.map((reporter, i) => ({
          label: `${reporterName(reporter)} (barrels in the month)`,
          type: 'bar' as const,
          values: response.months.map((m) => {
            const entry = m.reporters[reporter];
            return entry && entry.status !== 'not-reported' ? entry.barrels : null;
          }),
          color: seriesColor(theme, i),
          markers: markers(reporter),
          minBarLength: 2,
          stack: 'month',
        })),
        {
          label: 'Cumulative (barrels)',
          type: 'line' as const,
          values: response.months.map((m) => m.cumulativeBarrels),
          color: theme.text,
        },
      ],
      yTitle: 'barrels',
      formatTick: formatCompact,
      suggestedMax: response.capBarrels * 1.08,
      beginAtZero: true,
      noDataMonths: response.months
        .map((m, index) =>
          !m.future && reporters.every((r) => !m.reporters[r] || m.reporters[r]?.status === 'not-reported')
            ? index
            : -1,
        )
        .filter((index) => index >= 0),
      annotations: {
        cap: {
          type: 'line',
          yScaleID: 'y',
          yMin: response.capBarrels,
          yMax: response.capBarrels,
          borderColor: theme.cap,
          borderWidth: 2,
          label: {
            display: true,
            content: `Cap: ${formatNumber(response.capBarrels)} bbl a year`,
            position: 'start',
            backgroundColor: theme.background,
            color: theme.cap,
            font: { family: theme.font, size: 12, weight: 'bold' },
            padding: 4,
          },
        },
      },
      formatLabel: formatMonth,
    };
    return data;
  }

  private renderTable(response: CapResponse, reporters: readonly string[]): void {
    const head = el('tr', {}, el('th', { scope: 'col' }, 'Month'));
    for (const reporter of reporters) {
      head.append(
        el('th', { scope: 'col', class: 'num' }, `${reporterName(reporter)}: notified`),
        el('th', { scope: 'col', class: 'num' }, `${reporterName(reporter)}: barrels`),
      );
    }
    head.append(
      el('th', { scope: 'col', class: 'num' }, 'Month total (bbl)'),
      el('th', { scope: 'col', class: 'num' }, 'Cumulative (bbl)'),
      el('th', { scope: 'col' }, 'Sources'),
    );
    const rows = response.months.map((month) => {
      const row = el('tr', { 'data-period': month.period }, el('th', { scope: 'row' }, formatMonth(month.period)));
      for (const reporter of reporters) {
        const entry = month.reporters[reporter];
        if (!entry || entry.status === 'not-reported') {
          const text = month.future ? notYet : 'not reported';
          row.append(el('td', { class: 'num not-reported' }, text), el('td', { class: 'num not-reported' }, text));
        } else {
          row.append(
            el('td', { class: 'num' }, formatValue(entry.notified.value, entry.notified.unit)),
            el('td', { class: 'num' }, formatValue(entry.barrels, 'bbl')),
          );
        }
      }
      row.append(
        el('td', { class: 'num' }, month.totalBarrels === null ? 'n/a' : formatValue(month.totalBarrels, 'bbl')),
        el(
          'td',
          { class: 'num' },
          month.cumulativeBarrels === null ? 'n/a' : formatValue(month.cumulativeBarrels, 'bbl'),
        ),
        sourcesCell(reporters.map((reporter) => month.reporters[reporter]?.source ?? '')),
      );
      return row;
    });
    const usedFactors = response.factors.filter((factor) => factor.used);
    const factors = el(
      'ul',
      {},
      ...usedFactors.map((factor) =>
        el(
          'li',
          {},
          `${reporterName(factor.reporter)}: ${factor.barrelsPerTonne} barrels per tonne (${factor.factorReporter ? `${reporterName(factor.factorReporter)}'s own factor` : 'the general factor'}): `,
          sourceLink(factor.source, factor.source),
        ),
      ),
    );
    this.table.replaceChildren(
      el(
        'table',
        {},
        el('caption', {}, `Refined petroleum notified to the 1718 Committee, ${response.year}`),
        el('thead', {}, head),
        el('tbody', {}, ...rows),
        totalsFooter(response, reporters),
      ),
      ...(usedFactors.length > 0 ? [el('p', {}, 'Notifications in tonnes converted to barrels with:'), factors] : []),
    );
  }
}
