/**
 * Issue 13's rough edges, in headless Chromium on the bundled data: the chart inside the first screen, the change
 * panel drawing nothing where no change can be computed, names instead of keys, the publisher named for the
 * reporter chosen, event labels on the chart that do not overlap, event colours that are no series' colour, and
 * more than eight series told apart.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { strFromU8, unzipSync } from 'fflate';
import { join } from 'node:path';
import type {
  CapResponse,
  CommoditiesResponse,
  SeriesResponse,
  ShipmentsResponse,
} from '../../client/src/api-types.ts';
import { artifactsDir, skipReason, startHarness, type Harness } from './harness.ts';
import { getJson, openPage, query, screenshot, seriesChart, settle, useHarness } from './pages.ts';

let harness: Harness;

/** "#0072b2" or "rgb(0, 114, 178)" → [r, g, b]. */
function rgb(color: string): [number, number, number] {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color.trim());
  if (hex) return [parseInt(hex[1] ?? '0', 16), parseInt(hex[2] ?? '0', 16), parseInt(hex[3] ?? '0', 16)];
  const parts = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(color);
  assert.ok(parts, `a colour: ${color}`);
  return [Number(parts[1]), Number(parts[2]), Number(parts[3])];
}

/** How far from grey: the spread of the channels (0 for a grey, 255 for a pure hue). */
function chroma(color: string): number {
  const channels = rgb(color);
  return Math.max(...channels) - Math.min(...channels);
}

