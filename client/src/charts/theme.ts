/**
 * Chart colours come from the page's CSS custom properties (client/src/styles.css), so light and dark follow
 * `prefers-color-scheme` in one place. Series colours are the Okabe–Ito palette, readable with colour-blindness.
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
  events: Record<string, string>;
  font: string;
}

const eventCategories = ['sanctions', 'resolution', 'test', 'trade-ban', 'diplomacy', 'shipping'];

export function readTheme(root: HTMLElement = document.documentElement): Theme {
  const style = getComputedStyle(root);
  const read = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const series: string[] = [];
  for (let i = 1; i <= 8; i += 1) series.push(read(`--series-${i}`, '#0072b2'));
  const events: Record<string, string> = {};
  for (const category of eventCategories) events[category] = read(`--event-${category}`, '#666666');
  return {
    text: read('--fg', '#1a1a1a'),
    muted: read('--muted', '#595959'),
    grid: read('--grid', 'rgba(0,0,0,0.1)'),
    background: read('--bg', '#ffffff'),
    gap: read('--gap', 'rgba(0,0,0,0.08)'),
    highlight: read('--highlight', 'rgba(0,114,178,0.1)'),
    cap: read('--cap', '#b00020'),
    series,
    events,
    font: read('--font', 'system-ui, sans-serif'),
  };
}

export function seriesColor(theme: Theme, index: number): string {
  return theme.series[index % theme.series.length] ?? theme.text;
}

export function eventColor(theme: Theme, category: string): string {
  return theme.events[category] ?? theme.muted;
}
