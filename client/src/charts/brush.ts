/**
 * A time-range brush on the month chart (issue 13): drag across the plot with a mouse, pen or finger to choose a
 * range of months. It hands the first and last month to `select`, which applies them exactly as the month fields do
 * (same state, URL parameters and requests). Hand-written on pointer events rather than a Chart.js zoom plugin: the
 * plugin zooms the scale in place (and brings hammerjs for touch), while here the range must become the view's
 * from/to so the address, the tables and the downloads follow it. Keyboard users keep the month fields.
 *
 * A press without a drag (less than `dragThreshold` CSS pixels) is left to the chart: it pins the tooltip as before.
 * The change panel under the series chart has one too (wireSeriesBrush).
 */
import { byId } from '../views/dom.ts';
import { Chart } from './register.ts';

/** Pixels the pointer must move before a press counts as a drag, so a shaky click is still a click. */
const dragThreshold = 6;

export interface BrushOptions {
  canvas: HTMLCanvasElement;
  /** The translucent band drawn over the chart while dragging (positioned inside the canvas' box). */
  band: HTMLElement;
  select: (from: string, to: string) => void;
}

/** The first and last month a drag over slots `a`..`b` of the chart's labels covers (`YYYY` labels: whole years). */
export function brushRange(labels: readonly string[], a: number, b: number): { from: string; to: string } | null {
  const first = labels[Math.min(a, b)];
  const last = labels[Math.max(a, b)];
  if (first === undefined || last === undefined) return null;
  const from = /^\d{4}$/.test(first) ? `${first}-01` : first;
  const to = /^\d{4}$/.test(last) ? `${last}-12` : last;
  return /^\d{4}-\d{2}$/.test(from) && /^\d{4}-\d{2}$/.test(to) ? { from, to } : null;
}

export function wireBrush({ canvas, band, select }: BrushOptions): void {
  let start: { x: number; id: number } | null = null;
  let dragging = false;
  let justDragged = false;

  const chartAt = (): Chart | undefined => Chart.getChart(canvas);
  const localX = (event: PointerEvent): number => event.clientX - canvas.getBoundingClientRect().left;
  const slotAt = (chart: Chart, x: number): number | null => {
    const scale = chart.scales.x;
    const count = chart.data.labels?.length ?? 0;
    if (!scale || count === 0) return null;
    const index = Math.round(Number(scale.getValueForPixel(x)));
    return Number.isFinite(index) ? Math.max(0, Math.min(count - 1, index)) : null;
  };
  // The band covers whole slots, from the left edge of the first month to the right edge of the last.
  const drawBand = (chart: Chart, a: number, b: number): void => {
    const scale = chart.scales.x;
    const count = chart.data.labels?.length ?? 0;
    if (!scale || count === 0) return;
    const half = (scale.right - scale.left) / count / 2;
    const left = Math.max(chart.chartArea.left, scale.getPixelForValue(Math.min(a, b)) - half);
    const right = Math.min(chart.chartArea.right, scale.getPixelForValue(Math.max(a, b)) + half);
    band.style.left = `${canvas.offsetLeft + left}px`;
    band.style.width = `${right - left}px`;
    band.style.top = `${canvas.offsetTop + chart.chartArea.top}px`;
    band.style.height = `${chart.chartArea.bottom - chart.chartArea.top}px`;
    band.hidden = false;
  };
  const stop = (): void => {
    start = null;
    dragging = false;
    band.hidden = true;
    canvas.parentElement?.classList.remove('brushing');
  };

  canvas.addEventListener('pointerdown', (event) => {
    const chart = chartAt();
    if (!chart || event.button !== 0) return;
    const x = localX(event);
    const y = event.clientY - canvas.getBoundingClientRect().top;
    const area = chart.chartArea;
    if (x < area.left || x > area.right || y < area.top || y > area.bottom) return;
    start = { x, id: event.pointerId };
    justDragged = false;
  });
  canvas.addEventListener('pointermove', (event) => {
    const chart = chartAt();
    if (!chart || start === null || event.pointerId !== start.id) return;
    const x = localX(event);
    if (!dragging && Math.abs(x - start.x) < dragThreshold) return;
    if (!dragging) {
      canvas.setPointerCapture(event.pointerId);
      // The month's tooltip would cover the band: it is hidden while dragging (styles.css, .brushing).
      canvas.parentElement?.classList.add('brushing');
    }
    dragging = true;
    const a = slotAt(chart, start.x);
    const b = slotAt(chart, x);
    if (a !== null && b !== null) drawBand(chart, a, b);
  });
  canvas.addEventListener('pointerup', (event) => {
    const chart = chartAt();
    if (start === null || event.pointerId !== start.id) return;
    const wasDragging = dragging;
    const from = start.x;
    stop();
    if (!chart || !wasDragging) return;
    justDragged = true;
    const a = slotAt(chart, from);
    const b = slotAt(chart, localX(event));
    const range = a === null || b === null ? null : brushRange((chart.data.labels ?? []).map(String), a, b);
    if (range) select(range.from, range.to);
  });
  canvas.addEventListener('pointercancel', stop);
  canvas.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && dragging) stop();
  });
  // The click that ends a drag is no click on a month: keep it from the chart (which would pin the tooltip). The
  // listener sits on the parent, in the capture phase, so it runs before Chart.js' own listener on the canvas.
  canvas.parentElement?.addEventListener(
    'click',
    (event) => {
      if (event.target === canvas && justDragged) {
        event.stopPropagation();
        justDragged = false;
      }
    },
    true,
  );
}

/**
 * The brushes of the series chart and of the change panel under it (m/m or y/y: the same months on the same axis,
 * so a drag on either chooses the view's months). A chosen range also clears whatever the month fields were
 * complaining about (it replaces their months), and the "Whole range" beside the chart is the fields' own button,
 * so both resets are one. The cap chart has none: its axis is the months of the cap year, chosen apart (`cap`).
 */
export function wireSeriesBrush(select: (from: string, to: string) => void): void {
  byId('chart-full-range').addEventListener('click', () => byId('full-range').click());
  for (const [canvas, band] of [
    ['series-chart', 'series-brush'],
    ['change-chart', 'change-brush'],
  ] as const) {
    wireBrush({
      canvas: byId<HTMLCanvasElement>(canvas),
      band: byId(band),
      select: (from, to) => {
        byId('month-error').hidden = true;
        for (const id of ['from', 'to']) byId(id).removeAttribute('aria-invalid');
        select(from, to);
      },
    });
  }
}