describe('dashboard: issue 13', { skip: skipReason }, () => {
  before(async () => {
    harness = await startHarness();
    useHarness(harness);
  });
  after(async () => {
    await harness?.close();
  });

  for (const [width, height, name] of [
    [1280, 800, 'desktop'],
    [1920, 1080, 'wide'],
    [390, 844, 'phone'],
  ] as const) {
    it(`the chart and its title come first: the whole chart is on the first screen at ${width}×${height}`, async () => {
      const { page, context, errors } = await openPage('/', { width, height });
      const chart = await page.locator('#series-chart').boundingBox();
      const title = await page.locator('#series-title').boundingBox();
      assert.ok(chart && title);
      assert.ok(chart.y < height, `the chart starts at ${chart.y}px`);
      assert.ok(chart.y + chart.height <= height, `the chart ends at ${chart.y + chart.height}px, below ${height}px`);
      assert.ok(chart.height >= 200, `the chart is ${chart.height}px high`);
      assert.ok(title.y < chart.y, 'the title is above the chart');
      // The controls: beside the chart on a wide screen, folded above it on a phone, one click away.
      const details = page.locator('#controls-details');
      assert.equal(await details.evaluate((node) => (node as HTMLDetailsElement).open), width >= 1000);
      if (width < 1000) {
        await page.click('#controls-details > summary');
        assert.equal(await page.locator('input[name="commodity"][value="corn"]').isVisible(), true);
      }
      await screenshot(page, `first-screen-${name}.png`);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }

  it('the change panel draws nothing where the change cannot be computed, and nothing is cut at the top', async () => {
    const path = '/?commodity=refined-oil,corn&reporter=CHN&source=customs&unit=t&change=yoy';
    const { page, context } = await openPage(path, { height: 1400 });
    const api = await getJson<SeriesResponse>(
      '/api/series?commodity=refined-oil,corn&reporter=CHN&source=customs&measure=quantity&unit=t',
    );
    const change = await page.evaluate(() => window.tradeflow?.charts().change ?? null);
    assert.ok(change);
    let nothing = 0;
    api.series.forEach((series, s) => {
      series.points.forEach((point, i) => {
        const dataset = change.datasets[s];
        assert.ok(dataset);
        const percent = point.change.yoy?.percent ?? null;
        assert.equal(dataset.data[i], percent, `${series.key} ${point.period}`);
        if (percent === null) {
          nothing += 1;
          assert.equal(dataset.markers[i], null, `${series.key} ${point.period}: no change, no mark`);
        } else {
          assert.equal(dataset.markers[i], percent === 0 ? 'zero' : null, `${series.key} ${point.period}`);
        }
      });
    });
    // Oct-Nov 2017 and Jan 2018 (refined oil) are among them: zero from zero, or against a month not reported.
    const refined = change.datasets[0];
    for (const period of ['2017-10', '2017-11', '2018-01']) {
      assert.equal(refined?.markers[change.labels.indexOf(period)], null, period);
    }
    assert.ok(nothing > 10, `${nothing} months without a change`);
    const highest = Math.max(...change.datasets.flatMap((d) => d.data.filter((v): v is number => v !== null)));
    assert.ok((change.y.max ?? -Infinity) > highest, `the axis (${change.y.max}) goes past the highest (${highest})`);
    await page.locator('#change-section').scrollIntoViewIfNeeded();
    await screenshot(page, 'change-panel.png');
    await context.close();
  });

  it('names, never keys: commodity labels and country names, and the publisher of what is chosen', async () => {
    const catalog = await getJson<CommoditiesResponse>('/api/commodities');
    // Keys with a hyphen ("refined-oil", "fuel-oil-5-7"); "corn" or "diesel" are words in a sentence too.
    const keys = catalog.groups.flatMap((g) => [g.key, ...g.products.map((p) => p.key)]).filter((k) => k.includes('-'));
    assert.ok(keys.length >= 4);
    const rawKey = new RegExp(`(^|[^A-Za-z0-9-])(${keys.join('|')})(?![A-Za-z0-9-])`);

    // Every product of refined oil, the table open: notes name parts ("fuel-oil-5-7" in the API's note).
    const products = catalog.groups.find((g) => g.key === 'refined-oil')?.products.map((p) => p.key) ?? [];
    const { page, context } = await openPage(
      `/?commodity=${['refined-oil', ...products].join(',')}&reporter=CHN&source=customs&unit=t&table=1`,
    );
    const text = await page.locator('body').innerText();
    assert.doesNotMatch(text, rawKey, 'no commodity key on the page');
    assert.doesNotMatch(await page.locator('#series-title').innerText(), /\b(CHN|PRK|RUS)\b/);
    assert.match(await page.locator('#shipments-table').innerText(), /Refined petroleum products/);
    await context.close();

    const cases: [string, RegExp, RegExp | null][] = [
      ['reporter=RUS&source=un1718', /Russia's notifications to the UN 1718 Committee/, /China customs/],
      ['reporter=CHN,RUS&source=un1718', /China and Russia's notifications to the UN 1718 Committee/, /GAC/],
      ['reporter=CHN,RUS&source=customs', /China customs \(GAC\) and Russian customs/, null],
      ['reporter=CHN&source=customs', /China customs \(GAC\)\)$/, /Russia/],
      ['reporter=CHN&partner=CIV&source=customs', /China to Côte d’Ivoire/, /\bCIV\b/],
    ];
    for (const [params, expected, absent] of cases) {
      const opened = await openPage(`/?commodity=refined-oil&${params}`);
      const title = await opened.page.locator('#series-title').innerText();
      assert.match(title, expected, params);
      if (absent) assert.doesNotMatch(title, absent, params);
      assert.doesNotMatch(title, rawKey, params);
      await opened.context.close();
    }

    // A selection the server refuses keeps a title in names, not keys.
    const refused = await openPage('/?commodity=corn&reporter=CHN&source=un1718&unit=bbl');
    assert.equal(await refused.page.locator('#series-status').getAttribute('data-kind'), 'error');
    assert.match(await refused.page.locator('#series-title').innerText(), /^Corn \(maize\): China to North Korea/);
    await refused.context.close();
  });

  it('events: a short label on the chart, close ones apart, in a colour that is no series colour, in both themes', async () => {
    for (const dark of [false, true]) {
      const { page, context } = await openPage(
        '/?commodity=refined-oil&reporter=CHN&source=customs&unit=t&from=2017-01&to=2018-03',
        { dark },
      );
      const chart = await seriesChart(page);
      const labels = chart.eventLabels;
      assert.ok(labels.length >= 2, `${labels.length} labels`);
      const texts = labels.map((l) => l.text).join(' | ');
      assert.match(texts, /UNSCR 2397/);
      assert.match(texts, /UNSCR 2375/);
      // Every event in view has a label of its own or is counted in one ("+1"); no two labels overlap.
      const list = await page.locator('#events-list button').count();
      assert.equal(labels.flatMap((l) => l.ids).length, list);
      for (const a of labels) {
        for (const b of labels) {
          if (a === b) continue;
          const apart =
            a.left + a.width <= b.left ||
            b.left + b.width <= a.left ||
            a.top + a.height <= b.top ||
            b.top + b.height <= a.top;
          assert.ok(apart, `"${a.text}" and "${b.text}" overlap`);
        }
      }
      // 22 and 26 December 2017: on separate rows, or one label counting both.
      const december = labels.filter((l) => /UNSCR 2397|US Treasury/.test(l.text));
      assert.ok(december.length === 2 || /\+\d/.test(december[0]?.text ?? ''), texts);

      const colours = await page.evaluate(() => {
        const style = getComputedStyle(document.documentElement);
        return {
          series: Array.from({ length: 8 }, (_, i) => style.getPropertyValue(`--series-${i + 1}`).trim()),
          event: style.getPropertyValue('--event-line').trim(),
        };
      });
      assert.deepEqual(chart.eventColors, [colours.event], 'every event line in the one event colour');
      for (const series of colours.series) {
        assert.ok(chroma(series) >= 50, `series colour ${series} is a hue`);
        assert.ok(chroma(series) - chroma(colours.event) >= 45, `event ${colours.event} against ${series}`);
      }
      assert.ok(chroma(colours.event) <= 10, `the event colour ${colours.event} is a grey`);
      await context.close();
    }
  });

  it('more than eight series: colour and dash tell every one apart; the cards say how many they show', async () => {
    const commodities = 'refined-oil,gasoline,diesel,jet-fuel,fuel-oil,fuel-oil-5-7,fuel-oil-other,corn,rice,crude-oil';
    const { page, context } = await openPage(`/?commodity=${commodities}&reporter=CHN&source=customs&unit=t`, {
      height: 1400,
    });
    const chart = await seriesChart(page);
    assert.equal(chart.datasets.length, 10);
    const looks = chart.datasets.map((d) => `${d.color} ${d.dash.join(',')}`);
    assert.equal(new Set(looks).size, 10, looks.join(' | '));
    // The legend draws the ninth and tenth swatches striped, as their bars are hatched.
    const swatches = await page
      .locator('#series-legend .swatch')
      .evaluateAll((nodes) => nodes.map((node) => (node as HTMLElement).style.background));
    assert.equal(swatches.length, 10);
    assert.doesNotMatch(swatches[0] ?? '', /gradient/);
    assert.match(swatches[8] ?? '', /repeating-linear-gradient/);
    await settle(page);
    const cards = await page.locator('#headline-cards .card').count();
    assert.equal(cards, 6);
    assert.match(await page.locator('#cards-note').innerText(), /6 of 10 series/);
    await screenshot(page, 'ten-series.png');
    await context.close();
  });

  it('the PNG: twice the pixels, a light background in the dark theme, the publisher and the address named', async () => {
    const { page, context } = await openPage('/?commodity=corn,rice&reporter=CHN&source=customs&unit=t&chart=line', {
      dark: true,
    });
    const canvas = await page.locator('#series-chart').evaluate((node) => node.clientWidth);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-png')]);
    const path = await download.path();
    copyFileSync(path, join(artifactsDir, 'download-dark-theme.png'));
    const bytes = readFileSync(path);
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    const width = bytes.readUInt32BE(16);
    assert.equal(width, 2 * (canvas + 32), `${width} px wide for a ${canvas} px chart`);
    const pixels = await page.evaluate(async (base64) => {
      const blob = new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type: 'image/png' });
      const image = await createImageBitmap(blob);
      const scratch = new OffscreenCanvas(image.width, image.height);
      const context = scratch.getContext('2d');
      if (!context) return null;
      context.drawImage(image, 0, 0);
      return [...context.getImageData(4, 4, 1, 1).data];
    }, bytes.toString('base64'));
    assert.deepEqual(pixels, [255, 255, 255, 255], 'the corner is white although the page is dark');
    await context.close();
  });

  it('yearly view, log scale and leaving out the months nobody reported, from the form and in the URL', async () => {
    const { page, context, errors } = await openPage('/?commodity=corn,rice&reporter=CHN&source=customs&unit=t');
    const requests: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/series') requests.push(url.search);
    });

    // Leave out the months nobody reported: the axis closes up, nothing is drawn as zero.
    const monthly = await getJson<SeriesResponse>(
      '/api/series?commodity=corn,rice&reporter=CHN&source=customs&measure=quantity&unit=t',
    );
    await page.check('#hide-unreported');
    await settle(page);
    assert.equal(query(page).get('unreported'), 'hide');
    assert.deepEqual(requests, [], 'a view change: no new request');
    const periods = monthly.series[0]?.points.map((p) => p.period) ?? [];
    const reported = periods.filter((_period, i) => monthly.series.some((s) => s.points[i]?.status !== 'not-reported'));
    assert.ok(reported.length < periods.length);
    let chart = await seriesChart(page);
    assert.deepEqual(chart.labels, reported);
    chart.datasets.forEach((dataset, s) => {
      const points = monthly.series[s]?.points ?? [];
      assert.deepEqual(
        dataset.data,
        reported.map((period) => {
          const point = points.find((p) => p.period === period);
          return point?.status === 'not-reported' ? null : (point?.value ?? null);
        }),
      );
    });
    assert.match(await page.locator('#series-range').innerText(), /\d+ months nobody reported are left out/);
    await page.locator('#table-details > summary').click();
    assert.equal(await page.locator('#series-table tbody tr').count(), periods.length, 'the table keeps every month');

    // Log scale.
    await page.check('#log-scale');
    await settle(page);
    assert.equal(query(page).get('scale'), 'log');
    chart = await seriesChart(page);
    assert.equal(chart.y.type, 'logarithmic');

    // Yearly: the API's interval=year, years on the axis.
    await page.uncheck('#hide-unreported');
    await page.uncheck('#log-scale');
    await page.check('input[name="interval"][value="year"]');
    await settle(page);
    assert.equal(query(page).get('interval'), 'year');
    const yearlyRequest = requests.at(-1) ?? '';
    assert.equal(new URLSearchParams(yearlyRequest).get('interval'), 'year');
    const yearly = await getJson<SeriesResponse>(`/api/series${yearlyRequest}`);
    chart = await seriesChart(page);
    assert.deepEqual(
      chart.labels,
      yearly.series[0]?.points.map((p) => p.period),
    );
    assert.ok(
      chart.labels.every((label) => /^\d{4}$/.test(label)),
      chart.labels.join(),
    );
    assert.deepEqual(
      chart.datasets.map((d) => d.data),
      yearly.series.map((s) => s.points.map((p) => (p.status === 'not-reported' ? null : p.value))),
    );
    assert.match((await page.locator('#download-csv').getAttribute('href')) ?? '', /interval=year/);
    assert.match(await page.locator('#cards-note').innerText(), /Monthly/);
    await screenshot(page, 'yearly.png');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('link previews: Open Graph and Twitter tags in the page; the tab title names the view', async () => {
    const html = await (await fetch(`${harness.baseUrl}/`)).text();
    for (const tag of ['og:title', 'og:description', 'og:type']) assert.match(html, new RegExp(`property="${tag}"`));
    for (const tag of ['twitter:card', 'twitter:title', 'twitter:description'])
      assert.match(html, new RegExp(`name="${tag}"`));
    const { page, context } = await openPage('/?commodity=rice&reporter=CHN&source=customs&unit=t');
    assert.match(await page.title(), /^Rice: China to North Korea.*· Tradeflow$/);
    await context.close();
  });

  it('Data + README: a CSV whose periods no spreadsheet turns into dates, and a README with sources and citation', async () => {
    const path = '/?commodity=rice,corn&reporter=CHN&source=customs&unit=t&from=2017-06&to=2018-03';
    const { page, context } = await openPage(path, { origin: harness.intranetUrl });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-data')]);
    const name = 'tradeflow-rice-corn-CHN-customs-t-2017-06-2018-03';
    assert.equal(download.suggestedFilename(), `${name}.zip`);
    const files = unzipSync(readFileSync(await download.path()));
    const csv = strFromU8(files[`${name}/${name}.csv`] ?? new Uint8Array());
    const readme = strFromU8(files[`${name}/README.txt`] ?? new Uint8Array());
    const api = await getJson<SeriesResponse>(
      '/api/series?commodity=rice,corn&reporter=CHN&source=customs&measure=quantity&unit=t&from=2017-06&to=2018-03',
    );
    const rows = parse(csv, { columns: true, bom: true }) as Record<string, string>[];
    assert.equal(rows.length, 2 * 10);
    const expected = api.series.flatMap((s) =>
      s.points.map((p) => [
        p.period.slice(0, 4),
        String(Number(p.period.slice(5, 7))),
        p.status === 'not-reported' ? '' : String(p.value),
      ]),
    );
    assert.deepEqual(
      rows.map((r) => [r.year, r.month, r.value]),
      expected,
    );
    assert.doesNotMatch(csv, /,\d{4}-\d{2},/, 'no YYYY-MM cell');
    assert.match(readme, /^Rice, Corn \(maize\): China to North Korea/);
    assert.equal(new URL(page.url()).origin, harness.intranetUrl);
    assert.ok(readme.includes(`View: ${page.url()}\r\n`), readme);
    assert.match(readme, /Retrieved: \d{1,2} \w{3} \d{4} from http:\/\/tradeflow\.internal:\d+\/api\/series\?/);
    for (const source of new Set(api.series.flatMap((s) => s.points.flatMap((p) => p.sources))))
      assert.ok(readme.includes(`- ${source}`), source);
    await context.close();
  });

  it("the shipments range is repeated in the page's date format beside the native date inputs", async () => {
    const { page, context } = await openPage('/?shipFrom=2024-03-07&shipTo=2024-11-30');
    const range = page.locator('#ship-range');
    assert.equal(await range.innerText(), 'Showing 7 Mar 2024 to 30 Nov 2024');
    await page.fill('#ship-from', '2024-05-01');
    await page.locator('#ship-from').dispatchEvent('change');
    await settle(page);
    assert.equal(await range.innerText(), 'Showing 1 May 2024 to 30 Nov 2024');
    assert.equal(query(page).get('shipFrom'), '2024-05-01');
    // An inverted range is refused in the same format, and the address keeps the last range applied.
    await page.fill('#ship-to', '2024-04-01');
    await page.locator('#ship-to').dispatchEvent('change');
    assert.match(
      await page.locator('#shipments-status').innerText(),
      /starts \(1 May 2024\) after it ends \(1 Apr 2024\)/,
    );
    assert.equal(query(page).get('shipTo'), '2024-11-30');
    assert.equal(await range.innerText(), 'Showing 1 May 2024 to 30 Nov 2024', 'the range still shown');
    await page.locator('#shipments-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'shipments-range.png');
    await context.close();
  });

  it('the cap and shipments panels download their figures as CSV, a month not notified as empty, never 0', async () => {
    const { page, context } = await openPage('/');
    const [capFile] = await Promise.all([page.waitForEvent('download'), page.click('#cap-csv')]);
    assert.equal(capFile.suggestedFilename(), 'tradeflow-cap-2021.csv');
    const cap = await getJson<CapResponse>('/api/cap?year=2021');
    const capRows = parse(readFileSync(await capFile.path()), { columns: true, bom: true }) as Record<string, string>[];
    assert.equal(capRows.length, 12 * cap.reporters.length);
    for (const month of cap.months) {
      for (const reporter of cap.reporters) {
        const entry = month.reporters[reporter];
        const row = capRows.find(
          (r) =>
            `${r.year}-${(r.month ?? '').padStart(2, '0')}` === month.period &&
            r.reporter === (reporter === 'CHN' ? 'China' : 'Russia'),
        );
        assert.ok(row, `${month.period} ${reporter}`);
        assert.equal(row.barrels, entry?.barrels === null || entry === undefined ? '' : String(entry.barrels));
        if (!entry || entry.status === 'not-reported') assert.equal(row.status, 'not reported');
      }
    }
    assert.ok(
      capRows.some((r) => r.status === 'not reported' && r.barrels === ''),
      'some month not notified',
    );

    const [shipFile] = await Promise.all([page.waitForEvent('download'), page.click('#shipments-csv')]);
    assert.equal(shipFile.suggestedFilename(), 'tradeflow-shipments-2024-01-01-2024-12-31.csv');
    const shipments = await getJson<ShipmentsResponse>('/api/shipments?from=2024-01-01&to=2024-12-31');
    const shipRows = parse(readFileSync(await shipFile.path()), { columns: true, bom: true }) as Record<
      string,
      string
    >[];
    assert.deepEqual(
      shipRows.map((r) => [r.date, r.vessel, r.quantity]),
      shipments.shipments.map((s) => [s.date, s.vessel, s.quantity === null ? '' : String(s.quantity)]),
    );
    assert.ok(
      shipRows.every((r) => r.cargo === 'Refined petroleum products'),
      'labels, not keys',
    );
    await context.close();
  });

  it('finding data without editing the address: a partner by name, and any HS code', async () => {
    const { page, context, errors } = await openPage('/?commodity=corn&reporter=CHN&source=customs&unit=t');
    // The partner list is by name: North Korea first, then every country.
    const names = await page.locator('#partner option').allInnerTexts();
    assert.equal(names[0], 'North Korea');
    assert.ok(names.length > 200 && names.includes('Côte d’Ivoire') && names.includes('South Korea'));
    await page.selectOption('#partner', { label: 'Côte d’Ivoire' });
    await settle(page);
    assert.equal(query(page).get('partner'), 'CIV');
    assert.match(await page.locator('#series-title').innerText(), /China to Côte d’Ivoire/);
    await page.selectOption('#partner', 'PRK');
    await settle(page);
    assert.equal(query(page).get('partner'), null, 'the default partner stays out of the address');

    // An HS code that is not a code is named, and nothing changes.
    await page.fill('#hs-code', '10o6');
    await page.click('#hs-add');
    assert.match(await page.locator('#hs-error').innerText(), /"10o6" is not an HS code/);
    assert.equal(query(page).get('commodity'), 'corn');
    // HS 1006 (rice) is added, drawn, gets a checkbox of its own, and stays through other changes.
    await page.fill('#hs-code', '1006');
    await page.keyboard.press('Enter');
    await settle(page);
    assert.equal(query(page).get('commodity'), 'corn,1006');
    assert.equal(await page.locator('#hs-error').isVisible(), false);
    const chart = await seriesChart(page);
    assert.deepEqual(
      chart.datasets.map((d) => d.label),
      ['Corn (maize), China', 'HS 1006, China'],
    );
    assert.equal(await page.locator('input[name="commodity"][value="1006"]').isChecked(), true);
    await page.check('input[name="chart"][value="line"]');
    await settle(page);
    assert.equal(query(page).get('commodity'), 'corn,1006');
    await page.uncheck('input[name="commodity"][value="1006"]');
    await settle(page);
    assert.equal(query(page).get('commodity'), 'corn');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
