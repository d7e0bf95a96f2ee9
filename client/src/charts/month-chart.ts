/**
 * One chart over a run of months, created once and updated in place. Shared by the series, change, cap and
 * shipments panels. What it adds to Chart.js:
 * - gaps that can be seen (month-marks.ts): hatched bands where no series reported, dashed boxes on the axis where
 *   one did not, a solid mark and a "0" for a reported zero;
 * - short event labels above the plot, staggered where lines fall close together (event-marks.ts);
 * - an HTML tooltip for a whole month (every series, its status and changes, the events that month), shown on hover
 *   and, for keyboard users, on the focused canvas with the arrow keys, and announced to screen readers;
 * - a PNG of the chart with its title, legend and source (chart-png.ts).
 */
import type { ChartConfiguration, ChartDataset, Plugin } from 'chart.js';
import { composePng, type PngOptions } from './chart-png.ts';
import { drawEventLabels, eventRowHeight, eventRows, type DrawnEventLabel } from './event-marks.ts';
import type { Marker, MonthChartData, MonthDataset, TooltipContent } from './month-chart-types.ts';
import { drawBands, drawMarkers, hatchPattern, slotOf, type MixedChart } from './month-marks.ts';
import { Chart } from './register.ts';
import type { Theme } from './theme.ts';
import { renderTooltip, tooltipText } from './tooltip.ts';

export type {
  AnnotationContext,
  EventMark,
  LineAnnotation,
  Marker,
  MonthChartData,
  MonthDataset,
  TooltipContent,
  TooltipRow,
} from './month-chart-types.ts';
export { renderTooltip, tooltipText } from './tooltip.ts';

export interface ChartSnapshot {
  labels: string[];
  datasets: {
    label: string;
    type: string;
    data: (number | null)[];
    color: string;
    dash: number[];
    markers: Marker[];
    /** Months drawn with the "≠" mark (sources disagree). */
    conflicts: boolean[];
  }[];
  y: { min: number | null; max: number | null; type: string };
  eventColors: string[];
  eventLabels: DrawnEventLabel[];
}

export interface MonthChartElements {
  canvas: HTMLCanvasElement;
  tooltip: HTMLElement;
  /** A visually hidden aria-live region: what the keyboard user moved to. */
  live: HTMLElement;
}

export class MonthChart {
  private readonly chart: MixedChart;
  private data: MonthChartData;
  private theme: Theme;
  private active: number | null = null;
  /** A click keeps the tooltip open (and its links clickable) until the next click or Escape. */
  private pinned = false;
  /** The event labels where the last draw put them (chartData, for the tests). */
  private drawnEventLabels: DrawnEventLabel[] = [];

  constructor(
    private readonly elements: MonthChartElements,
    private readonly describe: (index: number) => TooltipContent | null,
    data: MonthChartData,
    theme: Theme,
    private readonly drawing: { pixelRatio?: number } = {},
  ) {
    this.data = data;
    this.theme = theme;
    const config: ChartConfiguration<'bar' | 'line', (number | null)[], string> = {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: this.buildOptions(),
      plugins: [this.markerPlugin()],
    };
    this.chart = new Chart(elements.canvas, config);
    this.update(data, theme);
    this.listenToKeys();
  }

  get labels(): readonly string[] {
    return this.data.labels;
  }

  /**
   * For the end-to-end tests and the console: the numbers Chart.js was given, per dataset, with how each is drawn
   * (colour, dash, axis marks), the y axis' extent, and the event labels as last drawn.
   */
  get chartData(): ChartSnapshot {
    const y = this.chart.scales.y;
    return {
      labels: [...(this.chart.data.labels ?? [])],
      datasets: this.chart.data.datasets.map((d, index) => ({
        label: d.label ?? '',
        type: d.type ?? 'bar',
        data: [...d.data],
        color: this.data.datasets[index]?.color ?? '',
        dash: [...(this.data.datasets[index]?.dash ?? [])],
        markers: [...(this.data.datasets[index]?.markers ?? [])],
        conflicts: [...(this.data.datasets[index]?.conflicts ?? [])],
      })),
      y: { min: y?.min ?? null, max: y?.max ?? null, type: y?.type ?? '' },
      eventColors: [...new Set(Object.values(this.data.annotations).map((a) => a.borderColor))],
      eventLabels: this.drawnEventLabels.map((label) => ({ ...label })),
    };
  }

