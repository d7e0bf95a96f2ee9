/**
 * One chart over a run of months, created once and updated in place. Shared by the series, change, cap and
 * shipments panels. What it adds to Chart.js:
 * - gaps that can be seen: a month no series reported is a hatched band labelled "not reported"; a month one series
 *   did not report gets a dashed box on the axis in that series' colour; a reported zero gets a solid bar on the
 *   axis (a zero-height bar would look the same as a gap);
 * - an HTML tooltip for a whole month (every series, its status and changes, the events that month), shown on hover
 *   and, for keyboard users, on the focused canvas with the arrow keys, and announced to screen readers.
 */
import type { ChartConfiguration, ChartDataset, Plugin } from 'chart.js';
import { Chart } from './register.ts';
import type { Theme } from './theme.ts';

export type Marker = 'gap' | 'zero' | null;

/**
 * The subset of chartjs-plugin-annotation's line annotation used here. Written out because the plugin's own type
 * declarations do not resolve under `moduleResolution: NodeNext` (extensionless relative imports in an ESM package),
 * which would leave these options typed `any`.
 */
export interface LineAnnotation {
  type: 'line';
  xScaleID?: 'x';
  yScaleID?: 'y';
  xMin?: number;
  xMax?: number;
  yMin?: number;
  yMax?: number;
  borderColor: string;
  borderWidth: number;
  borderDash?: number[];
  label?: {
    display: boolean | (() => boolean);
    content: string | string[];
    position?: 'start' | 'center' | 'end';
    backgroundColor?: string;
    color?: string;
    borderColor?: string;
    borderWidth?: number;
    font?: { family?: string; size?: number; weight?: 'bold' | 'normal' };
    padding?: number;
    z?: number;
  };
  /**
   * Hover on the line. Returning true makes Chart.js redraw without re-resolving options, so the handler sets the
   * drawn label's display itself (as the plugin's own "label visibility" sample does).
   */
  enter?: (context: AnnotationContext) => boolean;
  leave?: (context: AnnotationContext) => boolean;
}

export interface AnnotationContext {
  element: { label?: { options: { display: boolean } } };
}

export interface MonthDataset {
  label: string;
  type: 'bar' | 'line';
  values: (number | null)[];
  color: string;
  /** 'y2' is the right-hand axis (e.g. volume beside a count). */
  axis?: 'y' | 'y2';
  /** One per label: what to draw on the axis for that month (see the file comment). */
  markers?: Marker[];
  stack?: string;
  dashed?: boolean;
  /**
   * Bars shorter than this many pixels are drawn this long, so a small figure (5 t beside 30,000 t) stays visible.
   * Chart.js applies it to zero too, so only charts that mark their zeros (markers) should set it.
   */
  minBarLength?: number;
}

export interface MonthChartData {
  labels: string[];
  datasets: MonthDataset[];
  yTitle: string;
  formatTick: (value: number) => string;
  y2Title?: string;
  formatTick2?: (value: number) => string;
  /** The y axis reaches at least this far (the cap line must be on the chart). */
  suggestedMax?: number;
  beginAtZero: boolean;
  /** Month indexes with no figure in any series: hatched bands labelled "not reported". */
  noDataMonths: number[];
  noDataLabel?: string;
  annotations: Record<string, LineAnnotation>;
  formatLabel: (label: string) => string;
}

export interface TooltipRow {
  color?: string;
  label: string;
  value: string;
  details: string[];
}

export interface TooltipContent {
  title: string;
  rows: TooltipRow[];
  notes: string[];
}

export interface MonthChartElements {
  canvas: HTMLCanvasElement;
  tooltip: HTMLElement;
  /** A visually hidden aria-live region: what the keyboard user moved to. */
  live: HTMLElement;
}

type MixedChart = Chart<'bar' | 'line', (number | null)[], string>;

