/**
 * The month chart as an SVG document (issue 13: "SVG if it can be done without a heavy dependency"). Chart.js draws
 * on a canvas and has no SVG output, and the canvas-to-SVG shims are unmaintained, so this draws the same series
 * itself: title, legend, event lines with their short labels, the series as lines or bars with points, the axes
 * with month labels and ticks in the unit, hatched bands where nobody reported, and footer lines (publishers).
 *
 * Pure: a string in, a string out, no DOM, so it is unit-tested (tests/unit/client-svg-chart.test.ts) and the server
 * draws link-preview images with it (server/http/handlers/preview.ts). Text is measured by an estimate of DejaVu
 * Sans' widths, the font the server renders with: layouts leave room rather than measure exactly.
 *
 * Data is drawn as given: a null value is a month not reported, so a line breaks there and a dashed box sits on the
 * axis; nothing is ever drawn at zero for it.
 */
import { eventRows, placeLabels } from './event-marks.ts';
import type { EventMark } from './month-chart-types.ts';

export interface SvgDataset {
  label: string;
  values: readonly (number | null)[];
  color: string;
  /** A line's dash pattern; bars with one get a light stripe (as the PNG's hatched swatch). */
  dash?: readonly number[];
  type?: 'bar' | 'line';
}

/** What to draw; MonthChartData (month-chart-types.ts) has this shape, so a chart's own data can be passed. */
export interface SvgChartData {
  /** Periods, "YYYY-MM" (or "YYYY"). */
  labels: readonly string[];
  datasets: readonly SvgDataset[];
  yTitle: string;
  formatTick: (value: number) => string;
  formatLabel: (label: string) => string;
  logScale?: boolean;
  /** Label indexes no series reported: hatched bands. */
  noDataMonths: readonly number[];
  /** A break after index i (months left out): marked on the axis, no line drawn across it. */
  axisBreaks?: readonly number[];
  eventMarks?: readonly EventMark[];
}

export interface SvgColors {
  background: string;
  text: string;
  muted: string;
  grid: string;
  gap: string;
  event: string;
  font: string;
}

export interface SvgOptions {
  title: string;
  footer: readonly string[];
  colors: SvgColors;
  width?: number;
  height?: number;
  /** The body text size in px; titles and labels scale from it. */
  fontSize?: number;
  /** Said in the plot when there is nothing to draw. */
  emptyText?: string;
}

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );
}

