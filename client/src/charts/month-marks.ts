/**
 * What MonthChart draws beside Chart.js's bars and lines, so gaps can be seen:
 * - a month no series reported is a hatched band labelled "not reported";
 * - a month one series did not report gets a dashed box on the axis in that series' colour;
 * - a reported zero gets a solid bar on the axis (a zero-height bar would look the same as a gap), and a "0";
 * - a month whose sources disagree gets a "≠" in a ring above its figure, in the text colour;
 * - the month being read (hover or keyboard) is highlighted.
 */
import type { Chart } from 'chart.js';
import type { MonthChartData } from './month-chart-types.ts';
import type { Theme } from './theme.ts';

export type MixedChart = Chart<'bar' | 'line', (number | null)[], string>;

export interface MarkContext {
  chart: MixedChart;
  data: MonthChartData;
  theme: Theme;
  active: number | null;
}

export function hatchPattern(context: CanvasRenderingContext2D, color: string, width = 1.5): CanvasPattern | string {
  const tile = document.createElement('canvas');
  tile.width = 8;
  tile.height = 8;
  const tileContext = tile.getContext('2d');
  if (!tileContext) return color;
  tileContext.strokeStyle = color;
  tileContext.lineWidth = width;
  tileContext.beginPath();
  tileContext.moveTo(0, 8);
  tileContext.lineTo(8, 0);
  tileContext.moveTo(-2, 2);
  tileContext.lineTo(2, -2);
  tileContext.moveTo(6, 10);
  tileContext.lineTo(10, 6);
  tileContext.stroke();
  return context.createPattern(tile, 'repeat') ?? color;
}

/** Consecutive runs of indexes, so a long gap gets one label rather than one per month. */
export function runsOf(indexes: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const index of indexes) {
    const last = runs[runs.length - 1];
    if (last && last[1] === index - 1) last[1] = index;
    else runs.push([index, index]);
  }
  return runs;
}

export function slotWidth(chart: MixedChart, count: number): number {
  const scale = chart.scales.x;
  if (!scale || count < 2) return chart.chartArea.width;
  return Math.abs(scale.getPixelForValue(1) - scale.getPixelForValue(0));
}

export function slotOf(chart: MixedChart, count: number, index: number): { center: number; width: number } | null {
  const scale = chart.scales.x;
  if (!scale) return null;
  return { center: scale.getPixelForValue(index), width: slotWidth(chart, count) };
}

export function drawBands({ chart, data, theme, active }: MarkContext): void {
  const context = chart.ctx;
  const area = chart.chartArea;
  const count = data.labels.length;
  context.save();
  if (active !== null) {
    const slot = slotOf(chart, count, active);
    if (slot) {
      context.fillStyle = theme.highlight;
      context.fillRect(slot.center - slot.width / 2, area.top, slot.width, area.height);
    }
  }
  const pattern = hatchPattern(context, theme.gap);
  for (const [first, last] of runsOf(data.noDataMonths)) {
    const start = slotOf(chart, count, first);
    const end = slotOf(chart, count, last);
    if (!start || !end) continue;
    const left = start.center - start.width / 2;
    const width = end.center + end.width / 2 - left;
    context.fillStyle = pattern;
    context.fillRect(left, area.top, width, area.height);
    const label = data.noDataLabel ?? 'not reported';
    context.font = `12px ${theme.font}`;
    context.fillStyle = theme.muted;
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
  // Months left out of the axis: a double slash across the axis line where they were.
  context.strokeStyle = theme.muted;
  context.lineWidth = 1.5;
  for (const after of data.axisBreaks ?? []) {
    const left = slotOf(chart, count, after);
    const right = slotOf(chart, count, after + 1);
    if (!left || !right) continue;
    const x = (left.center + right.center) / 2;
    context.beginPath();
    for (const offset of [-2.5, 2.5]) {
      context.moveTo(x + offset - 3, area.bottom + 6);
      context.lineTo(x + offset + 3, area.bottom - 6);
    }
    context.stroke();
  }
  context.restore();
}

/** Gaps, zeros, then conflicts (drawConflicts) on top. */
export function drawMarkers(mark: MarkContext): void {
  drawGapsAndZeros(mark);
  drawConflicts(mark);
}

function drawGapsAndZeros({ chart, data, theme }: MarkContext): void {
  const context = chart.ctx;
  const area = chart.chartArea;
  const yScale = chart.scales.y;
  if (!yScale) return;
  // On a logarithmic axis zero has no place: its marks sit on the axis line at the bottom.
  const zero = data.logScale ? area.bottom : yScale.getPixelForValue(0);
  const zeroPixel = Number.isFinite(zero) ? Math.min(Math.max(zero, area.top), area.bottom) : area.bottom;
  context.save();
  // Stacked bars and lines share one x per month: their markers sit side by side instead of on top of each other.
  const stacked = data.datasets.filter((d) => (d.stack !== undefined || d.type === 'line') && d.markers);
  data.datasets.forEach((dataset, datasetIndex) => {
    if (!dataset.markers) return;
    const meta = chart.getDatasetMeta(datasetIndex);
    if (meta.hidden) return;
    const place = stacked.indexOf(dataset);
    dataset.markers.forEach((marker, index) => {
      if (marker === null) return;
      const element = meta.data[index] as unknown as { x: number; width?: number } | undefined;
      if (!element || !Number.isFinite(element.x)) return;
      const slot = dataset.type === 'bar' ? (element.width ?? 10) : slotWidth(chart, data.labels.length) * 0.8;
      const share = place >= 0 ? slot / stacked.length - 2 : slot;
      const width = Math.max(6, Math.min(share, 16));
      const x = place >= 0 ? element.x + (place - (stacked.length - 1) / 2) * (width + 2) : element.x;
      if (marker === 'zero') {
        context.fillStyle = dataset.color;
        // A line's point already sits on zero; a bar of zero height needs the mark, and a "0" where there is room,
        // so a reported zero never looks like a small figure drawn at the minimum bar length.
        if (dataset.type === 'bar') context.fillRect(x - width / 2, zeroPixel - 3, width, 3);
        if (width >= 8) {
          context.font = `11px ${theme.font}`;
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

/**
 * A "≠" in a ring above each figure whose sources disagree (issue 12): text colour on the page background, so it
 * reads in both themes and is never taken for a series, whose colours are hues.
 */
export function drawConflicts({ chart, data, theme }: MarkContext): void {
  const context = chart.ctx;
  const area = chart.chartArea;
  context.save();
  data.datasets.forEach((dataset, datasetIndex) => {
    if (!dataset.conflicts) return;
    const meta = chart.getDatasetMeta(datasetIndex);
    if (meta.hidden) return;
    dataset.conflicts.forEach((conflict, index) => {
      if (!conflict) return;
      const element = meta.data[index] as unknown as { x: number; y: number } | undefined;
      if (!element || !Number.isFinite(element.x) || !Number.isFinite(element.y)) return;
      const radius = 7;
      const x = element.x;
      const y = Math.max(area.top + radius + 1, element.y - radius - 4);
      context.beginPath();
      context.arc(x, y, radius, 0, Math.PI * 2);
      context.fillStyle = theme.background;
      context.fill();
      context.lineWidth = 1.5;
      context.strokeStyle = theme.text;
      context.stroke();
      context.fillStyle = theme.text;
      context.font = `bold 11px ${theme.font}`;
      context.textAlign = 'center';
      context.textBaseline = 'middle';
      context.fillText('\u2260', x, y + 0.5);
    });
  });
  context.restore();
}