function hatchPattern(context: CanvasRenderingContext2D, color: string): CanvasPattern | string {
  const tile = document.createElement('canvas');
  tile.width = 8;
  tile.height = 8;
  const tileContext = tile.getContext('2d');
  if (!tileContext) return color;
  tileContext.strokeStyle = color;
  tileContext.lineWidth = 1.5;
  tileContext.beginPath();
  tileContext.moveTo(0, 8);
  tileContext.lineTo(8, 0);
  tileContext.stroke();
  return context.createPattern(tile, 'repeat') ?? color;
}

/** Consecutive runs of indexes, so a long gap gets one label rather than one per month. */
function runsOf(indexes: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const index of indexes) {
    const last = runs[runs.length - 1];
    if (last && last[1] === index - 1) last[1] = index;
    else runs.push([index, index]);
  }
  return runs;
}

export class MonthChart {
  private readonly chart: MixedChart;
  private data: MonthChartData;
  private theme: Theme;
  private active: number | null = null;

  constructor(
    private readonly elements: MonthChartElements,
    private readonly describe: (index: number) => TooltipContent | null,
    data: MonthChartData,
    theme: Theme,
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

  /** For the end-to-end tests and the console: the numbers Chart.js was given, per dataset. */
  get chartData(): { labels: string[]; datasets: { label: string; type: string; data: (number | null)[] }[] } {
    return {
      labels: [...(this.chart.data.labels ?? [])],
      datasets: this.chart.data.datasets.map((d) => ({
        label: d.label ?? '',
        type: d.type ?? 'bar',
        data: [...d.data],
      })),
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
    this.chart.draw();
    if (index === null) {
      this.elements.tooltip.hidden = true;
      return;
    }
    this.showTooltip(index, announce);
  }

  /**
   * The chart as a PNG on the page's background colour: title, a legend of the datasets (the page's legend is
   * HTML, not on the canvas), the chart, and footer lines (where it came from, how gaps are drawn).
   */
  toPng(title: string, footer: readonly string[]): Promise<Blob> {
    const previous = this.active;
    this.setActive(null, false);
    const source = this.chart.canvas;
    const scale = source.width / Math.max(source.clientWidth, 1);
    const pad = 16 * scale;
    const titleSize = 16 * scale;
    const textSize = 12 * scale;
    const line = textSize * 1.5;
    const out = document.createElement('canvas');
    out.width = source.width + pad * 2;
    out.height = pad + titleSize + pad / 2 + line + pad / 2 + source.height + pad / 2 + footer.length * line + pad;
    const context = out.getContext('2d');
    if (!context) return Promise.reject(new Error('This browser cannot draw the PNG (no 2D canvas).'));
    context.fillStyle = this.theme.background;
    context.fillRect(0, 0, out.width, out.height);
    context.textBaseline = 'top';
    context.fillStyle = this.theme.text;
    context.font = `600 ${titleSize}px ${this.theme.font}`;
    context.fillText(title, pad, pad, out.width - pad * 2);
    let y = pad + titleSize + pad / 2;
    let x = pad;
    context.font = `${textSize}px ${this.theme.font}`;
    for (const dataset of this.data.datasets) {
      context.fillStyle = dataset.color;
      context.fillRect(x, y + textSize * 0.1, textSize * 0.8, textSize * 0.8);
      x += textSize * 1.2;
      context.fillStyle = this.theme.text;
      context.fillText(dataset.label, x, y);
      x += context.measureText(dataset.label).width + textSize * 1.5;
    }
    y += line + pad / 2;
    context.drawImage(source, pad, y);
    y += source.height + pad / 2;
    context.fillStyle = this.theme.muted;
    for (const text of footer) {
      context.fillText(text, pad, y, out.width - pad * 2);
      y += line;
    }
    if (previous !== null) this.setActive(previous, false);
    return new Promise((resolve, reject) => {
      out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The PNG could not be made.'))), 'image/png');
    });
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
        borderDash: d.dashed ? [6, 4] : [],
        pointRadius: 3,
        pointHoverRadius: 3,
        // A month not reported breaks the line: never bridge it as if we knew what happened in between.
        spanGaps: false,
        order: 0,
      };
    }
    return {
      ...common,
      type: 'bar',
      backgroundColor: d.color,
      borderColor: d.color,
      borderWidth: 0,
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
      type: 'linear',
      position: 'left',
      beginAtZero: data.beginAtZero,
      stacked,
      ...(data.suggestedMax !== undefined ? { suggestedMax: data.suggestedMax } : {}),
      title: { display: true, text: data.yTitle, color: theme.muted, font },
      ticks: { color: theme.muted, font, callback: (value: string | number) => data.formatTick(Number(value)) },
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
      // No animation: a change of selection shows the new figures at once, and tests never wait on a transition.
      animation: false,
      events: ['mousemove', 'mouseout', 'click', 'touchstart', 'touchmove'],
      scales: scales as NonNullable<ChartConfiguration<'bar' | 'line'>['options']>['scales'],
      plugins: {
        annotation: { annotations: data.annotations },
      },
    };
  }

