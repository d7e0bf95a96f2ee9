/**
 * The PNG download: title, a legend of the datasets (the page's legend is HTML, not on the canvas), the chart, and
 * footer lines (publishers, the view's address, how gaps are drawn), on the given theme's background. MonthChart
 * draws the chart for it afresh, at twice its on-screen pixels in the light theme, so a download reads the same
 * in a report whatever the screen and colour scheme it was made on.
 */
import type { MonthChartData } from './month-chart-types.ts';
import type { Theme } from './theme.ts';

export interface PngOptions {
  title: string;
  footer: readonly string[];
  /** The theme to draw in (the light one, whatever the page shows). */
  theme: Theme;
  /** The chart's data built for that theme (its series colours); the chart's own data when omitted. */
  data?: MonthChartData;
  /** Pixels per CSS pixel: 2 by default. */
  scale?: number;
}

/** Wraps `text` to lines no wider than `width` at the context's current font. */
function wrapText(context: CanvasRenderingContext2D, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  // A word wider than the line (the view's address) is cut where it reaches the edge.
  const words = text.split(/\s+/).flatMap((word) => {
    const pieces: string[] = [];
    let rest = word;
    while (rest.length > 1 && context.measureText(rest).width > width) {
      let cut = rest.length - 1;
      while (cut > 1 && context.measureText(rest.slice(0, cut)).width > width) cut -= 1;
      pieces.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    return [...pieces, rest];
  });
  for (const word of words) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && context.measureText(candidate).width > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line !== '') lines.push(line);
  return lines;
}

export function composePng(source: HTMLCanvasElement, data: MonthChartData, options: PngOptions): Promise<Blob> {
  const { theme } = options;
  const scale = source.width / Math.max(source.clientWidth, 1);
  const pad = 16 * scale;
  const titleSize = 16 * scale;
  const textSize = 12 * scale;
  const line = textSize * 1.5;
  const out = document.createElement('canvas');
  out.width = source.width + pad * 2;
  const measure = out.getContext('2d');
  if (!measure) return Promise.reject(new Error('This browser cannot draw the PNG (no 2D canvas).'));
  measure.font = `600 ${titleSize}px ${theme.font}`;
  const titleLines = wrapText(measure, options.title, out.width - pad * 2);
  measure.font = `${textSize}px ${theme.font}`;
  const footerLines = options.footer.flatMap((text) => wrapText(measure, text, out.width - pad * 2));
  // The legend wraps like text: one entry after another, a new row when the next does not fit.
  const entries = data.datasets.map((dataset) => ({ dataset, width: measure.measureText(dataset.label).width }));
  const legendRows: (typeof entries)[] = [[]];
  let rowWidth = 0;
  for (const entry of entries) {
    const width = textSize * 1.2 + entry.width + textSize * 1.5;
    const row = legendRows[legendRows.length - 1];
    if (row && row.length > 0 && rowWidth + width > out.width - pad * 2) {
      legendRows.push([entry]);
      rowWidth = width;
    } else {
      row?.push(entry);
      rowWidth += width;
    }
  }
  out.height =
    pad +
    titleLines.length * titleSize * 1.3 +
    pad / 2 +
    legendRows.length * line +
    pad / 2 +
    source.height +
    pad / 2 +
    footerLines.length * line +
    pad;
  const context = out.getContext('2d');
  if (!context) return Promise.reject(new Error('This browser cannot draw the PNG (no 2D canvas).'));
  context.fillStyle = theme.background;
  context.fillRect(0, 0, out.width, out.height);
  context.textBaseline = 'top';
  context.fillStyle = theme.text;
  context.font = `600 ${titleSize}px ${theme.font}`;
  let y = pad;
  for (const text of titleLines) {
    context.fillText(text, pad, y);
    y += titleSize * 1.3;
  }
  y += pad / 2;
  context.font = `${textSize}px ${theme.font}`;
  for (const row of legendRows) {
    let x = pad;
    for (const { dataset, width } of row) {
      context.fillStyle = dataset.color;
      context.fillRect(x, y + textSize * 0.1, textSize * 0.8, textSize * 0.8);
      if (dataset.dash && dataset.dash.length > 0) {
        // The hatched swatch of a dashed series: a light stripe through the colour.
        context.fillStyle = theme.background;
        context.fillRect(x, y + textSize * 0.4, textSize * 0.8, textSize * 0.2);
      }
      x += textSize * 1.2;
      context.fillStyle = theme.text;
      context.fillText(dataset.label, x, y);
      x += width + textSize * 1.5;
    }
    y += line;
  }
  y += pad / 2;
  context.drawImage(source, pad, y);
  y += source.height + pad / 2;
  context.fillStyle = theme.muted;
  for (const text of footerLines) {
    context.fillText(text, pad, y);
    y += line;
  }
  return new Promise((resolve, reject) => {
    out.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The PNG could not be made.'))), 'image/png');
  });
}
