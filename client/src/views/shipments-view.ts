/**
 * Russia's tanker shipments to North Korea: calls per month, the volume published for them, and the list itself.
 * A month without a dated call in the sources is a gap labelled so: the sources' silence is not a count of zero.
 */
import type { Shipment, ShipmentsResponse } from '../api-types.ts';
import { MonthChart, type MonthChartData, type TooltipContent } from '../charts/month-chart.ts';
import { monthsBetween } from '../charts/series-model.ts';
import { seriesColor, type Theme } from '../charts/theme.ts';
import {
  formatCompact,
  formatDate,
  formatMonth,
  formatMonthLong,
  formatNumber,
  formatValue,
  reporterName,
  sourceHost,
  unitLabel,
} from '../format.ts';
import { commodityName, nameKeysIn } from '../labels.ts';
import { byId, el, renderLegend, setStatus, sourceLink } from './dom.ts';
import { ShipmentClaims } from './shipment-claims.ts';

/** Long notes (sources' wording, other outlets) fold away behind their first words. */
function noteCell(raw: string | null): Node {
  const note = raw === null ? null : nameKeysIn(raw);
  if (note === null || note.length <= 90) return document.createTextNode(note ?? '');
  return el('details', {}, el('summary', {}, `${note.slice(0, 80).replace(/\s+\S*$/, '')}…`), note);
}

export class ShipmentsView {
  private readonly status = byId('shipments-status');
  private readonly table = byId('shipments-table');
  private readonly box: HTMLElement;
  private readonly claims = new ShipmentClaims(byId('shipments-claims'));
  private chart: MonthChart | null = null;
  private response: ShipmentsResponse | null = null;

  /** The answer on screen, for the panel's CSV download (views/share.ts). */
  get shown(): ShipmentsResponse | null {
    return this.response;
  }
  private labels: string[] = [];

  constructor(private readonly live: HTMLElement) {
    this.box = byId<HTMLCanvasElement>('shipments-chart').parentElement ?? byId('shipments-panel');
  }

  showLoading(): void {
    setStatus(this.status, 'loading', 'Loading shipments…');
  }

  showError(message: string): void {
    setStatus(this.status, 'error', message);
    byId('shipments-legend').replaceChildren();
    this.table.replaceChildren();
    this.box.hidden = true;
  }

  render(response: ShipmentsResponse, from: string, to: string, theme: Theme): void {
    this.response = response;
    this.claims.load(from, to);
    if (response.shipments.length === 0) {
      setStatus(
        this.status,
        'empty',
        `No data for this selection: no dated tanker call between ${formatDate(from)} and ${formatDate(to)} in the stored sources.`,
      );
      this.table.replaceChildren();
      byId('shipments-legend').replaceChildren();
      this.box.hidden = true;
      return;
    }
    setStatus(this.status, null);
    this.box.hidden = false;
    this.labels = monthsBetween(from.slice(0, 7), to.slice(0, 7));
    const byMonth = new Map(response.months.map((m) => [m.month, m]));
    const counts = this.labels.map((month) => byMonth.get(month)?.count ?? null);
    const volumes = this.labels.map((month) => byMonth.get(month)?.quantity.value ?? null);
    const volumeUnit =
      response.months.find((m) => m.quantity.value !== null)?.quantity.unit ??
      response.months[0]?.quantity.unit ??
      'bbl';
    const data: MonthChartData = {
      labels: this.labels,
      datasets: [
        { label: 'Tanker calls', type: 'bar', values: counts, color: seriesColor(theme, 0) },
        ...(volumes.some((v) => v !== null)
          ? [
              {
                label: `Published volume (${volumeUnit})`,
                type: 'line' as const,
                values: volumes,
                color: seriesColor(theme, 1),
                axis: 'y2' as const,
              },
            ]
          : []),
      ],
      yTitle: 'calls',
      formatTick: (value) => (Number.isInteger(value) ? formatNumber(value) : ''),
      y2Title: unitLabel(volumeUnit),
      formatTick2: formatCompact,
      beginAtZero: true,
      noDataMonths: counts
        .map((count, index) => (count === null || count === 0 ? index : -1))
        .filter((index) => index >= 0),
      noDataLabel: 'no dated call',
      annotations: {},
      formatLabel: formatMonth,
    };
    const legend = byId('shipments-legend');
    renderLegend(legend, data.datasets);
    // No line at all would look like a volume of zero: say that none was published.
    if (!volumes.some((v) => v !== null))
      legend.append(el('span', { class: 'muted' }, 'Volume: not published for any of these calls'));
    if (this.chart) this.chart.update(data, theme);
    else
      this.chart = new MonthChart(
        { canvas: byId<HTMLCanvasElement>('shipments-chart'), tooltip: byId('shipments-tooltip'), live: this.live },
        (i) => this.describe(i),
        data,
        theme,
      );
    this.renderTable(response.shipments);
  }

  /** Writes the list again, with the commodity labels once the catalog has arrived (it may come after the list). */
  relabel(): void {
    if (this.response && this.response.shipments.length > 0) this.renderTable(this.response.shipments);
  }

  private describe(index: number): TooltipContent | null {
    const month = this.labels[index];
    if (!month || !this.response) return null;
    const entry = this.response.months.find((m) => m.month === month);
    const ships = this.response.shipments.filter((s) => s.date.startsWith(`${month}-`));
    if (!entry)
      return {
        title: formatMonthLong(month),
        rows: [{ label: 'Tanker calls', value: 'no dated call in these sources', details: [] }],
        notes: [],
      };
    return {
      title: formatMonthLong(month),
      rows: [
        {
          label: 'Tanker calls',
          value: formatNumber(entry.count),
          details: ships.map((s) => `${formatDate(s.date)}: ${s.vessel}${s.loadPort ? ` at ${s.loadPort}` : ''}`),
        },
        {
          label: 'Published volume',
          value:
            entry.quantity.value === null ? 'not published' : formatValue(entry.quantity.value, entry.quantity.unit),
          details: [`known for ${entry.quantity.knownFor} of ${entry.count} call${entry.count === 1 ? '' : 's'}`],
        },
      ],
      notes: [],
    };
  }

  private renderTable(shipments: readonly Shipment[]): void {
    const head = el(
      'tr',
      {},
      ...['Date', 'Vessel', 'Route', 'Cargo', 'Quantity', 'Status', 'Source', 'Note'].map((name) =>
        el('th', { scope: 'col', class: name === 'Quantity' ? 'num' : undefined }, name),
      ),
    );
    const rows = shipments.map((s) => {
      const route = `${reporterName(s.origin)}${s.loadPort ? ` (${s.loadPort})` : ''} → ${reporterName(s.destination)}${s.dischargePort ? ` (${s.dischargePort})` : ''}`;
      return el(
        'tr',
        {},
        el('td', {}, formatDate(s.date)),
        el('td', {}, s.imo ? `${s.vessel} (IMO ${s.imo})` : s.vessel),
        el('td', {}, route),
        el('td', {}, commodityName(s.commodity)),
        el('td', { class: 'num' }, s.quantity === null ? 'not published' : formatValue(s.quantity, s.unit ?? '')),
        el('td', {}, s.status),
        el('td', {}, sourceLink(s.source, sourceHost(s.source))),
        el('td', { class: 'note' }, noteCell(s.note)),
      );
    });
    this.table.replaceChildren(
      el(
        'table',
        {},
        el('caption', {}, 'Dated tanker calls and loadings, Russia to North Korea'),
        el('thead', {}, head),
        el('tbody', {}, ...rows),
      ),
    );
  }
}
