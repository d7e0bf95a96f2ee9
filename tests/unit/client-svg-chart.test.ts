/**
 * The chart as SVG (client/src/charts/svg-chart.ts, svg-view.ts): a well-formed document, a month not reported is a
 * gap (never a mark at zero), a reported zero is drawn at zero, events are labelled, text is escaped, and the light
 * colours the server draws with are the stylesheet's.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TradeEvent } from '../../client/src/api-types.ts';
import { renderSvgChart, linearTicks, wrapText, type SvgChartData } from '../../client/src/charts/svg-chart.ts';
import { seriesSvg, seriesSvgData } from '../../client/src/charts/svg-view.ts';
import { lightTheme } from '../../client/src/charts/theme.ts';
import { defaultState } from '../../client/src/state.ts';
import { point, series } from '../helpers/points.ts';
import { repoRoot } from '../helpers/paths.ts';

/**
 * A small well-formedness check: every tag closed in order, attributes quoted, no bare `&` or `<` in text. Enough
 * to catch what string-built XML gets wrong; the e2e test parses the download with the browser's DOMParser too.
 */
function checkXml(xml: string): void {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  let match: RegExpExecArray | null;
  let roots = 0;
  while ((match = token.exec(body)) !== null) {
    const [, closing, name, , selfClosing, text, stray] = match;
    if (stray !== undefined) assert.fail(`a "<" that starts no tag at ${match.index}: ${body.slice(match.index, 40)}`);
    if (text !== undefined) {
      assert.ok(!/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(text), `bare & in text: ${text}`);
      if (stack.length === 0) assert.equal(text.trim(), '', 'text outside the root element');
      continue;
    }
    if (closing) assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
    else if (!selfClosing) {
      if (stack.length === 0) roots += 1;
      stack.push(name ?? '');
    } else if (stack.length === 0) roots += 1;
  }
  assert.deepEqual(stack, [], 'every element closed');
  assert.equal(roots, 1, 'one root element');
}

function elements(svg: string, name: string, cls: string): string[] {
  return [...svg.matchAll(new RegExp(`<${name} class="${cls}"[^>]*>`, 'g'))].map((m) => m[0]);
}

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

const colors = { ...lightTheme };

function data(values: (number | null)[], extra: Partial<SvgChartData> = {}): SvgChartData {
  const labels = values.map((_v, i) => `2017-${String(i + 1).padStart(2, '0')}`);
  return {
    labels,
    datasets: [{ label: 'Rice, China', values, color: '#0072b2', type: 'line' }],
    yTitle: 'tonnes',
    formatTick: (v) => String(v),
    formatLabel: (label) => label,
    noDataMonths: [],
    ...extra,
  };
}

