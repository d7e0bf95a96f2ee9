/**
 * Chart colours come from the page's CSS custom properties (client/src/styles.css), so light and dark follow
 * `prefers-color-scheme` in one place. Series colours are the Okabe–Ito palette, readable with colour-blindness;
 * from the ninth series on the colours repeat with a dash pattern (hatched bars), so no two series look alike.
 * Events are drawn in a neutral ink that is no series' colour, in either theme (issue 13).
 */
export interface Theme {
  text: string;
  muted: string;
  grid: string;
  background: string;
  gap: string;
  highlight: string;
  cap: string;
  series: string[];
  /** Event lines and labels: a grey, where every series colour is a hue. */
  event: string;
  font: string;
}

export function readTheme(root: HTMLElement = document.documentElement): Theme {
  const style = getComputedStyle(root);
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const series: string[] = [];
  for (let i = 1; i <= 8; i += 1) series.push(read(`--series-${i}`, '#0072b2'));
  return {
    text: read('--fg', '#1a1a1a'),
    muted: read('--muted', '#595959'),
    grid: read('--grid', 'rgba(0,0,0,0.1)'),
    background: read('--bg', '#ffffff'),
    gap: read('--gap', 'rgba(0,0,0,0.08)'),
    highlight: read('--highlight', 'rgba(0,114,178,0.1)'),
    cap: read('--cap', '#b00020'),
    series,
    event: read('--event-line', '#454545'),
    font: read('--font', 'system-ui, sans-serif'),
  };
}

/**
 * The light theme's colours as styles.css declares them (`:root, .theme-light`), for drawing where there is no page
 * to read them from: the server's link-preview image (svg-view.ts). tests/unit/client-svg-chart.test.ts holds the
 * two to the same values.
 */
export const lightTheme: Readonly<Theme> = Object.freeze({
  text: '#1b1f24',
  muted: '#555c66',
  grid: 'rgba(27, 31, 36, 0.1)',
  background: '#ffffff',
  gap: 'rgba(27, 31, 36, 0.22)',
  highlight: 'rgba(0, 114, 178, 0.12)',
  cap: '#b00020',
  series: ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#b07d00', '#3d8fc2', '#7a4f9a', '#6b8e23'],
  event: '#454545',
  font: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', sans-serif",
});

/** The light theme whatever the page shows (the PNG download): read from an element styled `.theme-light`. */
export function readLightTheme(): Theme {
  const probe = document.createElement('div');
  probe.className = 'theme-light';
  probe.hidden = true;
  document.body.append(probe);
  try {
    return readTheme(probe);
  } finally {
    probe.remove();
  }
}

/** Dash patterns for the second, third and fourth rounds of the palette. */
const dashes: readonly number[][] = [[], [7, 3], [2, 2], [9, 3, 2, 3]];

export interface SeriesStyle {
  color: string;
  /** Empty for a solid line and solid bars; otherwise the line's dashes, and the bars are hatched. */
  dash: number[];
}

export function seriesStyle(theme: Theme, index: number): SeriesStyle {
  const count = Math.max(theme.series.length, 1);
  return {
    color: theme.series[index % count] ?? theme.text,
    dash: [...(dashes[Math.floor(index / count) % dashes.length] ?? [])],
  };
}

export function seriesColor(theme: Theme, index: number): string {
  return seriesStyle(theme, index).color;
}

/** Every category shares the neutral ink; the label on the chart and the list say which event it is. */
export function eventColor(theme: Theme): string {
  return theme.event;
}