  /** Where a month's slot is on the page (viewport pixels, middle of the plot area): for the end-to-end tests. */
  monthPoint(index: number): { x: number; y: number } | null {
    const scale = this.chart.scales.x;
    if (!scale || index < 0 || index >= this.data.labels.length) return null;
    const rect = this.elements.canvas.getBoundingClientRect();
    const area = this.chart.chartArea;
    return { x: rect.left + scale.getPixelForValue(index), y: rect.top + (area.top + area.bottom) / 2 };
  }

  /**
   * The chart as a PNG: title, legend, the chart, and footer lines (chart-png.ts). The chart is drawn again off
   * screen, at `scale` times its on-screen size in pixels (2 by default) in the theme given (the light one), so the
   * file reads the same whatever the screen and colour scheme it was made on.
   */
  async toPng(options: PngOptions): Promise<Blob> {
    const data = options.data ?? this.data;
    const source = this.elements.canvas;
    const holder = document.createElement('div');
    holder.setAttribute('aria-hidden', 'true');
    holder.style.cssText = `position:fixed;left:-20000px;top:0;width:${source.clientWidth}px;height:${source.clientHeight}px`;
    const canvas = document.createElement('canvas');
    const spare = document.createElement('div');
    holder.append(canvas, spare);
    document.body.append(holder);
    const copy = new MonthChart({ canvas, tooltip: spare, live: spare }, () => null, data, options.theme, {
      pixelRatio: options.scale ?? 2,
    });
    try {
      return await composePng(canvas, data, options);
    } finally {
      copy.destroy();
      holder.remove();
    }
  }

  destroy(): void {
    this.chart.destroy();
  }

  update(data: MonthChartData, theme: Theme): void {
    this.data = data;
    this.theme = theme;
    if (this.active !== null && this.active >= data.labels.length) this.setActive(null, false);
    this.chart.data.labels = [...data.labels];
    this.chart.data.datasets = data.datasets.map((d) => this.toChartDataset(d));
    this.chart.options = this.buildOptions();
    this.chart.update('none');
    if (this.active !== null) this.showTooltip(this.active, false);
  }

  /** Redraws the event labels after a change in what is highlighted (the annotation options are scriptable). */
  refresh(): void {
    this.chart.update('none');
  }

  setActive(index: number | null, announce: boolean): void {
    this.active = index;
    if (index === null) this.pinned = false;
    this.chart.draw();
    if (index === null) {
      this.elements.tooltip.hidden = true;
      return;
    }
    this.showTooltip(index, announce);
  }

  private toChartDataset(d: MonthDataset): ChartDataset<'bar' | 'line', (number | null)[]> {
    const common = { label: d.label, data: [...d.values], yAxisID: d.axis ?? 'y' };
    if (d.type === 'line') {
      return {
        ...common,
        type: 'line',
        borderColor: d.color,
        backgroundColor: d.color,
        borderWidth: 2,
        borderDash: d.dash ?? [],
        pointRadius: 3,
        pointHoverRadius: 3,
        // A month not reported breaks the line: never bridge it as if we knew what happened in between.
        spanGaps: false,
        // Nor across months left out of the axis.
        segment: {
          borderColor: (context: { p0DataIndex: number }) =>
            this.data.axisBreaks?.includes(context.p0DataIndex) ? 'transparent' : undefined,
        },
        order: 0,
      };
    }
    const hatched = d.dash !== undefined && d.dash.length > 0;
    return {
      ...common,
      type: 'bar',
      // A dashed series' bars are hatched in its colour, outlined: told apart from the solid one of the same colour.
      backgroundColor: hatched ? hatchPattern(this.chart.ctx, d.color, 2.5) : d.color,
      borderColor: d.color,
      borderWidth: hatched ? 1.5 : 0,
      minBarLength: d.minBarLength ?? 0,
      maxBarThickness: 48,
      order: 1,
      ...(d.stack ? { stack: d.stack } : {}),
    };
  }

