/**
 * Short event labels above the plot ("UNSCR 2397"), each over its dashed line. Lines that fall close together (22
 * and 26 December 2017 are 5 px apart on a two-year chart) get their labels on separate rows; when the rows are full,
 * a label that still has no room joins the nearest one before it ("UNSCR 2397 +1"), and the list under the chart
 * and the tooltip give every event in full.
 */
import type { TradeEvent } from '../api-types.ts';
import type { EventMark } from './month-chart-types.ts';
import { eventPosition } from './series-model.ts';
import type { MixedChart } from './month-marks.ts';
import type { Theme } from './theme.ts';

/**
 * A few words for the chart: "UNSCR 2397" for a resolution, else the title's first words up to about 20
 * characters ("China suspends coal…"). Pure (tests/unit/client-event-marks.test.ts).
 */
export function shortEventLabel(event: Pick<TradeEvent, 'title' | 'category'>): string {
  const resolution = /Resolution (\d{3,4})/i.exec(event.title);
  if (resolution) return `UNSCR ${resolution[1] ?? ''}`;
  if (event.category === 'test' && /\bICBM\b/.test(event.title)) return 'ICBM test';
  const words = event.title.split(/\s+/);
  let label = '';
  for (const word of words) {
    const next = label === '' ? word : `${label} ${word}`;
    if (next.length > 20 && label !== '') return `${label}…`;
    label = next;
  }
  return label;
}

export function eventMarks(events: readonly TradeEvent[], labels: readonly string[]): EventMark[] {
  return events.flatMap((event) => {
    const position = eventPosition(event.date, labels);
    return position === null ? [] : [{ id: event.id, position, label: shortEventLabel(event) }];
  });
}

export const eventRowHeight = 15;
const gap = 6;

export interface LabelBox {
  id: number;
  /** The event's line, in pixels: the label starts just right of it. */
  x: number;
  width: number;
}

export interface PlacedLabel {
  id: number;
  row: number;
  /** Left edge, kept inside [left, right]. */
  left: number;
  /** Events that had no room and are counted in this label ("+N"). */
  joined: number[];
}

/** The rows a chart keeps free above its plot for event labels (the layout is fixed before the labels are placed). */
export function eventRows(marks: readonly EventMark[] | undefined): number {
  return Math.min(3, marks?.length ?? 0);
}

/**
 * Greedy placement, left to right: each label goes in the first row whose last label ends `gap` pixels before it;
 * with no such row it joins the placed label closest to it. Pure (tests/unit/client-event-marks.test.ts).
 */
export function placeLabels(boxes: readonly LabelBox[], rows: number, left: number, right: number): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  const rowEnds: number[] = Array.from({ length: rows }, () => -Infinity);
  for (const box of [...boxes].sort((a, b) => a.x - b.x)) {
    const start = Math.max(left, Math.min(box.x + 3, right - box.width));
    const row = rowEnds.findIndex((end) => end + gap <= start);
    if (row >= 0) {
      rowEnds[row] = start + box.width;
      placed.push({ id: box.id, row, left: start, joined: [] });
      continue;
    }
    const nearest = placed.reduce<PlacedLabel | null>(
      (best, label) => (best === null || Math.abs(label.left - start) < Math.abs(best.left - start) ? label : best),
      null,
    );
    if (nearest) nearest.joined.push(box.id);
  }
  return placed;
}

/** A label as drawn: its text and box in canvas pixels, and the events it stands for. */
export interface DrawnEventLabel {
  ids: number[];
  text: string;
  left: number;
  top: number;
  width: number;
  height: number;
  /** Where the event's line is. */
  lineX: number;
}

export function drawEventLabels(chart: MixedChart, marks: readonly EventMark[], theme: Theme): DrawnEventLabel[] {
  const rows = eventRows(marks);
  const scale = chart.scales.x;
  if (rows === 0 || !scale) return [];
  const context = chart.ctx;
  const area = chart.chartArea;
  context.save();
  context.font = `11px ${theme.font}`;
  const plus = (label: PlacedLabel): string => (label.joined.length > 0 ? ` +${label.joined.length}` : '');
  const boxes = marks.map((mark) => ({
    id: mark.id,
    x: scale.getPixelForValue(mark.position),
    // Room for a "+N" the label may take on.
    width: context.measureText(mark.label).width + context.measureText(' +1').width,
  }));
  const placed = placeLabels(boxes, rows, 0, chart.width);
  // Row 0 is the one nearest the plot.
  const rowMiddle = (row: number): number => area.top - (row + 1) * eventRowHeight + eventRowHeight / 2 - 1;
  // First the dotted leaders from each label's row down to the plot, where its dashed line starts; then the labels
  // on the page's background, so a leader passing behind another row's label does not cross its text.
  context.strokeStyle = theme.event;
  context.lineWidth = 1;
  context.setLineDash([1, 2]);
  for (const label of placed) {
    const box = boxes.find((b) => b.id === label.id);
    if (!box) continue;
    context.beginPath();
    context.moveTo(box.x, rowMiddle(label.row) - 5);
    context.lineTo(box.x, area.top);
    context.stroke();
  }
  context.setLineDash([]);
  context.textBaseline = 'middle';
  context.textAlign = 'left';
  const drawn: DrawnEventLabel[] = [];
  for (const label of placed) {
    const mark = marks.find((m) => m.id === label.id);
    const box = boxes.find((b) => b.id === label.id);
    if (!mark || !box) continue;
    const text = `${mark.label}${plus(label)}`;
    const y = rowMiddle(label.row);
    const width = context.measureText(text).width;
    const top = y - eventRowHeight / 2 + 1;
    context.fillStyle = theme.background;
    context.fillRect(label.left - 1, top, width + 2, eventRowHeight - 2);
    context.fillStyle = theme.event;
    context.fillText(text, label.left, y);
    drawn.push({
      ids: [label.id, ...label.joined],
      text,
      left: label.left,
      top,
      width,
      height: eventRowHeight - 2,
      lineX: box.x,
    });
  }
  context.restore();
  return drawn;
}