/** An estimate of a text's width at `size` px in DejaVu Sans (a wide font: other fonts come out narrower). */
export function textWidth(text: string, size: number, bold = false): number {
  let em = 0;
  for (const c of text) {
    if (/[il.,:;|!'’ ]/.test(c)) em += 0.33;
    else if (/[mwMW—]/.test(c)) em += 0.92;
    else if (/[A-Z]/.test(c)) em += 0.7;
    else if (/[0-9]/.test(c)) em += 0.64;
    else em += 0.6;
  }
  return em * size * (bold ? 1.1 : 1);
}

/** Wraps `text` to lines no wider than `width`; a word wider than a line (an address) is cut. */
export function wrapText(text: string, width: number, size: number, bold = false): string[] {
  const lines: string[] = [];
  let line = '';
  for (const whole of text.split(/\s+/).filter((word) => word !== '')) {
    let word = whole;
    while (word.length > 1 && textWidth(word, size, bold) > width) {
      let cut = word.length - 1;
      while (cut > 1 && textWidth(word.slice(0, cut), size, bold) > width) cut -= 1;
      if (line !== '') lines.push(line);
      lines.push(word.slice(0, cut));
      line = '';
      word = word.slice(cut);
    }
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && textWidth(candidate, size, bold) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Round numbers for a linear axis from `min` to `max`, about `count` of them. */
export function linearTicks(min: number, max: number, count = 5): number[] {
  const span = max - min || Math.abs(max) || 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const ticks: number[] = [];
  const first = Math.floor(min / step) * step;
  const last = Math.ceil(max / step) * step;
  for (let value = first; value <= last + step / 2; value += step) ticks.push(Number(value.toPrecision(12)));
  if (ticks.length < 2) ticks.push(first + step);
  return ticks;
}

/** Powers of ten around the positive values, for a log axis. */
export function logTicks(min: number, max: number): number[] {
  const low = Math.floor(Math.log10(min));
  const high = Math.max(Math.ceil(Math.log10(max)), low + 1);
  const ticks: number[] = [];
  for (let power = low; power <= high; power += 1) ticks.push(Number((10 ** power).toPrecision(12)));
  return ticks;
}

const num = (value: number): string => String(Math.round(value * 10) / 10);

/** Label positions on a month axis: every n-th month, n a whole part of a year where it can be, so labels fit. */
function labelStep(count: number, slot: number, widest: number): number {
  const needed = Math.ceil(widest / Math.max(slot, 0.01));
  return [1, 2, 3, 4, 6, 12, 24, 36, 60, 120].find((step) => step >= needed) ?? needed;
}

export function renderSvgChart(data: SvgChartData, options: SvgOptions): string {
  const width = options.width ?? 960;
  const height = options.height ?? 540;
  const size = options.fontSize ?? 12;
  const titleSize = size * 1.45;
  const pad = size * 1.5;
  const { colors } = options;
  const parts: string[] = [];
  const text = (x: number, y: number, content: string, attrs = ''): void => {
    parts.push(`<text x="${num(x)}" y="${num(y)}"${attrs ? ` ${attrs}` : ''}>${escapeXml(content)}</text>`);
  };

  // Title, then the legend (the page's legend is HTML, so the SVG needs its own), top down.
  let y = pad;
  const titleLines = wrapText(options.title, width - pad * 2, titleSize, true);
  for (const line of titleLines) {
    text(pad, y + titleSize * 0.9, line, `class="title" font-size="${num(titleSize)}" font-weight="bold"`);
    y += titleSize * 1.3;
  }
  y += size * 0.4;
  let x = pad;
  const legendLine = size * 1.5;
  const legend: string[] = [];
  data.datasets.forEach((dataset) => {
    const entry = size * 1.2 + textWidth(dataset.label, size) + size * 1.5;
    if (x > pad && x + entry > width - pad) {
      x = pad;
      y += legendLine;
    }
    const stripe =
      dataset.dash && dataset.dash.length > 0
        ? `<rect x="${num(x)}" y="${num(y + size * 0.4)}" width="${num(size * 0.8)}" height="${num(size * 0.2)}" fill="${escapeXml(colors.background)}"/>`
        : '';
    legend.push(
      `<rect x="${num(x)}" y="${num(y + size * 0.1)}" width="${num(size * 0.8)}" height="${num(size * 0.8)}" fill="${escapeXml(dataset.color)}"/>${stripe}`,
      `<text x="${num(x + size * 1.2)}" y="${num(y + size * 0.85)}">${escapeXml(dataset.label)}</text>`,
    );
    x += entry;
  });
  if (data.datasets.length > 0) y += legendLine;
  parts.push(`<g class="legend">${legend.join('')}</g>`);

  // The footer's height is known before the plot is laid out, so the plot takes what is left between them.
  const footerLines = options.footer.flatMap((line) => wrapText(line, width - pad * 2, size));
  const footerTop = height - pad - footerLines.length * size * 1.45;
  const marks = data.eventMarks ?? [];
  const rows = eventRows(marks);
  const rowHeight = size * 1.35;
  const plotTop = y + rows * rowHeight + size * 0.8;
  const plotBottom = footerTop - size * 2.6;

  // The y axis: every figure drawn, with zero on a linear axis; a log axis from the powers of ten around them.
  const values = data.datasets.flatMap((d) => d.values.filter((v): v is number => v !== null && Number.isFinite(v)));
  const log = data.logScale === true;
  const positives = values.filter((v) => v > 0);
  const ticks =
    log && positives.length > 0
      ? logTicks(Math.min(...positives), Math.max(...positives))
      : linearTicks(Math.min(0, ...values), Math.max(0, ...values, values.length === 0 ? 1 : 0));
  const yMin = ticks[0] ?? 0;
  const yMax = ticks[ticks.length - 1] ?? 1;
  const tickText = ticks.map((tick) => data.formatTick(tick));
  const tickWidth = Math.max(0, ...tickText.map((t) => textWidth(t, size * 0.9)));
  const plotLeft = pad + size * 1.6 + tickWidth + size * 0.5;
  // Room on the right for half of the last month's label, centred under its slot.
  const lastLabel = data.labels.length > 0 ? data.formatLabel(data.labels[data.labels.length - 1] ?? '') : '';
  const plotRight = width - pad - textWidth(lastLabel, size * 0.9) / 4;
  const plotHeight = Math.max(plotBottom - plotTop, 1);
  const yOf = (value: number): number => {
    if (log) {
      // Zero and below have no place on a log axis: they sit on it, as on the page.
      const v = Math.max(value, yMin);
      return plotBottom - ((Math.log10(v) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin))) * plotHeight;
    }
    return plotBottom - ((value - yMin) / (yMax - yMin || 1)) * plotHeight;
  };
  const count = data.labels.length;
  const slot = (plotRight - plotLeft) / Math.max(count, 1);
  const xOf = (position: number): number => plotLeft + (position + 0.5) * slot;

  // Hatched bands where no series reported, under everything else.
  parts.push(
    `<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${escapeXml(colors.background)}"/><line x1="0" y1="0" x2="0" y2="6" stroke="${escapeXml(colors.gap)}" stroke-width="2.5"/></pattern></defs>`,
  );
  for (const index of data.noDataMonths) {
    const label = data.labels[index];
    if (label === undefined) continue;
    parts.push(
      `<rect class="no-data" data-period="${escapeXml(label)}" x="${num(plotLeft + index * slot)}" y="${num(plotTop)}" width="${num(slot)}" height="${num(plotHeight)}" fill="url(#hatch)"><title>${escapeXml(`${data.formatLabel(label)}: not reported`)}</title></rect>`,
    );
  }

  // Grid and y ticks.
  const grid: string[] = [];
  ticks.forEach((tick, i) => {
    const ty = yOf(tick);
    grid.push(
      `<line x1="${num(plotLeft)}" y1="${num(ty)}" x2="${num(plotRight)}" y2="${num(ty)}" stroke="${escapeXml(colors.grid)}"/>`,
      `<text x="${num(plotLeft - size * 0.4)}" y="${num(ty + size * 0.3)}" text-anchor="end" font-size="${num(size * 0.9)}" fill="${escapeXml(colors.muted)}">${escapeXml(tickText[i] ?? '')}</text>`,
    );
  });
  const middle = (plotTop + plotBottom) / 2;
  grid.push(
    `<text class="y-title" x="${num(pad + size)}" y="${num(middle)}" text-anchor="middle" transform="rotate(-90 ${num(pad + size)} ${num(middle)})" fill="${escapeXml(colors.muted)}">${escapeXml(data.yTitle)}</text>`,
  );
  parts.push(`<g class="y-axis">${grid.join('')}</g>`);

  // The month axis: a label every few months, chosen so none overlap.
  const axis: string[] = [
    `<line x1="${num(plotLeft)}" y1="${num(plotBottom)}" x2="${num(plotRight)}" y2="${num(plotBottom)}" stroke="${escapeXml(colors.muted)}"/>`,
  ];
  const formatted = data.labels.map((label) => data.formatLabel(label));
  const widest = Math.max(0, ...formatted.map((t) => textWidth(t, size * 0.9))) + size;
  const step = labelStep(count, slot, widest);
  formatted.forEach((label, index) => {
    if (index % step !== 0) return;
    axis.push(
      `<line x1="${num(xOf(index))}" y1="${num(plotBottom)}" x2="${num(xOf(index))}" y2="${num(plotBottom + size * 0.35)}" stroke="${escapeXml(colors.muted)}"/>`,
      `<text class="x-label" x="${num(xOf(index))}" y="${num(plotBottom + size * 1.4)}" text-anchor="middle" font-size="${num(size * 0.9)}" fill="${escapeXml(colors.muted)}">${escapeXml(label)}</text>`,
    );
  });
  for (const at of data.axisBreaks ?? []) {
    const bx = plotLeft + (at + 1) * slot;
    axis.push(
      `<text class="axis-break" x="${num(bx)}" y="${num(plotBottom + size * 0.35)}" text-anchor="middle" font-size="${num(size)}" fill="${escapeXml(colors.text)}">//</text>`,
    );
  }
  parts.push(`<g class="x-axis">${axis.join('')}</g>`);

  // Event lines, and their short labels in up to three rows above the plot (placed as on the page).
  const eventParts: string[] = [];
  const boxes = marks.map((mark) => ({
    id: mark.id,
    x: xOf(mark.position),
    width: textWidth(mark.label, size * 0.9) + textWidth(' +1', size * 0.9),
  }));
  for (const box of boxes) {
    eventParts.push(
      `<line class="event-line" x1="${num(box.x)}" y1="${num(plotTop)}" x2="${num(box.x)}" y2="${num(plotBottom)}" stroke="${escapeXml(colors.event)}" stroke-width="1.2" stroke-dasharray="5 3"/>`,
    );
  }
  for (const label of placeLabels(boxes, rows, 0, width - pad)) {
    const mark = marks.find((m) => m.id === label.id);
    const box = boxes.find((b) => b.id === label.id);
    if (!mark || !box) continue;
    const rowY = plotTop - size * 0.4 - label.row * rowHeight;
    const content = `${mark.label}${label.joined.length > 0 ? ` +${label.joined.length}` : ''}`;
    eventParts.push(
      `<line x1="${num(box.x)}" y1="${num(rowY - size * 0.5)}" x2="${num(box.x)}" y2="${num(plotTop)}" stroke="${escapeXml(colors.event)}" stroke-dasharray="1 2"/>`,
      `<text class="event-label" x="${num(label.left)}" y="${num(rowY)}" font-size="${num(size * 0.9)}" fill="${escapeXml(colors.event)}">${escapeXml(content)}</text>`,
    );
  }
  parts.push(`<g class="events">${eventParts.join('')}</g>`);

  // The series. Bars side by side in a month's slot; lines broken at every month not reported and at every cut.
  const breaks = new Set(data.axisBreaks ?? []);
  const bars = data.datasets.filter((d) => d.type === 'bar');
  const barWidth = (slot * 0.8) / Math.max(bars.length, 1);
  const base = yOf(log ? yMin : Math.max(0, yMin));
  const gapBox = Math.min(size * 0.7, slot * 0.6);
  data.datasets.forEach((dataset, datasetIndex) => {
    const color = escapeXml(dataset.color);
    const out: string[] = [];
    const dash = dataset.dash && dataset.dash.length > 0 ? ` stroke-dasharray="${dataset.dash.join(' ')}"` : '';
    if (dataset.type === 'bar') {
      const barIndex = bars.indexOf(dataset);
      dataset.values.forEach((value, index) => {
        if (value === null || !Number.isFinite(value)) return;
        const left = plotLeft + index * slot + slot * 0.1 + barIndex * barWidth;
        const top = Math.min(yOf(value), base);
        // A reported zero stays visible as a sliver on the axis, as on the page.
        const barHeight = Math.max(Math.abs(base - yOf(value)), 1.5);
        out.push(
          `<rect class="bar" data-period="${escapeXml(data.labels[index] ?? '')}" data-value="${value}" x="${num(left)}" y="${num(value === 0 ? base - barHeight : top)}" width="${num(Math.max(barWidth - 1, 1))}" height="${num(barHeight)}" fill="${color}"${dash ? ` fill-opacity="0.75"` : ''}/>`,
        );
      });
    } else {
      let path = '';
      let open = false;
      dataset.values.forEach((value, index) => {
        if (value === null || !Number.isFinite(value)) {
          open = false;
          return;
        }
        path += `${open ? 'L' : 'M'}${num(xOf(index))} ${num(yOf(value))}`;
        open = !breaks.has(index);
      });
      if (path !== '')
        out.push(`<path class="line" d="${path}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`);
      dataset.values.forEach((value, index) => {
        if (value === null || !Number.isFinite(value)) return;
        out.push(
          `<circle class="point" data-period="${escapeXml(data.labels[index] ?? '')}" data-value="${value}" cx="${num(xOf(index))}" cy="${num(yOf(value))}" r="${num(size * 0.25)}" fill="${color}"/>`,
        );
      });
    }
    // A month this series did not report: a dashed box on the axis in its colour, never a mark at zero.
    dataset.values.forEach((value, index) => {
      if (value !== null && Number.isFinite(value)) return;
      const offset =
        (datasetIndex - (data.datasets.length - 1) / 2) * Math.min(gapBox * 1.2, slot / (data.datasets.length + 1));
      out.push(
        `<rect class="gap-mark" data-period="${escapeXml(data.labels[index] ?? '')}" x="${num(xOf(index) + offset - gapBox / 2)}" y="${num(plotBottom - gapBox - 1)}" width="${num(gapBox)}" height="${num(gapBox)}" fill="none" stroke="${color}" stroke-dasharray="2 1.5"/>`,
      );
    });
    parts.push(`<g class="series" data-label="${escapeXml(dataset.label)}">${out.join('')}</g>`);
  });

  if (options.emptyText && values.length === 0) {
    text(width / 2, middle, options.emptyText, `text-anchor="middle" fill="${escapeXml(colors.muted)}"`);
  }

  footerLines.forEach((line, index) => {
    text(pad, footerTop + size * 1.1 + index * size * 1.45, line, `class="footer" fill="${escapeXml(colors.muted)}"`);
  });

  const title = escapeXml(options.title);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="svg-title" font-family="${escapeXml(colors.font)}" font-size="${num(size)}" fill="${escapeXml(colors.text)}">`,
    `<title id="svg-title">${title}</title>`,
    `<desc>${escapeXml(options.footer.join(' '))}</desc>`,
    `<rect class="background" width="100%" height="100%" fill="${escapeXml(colors.background)}"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