  private buildOptions(): NonNullable<ChartConfiguration<'bar' | 'line', (number | null)[], string>['options']> {
    const { data, theme } = this;
    const stacked = data.datasets.some((d) => d.stack !== undefined);
    const font = { family: theme.font, size: 12 };
    const y = {
      type: data.logScale ? 'logarithmic' : 'linear',
      position: 'left',
      beginAtZero: data.beginAtZero && !data.logScale,
      // Room above the highest point, so it and its "0" or value marks are not cut at the top edge.
      ...(data.logScale ? {} : { grace: '4%' }),
      stacked,
      ...(data.suggestedMax !== undefined ? { suggestedMax: data.suggestedMax } : {}),
      title: { display: true, text: data.yTitle, color: theme.muted, font },
      ticks: {
        color: theme.muted,
        font,
        callback: (value: string | number) => {
          const number = Number(value);
          // A log axis labels 1, 2 and 5 of each power of ten; Chart.js's 3, 4, 6, 7, 8, 9 crowd one another.
          if (data.logScale && number > 0) {
            const mantissa = Math.round(number / 10 ** Math.floor(Math.log10(number)));
            if (![1, 2, 5].includes(mantissa)) return '';
          }
          return data.formatTick(number);
        },
      },
      grid: { color: theme.grid },
      border: { color: theme.grid },
    };
    const scales: Record<string, unknown> = {
      x: {
        type: 'category',
        offset: true,
        stacked,
        ticks: {
          color: theme.muted,
          font,
          maxRotation: 0,
          autoSkip: true,
          autoSkipPadding: 12,
          callback: (value: string | number) => data.formatLabel(data.labels[Number(value)] ?? String(value)),
        },
        grid: { display: false },
        border: { color: theme.muted },
      },
      y,
    };
    if (data.datasets.some((d) => d.axis === 'y2')) {
      scales.y2 = {
        type: 'linear',
        position: 'right',
        beginAtZero: true,
        title: { display: true, text: data.y2Title ?? '', color: theme.muted, font },
        ticks: {
          color: theme.muted,
          font,
          callback: (value: string | number) => (data.formatTick2 ?? data.formatTick)(Number(value)),
        },
        grid: { display: false },
        border: { color: theme.grid },
      };
    }
    return {
      responsive: true,
      maintainAspectRatio: false,
      ...(this.drawing.pixelRatio !== undefined ? { devicePixelRatio: this.drawing.pixelRatio } : {}),
      // No animation: a change of selection shows the new figures at once, and tests never wait on a transition.
      animation: false,
      events: ['mousemove', 'mouseout', 'click', 'touchstart', 'touchmove'],
      scales: scales as NonNullable<ChartConfiguration<'bar' | 'line'>['options']>['scales'],
      // Above the plot: rows for the event labels, and room for marks drawn at the top edge.
      layout: { padding: { top: eventRows(data.eventMarks) * eventRowHeight + 6 } },
      plugins: {
        annotation: { annotations: data.annotations },
      },
    };
  }