  private markerPlugin(): Plugin<'bar' | 'line'> {
    return {
      id: 'tradeflowMonths',
      beforeDatasetsDraw: (chart) => this.drawBands(chart as MixedChart),
      afterDatasetsDraw: (chart) => this.drawMarkers(chart as MixedChart),
      afterEvent: (chart, args) => {
        const event = args.event;
        if (event.type === 'mouseout') {
          if (document.activeElement !== this.elements.canvas) this.setActive(null, false);
          return;
        }
        if (event.x === null || event.y === null) return;
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

  private indexAt(x: number): number | null {
    const scale = this.chart.scales.x;
    if (!scale || this.data.labels.length === 0) return null;
    const index = Math.round(Number(scale.getValueForPixel(x)));
    if (!Number.isFinite(index)) return null;
    return Math.max(0, Math.min(this.data.labels.length - 1, index));
  }

  private slot(chart: MixedChart, index: number): { center: number; width: number } | null {
    const scale = chart.scales.x;
    if (!scale) return null;
    return { center: scale.getPixelForValue(index), width: this.slotWidth(chart) };
  }

  private slotWidth(chart: MixedChart): number {
    const scale = chart.scales.x;
    if (!scale || this.data.labels.length < 2) return chart.chartArea.width;
    return Math.abs(scale.getPixelForValue(1) - scale.getPixelForValue(0));
  }

  private drawBands(chart: MixedChart): void {
    const context = chart.ctx;
    const area = chart.chartArea;
    context.save();
    if (this.active !== null) {
      const slot = this.slot(chart, this.active);
      if (slot) {
        context.fillStyle = this.theme.highlight;
        context.fillRect(slot.center - slot.width / 2, area.top, slot.width, area.height);
      }
    }
    const pattern = hatchPattern(context, this.theme.gap);
    for (const [first, last] of runsOf(this.data.noDataMonths)) {
      const start = this.slot(chart, first);
      const end = this.slot(chart, last);
      if (!start || !end) continue;
      const left = start.center - start.width / 2;
      const width = end.center + end.width / 2 - left;
      context.fillStyle = pattern;
      context.fillRect(left, area.top, width, area.height);
      const label = this.data.noDataLabel ?? 'not reported';
      context.font = `12px ${this.theme.font}`;
      context.fillStyle = this.theme.muted;
      context.textAlign = 'center';
      context.textBaseline = 'middle';
      const middle = left + width / 2;
      if (width >= context.measureText(label).width + 8) {
        context.fillText(label, middle, area.top + area.height / 2);
      } else if (width >= 12) {
        context.save();
        context.translate(middle, area.top + area.height / 2);
        context.rotate(-Math.PI / 2);
        context.fillText(label, 0, 0);
        context.restore();
      }
    }
    context.restore();
  }

  private drawMarkers(chart: MixedChart): void {
    const context = chart.ctx;
    const area = chart.chartArea;
    const yScale = chart.scales.y;
    if (!yScale) return;
    const zeroPixel = Math.min(Math.max(yScale.getPixelForValue(0), area.top), area.bottom);
    context.save();
    // Stacked bars and lines share one x per month: their markers sit side by side instead of on top of each other.
    const stacked = this.data.datasets.filter((d) => (d.stack !== undefined || d.type === 'line') && d.markers);
    this.data.datasets.forEach((dataset, datasetIndex) => {
      if (!dataset.markers) return;
      const meta = chart.getDatasetMeta(datasetIndex);
      const place = stacked.indexOf(dataset);
      dataset.markers.forEach((marker, index) => {
        if (marker === null) return;
        const element = meta.data[index] as unknown as { x: number; width?: number } | undefined;
        if (!element || !Number.isFinite(element.x)) return;
        const slotWidth = dataset.type === 'bar' ? (element.width ?? 10) : this.slotWidth(chart) * 0.8;
        const share = place >= 0 ? slotWidth / stacked.length - 2 : slotWidth;
        const width = Math.max(6, Math.min(share, 16));
        const x = place >= 0 ? element.x + (place - (stacked.length - 1) / 2) * (width + 2) : element.x;
        if (marker === 'zero') {
          context.fillStyle = dataset.color;
          // A line's point already sits on zero; a bar of zero height needs the mark, and a "0" where there is room,
          // so a reported zero never looks like a small figure drawn at the minimum bar length.
          if (dataset.type === 'bar') context.fillRect(x - width / 2, zeroPixel - 3, width, 3);
          if (width >= 8) {
            context.font = `11px ${this.theme.font}`;
            context.textAlign = 'center';
            context.textBaseline = 'bottom';
            context.fillText('0', x, zeroPixel - (dataset.type === 'bar' ? 4 : 5));
          }
        } else {
          context.strokeStyle = dataset.color;
          context.lineWidth = 1.5;
          context.setLineDash([2, 2]);
          context.strokeRect(x - width / 2 + 0.75, zeroPixel - 9, width - 1.5, 8);
          context.setLineDash([]);
        }
      });
    });
    context.restore();
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
    canvas.addEventListener('blur', () => this.setActive(null, false));
  }

  private showTooltip(index: number, announce: boolean): void {
    const content = this.describe(index);
    const tooltip = this.elements.tooltip;
    if (!content) {
      tooltip.hidden = true;
      return;
    }
    renderTooltip(tooltip, content);
    tooltip.hidden = false;
    const slot = this.slot(this.chart, index);
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

export function renderTooltip(target: HTMLElement, content: TooltipContent): void {
  const title = document.createElement('p');
  title.className = 'tooltip-title';
  title.textContent = content.title;
  const list = document.createElement('ul');
  for (const row of content.rows) {
    const item = document.createElement('li');
    if (row.color) {
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = row.color;
      item.append(swatch);
    }
    const label = document.createElement('span');
    label.className = 'tooltip-label';
    label.textContent = `${row.label}: `;
    const value = document.createElement('strong');
    value.textContent = row.value;
    item.append(label, value);
    for (const detail of row.details) {
      const line = document.createElement('span');
      line.className = 'tooltip-detail';
      line.textContent = detail;
      item.append(line);
    }
    list.append(item);
  }
  const notes = content.notes.map((note) => {
    const p = document.createElement('p');
    p.className = 'tooltip-note';
    p.textContent = note;
    return p;
  });
  target.replaceChildren(title, list, ...notes);
}

/** The tooltip as one sentence-like string, for the screen reader's live region. */
export function tooltipText(content: TooltipContent): string {
  const rows = content.rows.map((row) => [`${row.label}: ${row.value}`, ...row.details].join(', '));
  return [content.title, ...rows, ...content.notes].join('. ');
}