describe('the chart as SVG', () => {
  it('is one well-formed SVG document with the title, and escapes text', () => {
    const svg = renderSvgChart(data([5, 10, 15]), {
      title: 'Rice & corn <China> "quoted"',
      footer: ['Source: A & B', 'http://x.test/?a=1&b=2'],
      colors,
    });
    checkXml(svg);
    assert.match(svg, /<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(svg, /<title id="svg-title">Rice &amp; corn &lt;China&gt; &quot;quoted&quot;<\/title>/);
    assert.ok(svg.includes('http://x.test/?a=1&amp;b=2'));
    assert.ok(!svg.includes('<China>'));
  });

  it('a month not reported breaks the line and gets a dashed box: no point, and nothing at zero', () => {
    const svg = renderSvgChart(data([100, 200, null, 300, 0]), { title: 't', footer: [], colors });
    checkXml(svg);
    const points = elements(svg, 'circle', 'point');
    assert.deepEqual(
      points.map((p) => attribute(p, 'data-period')),
      ['2017-01', '2017-02', '2017-04', '2017-05'],
    );
    // The reported zero is a point at zero: the same height as the axis line.
    const zero = points.find((p) => attribute(p, 'data-period') === '2017-05') ?? '';
    assert.equal(attribute(zero, 'data-value'), '0');
    const axis = /<g class="x-axis"><line x1="[^"]*" y1="([^"]*)"/.exec(svg)?.[1];
    assert.equal(attribute(zero, 'cy'), axis);
    // The line is two pieces, one either side of the gap.
    const path = attribute(elements(svg, 'path', 'line')[0] ?? '', 'd') ?? '';
    assert.equal(path.match(/M/g)?.length, 2, path);
    assert.equal(path.match(/L/g)?.length, 2, path);
    const gaps = elements(svg, 'rect', 'gap-mark');
    assert.deepEqual(
      gaps.map((g) => attribute(g, 'data-period')),
      ['2017-03'],
    );
  });

  it('bars: none for a month not reported, a sliver for a reported zero', () => {
    const values = [100, null, 0];
    const svg = renderSvgChart(
      data(values, { datasets: [{ label: 'Rice', values, color: '#0072b2', type: 'bar' }], noDataMonths: [1] }),
      { title: 't', footer: [], colors },
    );
    checkXml(svg);
    const bars = elements(svg, 'rect', 'bar');
    assert.deepEqual(
      bars.map((b) => [attribute(b, 'data-period'), attribute(b, 'data-value')]),
      [
        ['2017-01', '100'],
        ['2017-03', '0'],
      ],
    );
    assert.deepEqual(
      elements(svg, 'rect', 'no-data').map((b) => attribute(b, 'data-period')),
      ['2017-02'],
    );
  });

  it('never joins the months either side of a cut', () => {
    const svg = renderSvgChart(data([1, 2, 3, 4], { axisBreaks: [1] }), { title: 't', footer: [], colors });
    const path = attribute(elements(svg, 'path', 'line')[0] ?? '', 'd') ?? '';
    assert.equal(path.match(/M/g)?.length, 2, path);
    assert.equal(elements(svg, 'text', 'axis-break').length, 1);
  });

  it('labels events, staggering close ones, and draws each event line', () => {
    const svg = renderSvgChart(
      data([1, 2, 3, 4, 5, 6], {
        eventMarks: [
          { id: 1, position: 4.7, label: 'UNSCR 2397' },
          { id: 2, position: 4.85, label: 'ICBM test' },
        ],
      }),
      { title: 't', footer: [], colors },
    );
    checkXml(svg);
    const labels = [...svg.matchAll(/<text class="event-label" x="[^"]*" y="([^"]*)"[^>]*>([^<]*)<\/text>/g)];
    assert.deepEqual(labels.map((m) => m[2]).sort(), ['ICBM test', 'UNSCR 2397']);
    assert.notEqual(labels[0]?.[1], labels[1]?.[1], 'close labels on different rows');
    assert.equal(elements(svg, 'line', 'event-line').length, 2);
  });

  it('y ticks are round numbers covering zero and the largest figure', () => {
    assert.deepEqual(linearTicks(0, 27_300), [0, 10_000, 20_000, 30_000]);
    assert.deepEqual(linearTicks(-40, 60), [-40, -20, 0, 20, 40, 60]);
    assert.ok(wrapText('one two three four five six', 60, 12).length > 1);
  });
});

describe('a view as SVG (svg-view.ts)', () => {
  const rice = series([point('2017-10', 500), point('2017-11', null), point('2017-12', 0)]);
  const events: TradeEvent[] = [
    {
      id: 7,
      date: '2017-12-22',
      category: 'resolution',
      title: 'UN Security Council Resolution 2397',
      source: null,
      note: null,
    },
    { id: 8, date: '2019-01-01', category: 'test', title: 'Out of range', source: null, note: null },
  ];

  it('takes the API values, keeps not reported as null, and labels the events in view', () => {
    const chart = seriesSvgData([rice], events, defaultState, lightTheme);
    assert.deepEqual(chart.labels, ['2017-10', '2017-11', '2017-12']);
    assert.deepEqual(chart.datasets[0]?.values, [500, null, 0]);
    assert.equal(chart.datasets[0]?.color, lightTheme.series[0]);
    assert.equal(chart.datasets[0]?.type, 'bar');
    assert.deepEqual(chart.noDataMonths, [1]);
    assert.deepEqual(
      chart.eventMarks?.map((m) => m.label),
      ['UNSCR 2397'],
    );
    const svg = seriesSvg(
      [rice],
      events,
      { ...defaultState, chart: 'line' },
      { title: 'Rice', footer: [], theme: lightTheme },
    );
    checkXml(svg);
    assert.ok(svg.includes('>UNSCR 2397</text>'));
  });

  it('leaves out the months nobody reported when asked, and marks the cut', () => {
    const chart = seriesSvgData([rice], events, { ...defaultState, hideUnreported: true }, lightTheme);
    assert.deepEqual(chart.labels, ['2017-10', '2017-12']);
    assert.deepEqual(chart.datasets[0]?.values, [500, 0]);
    assert.deepEqual(chart.axisBreaks, [0]);
  });

  it('an empty selection says so', () => {
    const svg = seriesSvg([], [], defaultState, { title: 'Rice', footer: [], theme: lightTheme });
    checkXml(svg);
    assert.ok(svg.includes('No data for this selection'));
  });

  it('the light colours are the stylesheet’s (the server has no page to read them from)', () => {
    const css = readFileSync(join(repoRoot, 'client/src/styles.css'), 'utf8');
    const block = /:root,\s*\.theme-light\s*\{([^}]*)\}/.exec(css)?.[1] ?? '';
    const read = (name: string): string | undefined => new RegExp(`${name}:\\s*([^;]+);`).exec(block)?.[1]?.trim();
    assert.equal(read('--bg'), lightTheme.background);
    assert.equal(read('--fg'), lightTheme.text);
    assert.equal(read('--muted'), lightTheme.muted);
    assert.equal(read('--grid'), lightTheme.grid);
    assert.equal(read('--gap'), lightTheme.gap);
    assert.equal(read('--event-line'), lightTheme.event);
    assert.equal(read('--font'), lightTheme.font);
    assert.deepEqual(
      lightTheme.series.map((_c, i) => read(`--series-${i + 1}`)),
      lightTheme.series,
    );
  });
});