  private markerPlugin(): Plugin<'bar' | 'line'> {
    return {
      id: 'tradeflowMonths',
      beforeDatasetsDraw: (chart) => drawBands(this.markContext(chart as MixedChart)),
      afterDatasetsDraw: (chart) => drawMarkers(this.markContext(chart as MixedChart)),
      afterDraw: (chart) => {
        this.drawnEventLabels = drawEventLabels(chart as MixedChart, this.data.eventMarks ?? [], this.theme);
      },
      afterEvent: (chart, args) => {
        const event = args.event;
        if (event.type === 'mouseout') {
          if (this.pinned) return;
          if (document.activeElement !== this.elements.canvas) this.setActive(null, false);
          return;
        }
        if (event.x === null || event.y === null) return;
        if (event.type === 'click') {
          // A click keeps a month's tooltip open so its source links can be followed; a second click lets it go.
          const index = this.indexAt(event.x);
          this.pinned = index !== null && !(this.pinned && index === this.active);
          if (index !== null) this.setActive(index, false);
          return;
        }
        if (this.pinned) return;
        const area = chart.chartArea;
        if (event.x < area.left || event.x > area.right || event.y < area.top || event.y > area.bottom) {
          if (this.active !== null && document.activeElement !== this.elements.canvas) this.setActive(null, false);
          return;
        }
        const index = this.indexAt(event.x);
        if (index !== null && index !== this.active) this.setActive(index, false);
      },
    };
  }

  private markContext(chart: MixedChart): {
    chart: MixedChart;
    data: MonthChartData;
    theme: Theme;
    active: number | null;
  } {
    return { chart, data: this.data, theme: this.theme, active: this.active };
  }

  private indexAt(x: number): number | null {
    const scale = this.chart.scales.x;
    if (!scale || this.data.labels.length === 0) return null;
    const index = Math.round(Number(scale.getValueForPixel(x)));
    if (!Number.isFinite(index)) return null;
    return Math.max(0, Math.min(this.data.labels.length - 1, index));
  }

  private listenToKeys(): void {
    const canvas = this.elements.canvas;
    canvas.addEventListener('keydown', (event) => {
      const count = this.data.labels.length;
      if (count === 0) return;
      const current = this.active ?? count - 1;
      let next: number | null;
      if (event.key === 'ArrowRight' || event.key === 'ArrowDown')
        next = Math.min(count - 1, this.active === null ? current : current + 1);
      else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp')
        next = Math.max(0, this.active === null ? current : current - 1);
      else if (event.key === 'Home') next = 0;
      else if (event.key === 'End') next = count - 1;
      else if (event.key === 'Escape') next = null;
      else return;
      event.preventDefault();
      this.setActive(next, true);
    });
    canvas.addEventListener('focus', () => {
      if (this.data.labels.length > 0 && this.active === null) this.setActive(this.data.labels.length - 1, true);
    });
    canvas.addEventListener('blur', (event) => {
      // Focus moving to a link in the pinned tooltip (a click on a source) must not close it first.
      const to = event.relatedTarget;
      if (this.pinned && to instanceof Node && this.elements.tooltip.contains(to)) return;
      this.setActive(null, false);
    });
  }

  private showTooltip(index: number, announce: boolean): void {
    const content = this.describe(index);
    const tooltip = this.elements.tooltip;
    if (!content) {
      tooltip.hidden = true;
      return;
    }
    renderTooltip(tooltip, content, this.pinned);
    tooltip.classList.toggle('pinned', this.pinned);
    tooltip.hidden = false;
    const slot = slotOf(this.chart, this.data.labels.length, index);
    const container = tooltip.offsetParent as HTMLElement | null;
    if (slot && container) {
      const canvasLeft = this.elements.canvas.offsetLeft;
      const width = tooltip.offsetWidth;
      const x = canvasLeft + slot.center;
      const room = container.clientWidth;
      let left = x + slot.width / 2 + 8;
      if (left + width > room) left = x - slot.width / 2 - 8 - width;
      tooltip.style.left = `${Math.max(0, Math.min(left, room - width))}px`;
      tooltip.style.top = `${this.elements.canvas.offsetTop + this.chart.chartArea.top}px`;
    }
    if (announce) this.elements.live.textContent = tooltipText(content);
  }
}
