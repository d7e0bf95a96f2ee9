/**
 * The dashboard in real headless Chromium, on the bundled data: what the chart draws is what the API says, gaps
 * stay gaps, the URL holds the view, the CSV download is the API's CSV for the same query, and every control can
 * be reached from the keyboard. Screenshots (desktop, phone, dark) go to tests/.artifacts/screenshots; with
 * UPDATE_SCREENSHOTS=1 the README's copies in docs/screenshots are refreshed too.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { CapResponse, Headline, SeriesResponse } from '../../client/src/api-types.ts';
import { formatMonthLong, formatShare, formatValue } from '../../client/src/format.ts';
import { skipReason, startHarness, type Harness } from './harness.ts';
import { expectedValues, getJson, openPage, query, screenshot, seriesChart, settle, useHarness } from './pages.ts';

let harness: Harness;

describe('dashboard in headless Chromium', { skip: skipReason }, () => {
  before(async () => {
    harness = await startHarness();
    useHarness(harness);
  });
  after(async () => {
    await harness?.close();
  });

  it("opens on China's refined-oil exports with events, the 2021 cap and the 2024 shipments, all in the URL", async () => {
    const { page, context, errors } = await openPage('/');
    const params = query(page);
    assert.equal(params.get('commodity'), 'refined-oil');
    assert.equal(params.get('reporter'), 'CHN');
    assert.equal(params.get('source'), 'customs');
    assert.equal(params.get('unit'), 't');
    assert.equal(params.get('cap'), '2021');

    const api = await getJson<SeriesResponse>(
      '/api/series?commodity=refined-oil&reporter=CHN&source=customs&measure=quantity&unit=t',
    );
    const chart = await seriesChart(page);
    assert.deepEqual(
      chart.labels,
      api.series[0]?.points.map((p) => p.period),
    );
    // Reuters: China's jet fuel exports were last at zero in February 2015, the earliest refined-oil month held.
    assert.equal(chart.labels[0], '2015-02');
    assert.deepEqual(
      chart.datasets.map((d) => d.data),
      expectedValues(api),
    );
    assert.equal(chart.datasets[0]?.label, 'Refined petroleum products, China');

    // The headline card: the latest month in view with a figure, in the API's words.
    const latest = [...(api.series[0]?.points ?? [])].reverse().find((p) => p.status !== 'not-reported');
    assert.ok(latest);
    const headline = await getJson<Headline>(
      `/api/headline?commodity=refined-oil&reporter=CHN&month=${latest.period}&partner=PRK&source=customs&measure=quantity&unit=t`,
    );
    const card = await page.locator('#headline-cards .card').first().innerText();
    assert.match(card, new RegExp(formatMonthLong(latest.period)));
    assert.ok(card.includes(formatValue(headline.value, 't')), `${card} shows ${formatValue(headline.value, 't')}`);
    assert.ok(card.includes(headline.sentence));

    // Events of 2017 are listed under the chart; the cap and shipments panels are filled.
    assert.match(await page.locator('#events-list').innerText(), /Resolution 2397/);
    const capApi = await getJson<CapResponse>('/api/cap?year=2021');
    const capSummary = await page.locator('#cap-summary').innerText();
    assert.ok(
      capSummary.includes(
        `${formatValue(capApi.totalBarrels, 'bbl')} of refined petroleum: ${formatShare(capApi.shareOfCap ?? NaN)} of the 500,000-barrel cap`,
      ),
      capSummary,
    );
    const cap = await page.evaluate(() => window.tradeflow?.charts().cap ?? null);
    assert.equal(cap?.labels.length, 12);
    assert.match(await page.locator('#shipments-table').innerText(), /Yu Son/);

    await page.setViewportSize({ width: 1280, height: 1450 });
    await screenshot(page, 'dashboard-desktop.png');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('opened over plain HTTP by an intranet host name, the page is styled and draws the chart', async () => {
    const requested: string[] = [];
    const { page, context, errors } = await openPage('/', { origin: harness.intranetUrl });
    page.on('request', (request) => requested.push(request.url()));
    assert.equal(new URL(page.url()).origin, harness.intranetUrl);
    // The stylesheet applied (an upgrade to https would have left the page unstyled) and the chart is drawn.
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).marginTop), '0px');
    const chart = await seriesChart(page);
    assert.ok(chart.labels.length > 0 && chart.datasets.length === 1, 'the chart has months and a series');
    assert.equal(await page.locator('#series-chart').isVisible(), true);
    assert.equal(await page.locator('#series-status').getAttribute('data-kind'), null);
    await page.selectOption('#unit', 'kg');
    await settle(page);
    assert.ok(
      requested.length > 0 && requested.every((url) => url.startsWith(`${harness.intranetUrl}/`)),
      requested.join(),
    );
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('a month not reported is a gap labelled "not reported"; a reported zero is drawn as zero', async () => {
    const { page, context } = await openPage(
      '/?commodity=refined-oil&reporter=CHN&source=customs&measure=quantity&unit=t&table=1',
    );
    const chart = await seriesChart(page);
    const june2016 = chart.labels.indexOf('2016-06');
    const october2017 = chart.labels.indexOf('2017-10');
    assert.ok(june2016 >= 0 && october2017 >= 0);
    assert.equal(chart.datasets[0]?.data[june2016], null, 'June 2016 was not reported: null, never 0');
    assert.equal(chart.datasets[0]?.data[october2017], 0, 'October 2017 was reported as zero');

    // The table (opened by table=1) says so in words.
    assert.equal(await page.locator('#table-details').getAttribute('open'), '');
    const gapRow = page.locator('#series-table tr[data-period="2016-06"]');
    assert.match(await gapRow.innerText(), /not reported/);
    const zeroRow = page.locator('#series-table tr[data-period="2017-10"]');
    assert.match(await zeroRow.innerText(), /reported zero/);
    assert.doesNotMatch(await zeroRow.innerText(), /not reported/);

    // Hovering the gap month with the mouse: the tooltip names it and says it was not reported.
    const canvas = page.locator('#series-chart');
    await canvas.scrollIntoViewIfNeeded();
    const point = await page.evaluate((index) => window.tradeflow?.monthPoint('series', index) ?? null, june2016);
    assert.ok(point);
    await page.mouse.move(point.x, point.y);
    const tooltip = page.locator('#series-tooltip');
    await tooltip.waitFor({ state: 'visible' });
    assert.match(await tooltip.innerText(), /June 2016/);
    assert.match(await tooltip.innerText(), /not reported/);
    await page.mouse.move(0, 0);
    await tooltip.waitFor({ state: 'hidden' });

    // And from the keyboard: arrow keys on the focused chart, announced in the live region.
    await canvas.focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < june2016; i += 1) await page.keyboard.press('ArrowRight');
    assert.equal(await tooltip.isVisible(), true);
    assert.match(await tooltip.innerText(), /June 2016/);
    assert.match(await tooltip.innerText(), /not reported/);
    assert.match(await page.locator('#live').innerText(), /June 2016.*not reported/);
    await page.keyboard.press('End');
    assert.match(await tooltip.innerText(), /March 2018/);
    await context.close();
  });

  it('changing commodity and unit redraws from the API and writes the view to the URL; the link reopens it', async () => {
    const { page, context, errors } = await openPage('/');
    await page.uncheck('input[name="commodity"][value="refined-oil"]');
    await page.check('input[name="commodity"][value="corn"]');
    await page.check('input[name="commodity"][value="rice"]');
    await settle(page);
    await page.selectOption('#unit', 'kg');
    await settle(page);

    const params = query(page);
    assert.equal(params.get('commodity'), 'corn,rice');
    assert.equal(params.get('unit'), 'kg');
    assert.match(page.url(), /commodity=corn,rice&reporter=CHN&source=customs&measure=quantity&unit=kg/);

    const api = await getJson<SeriesResponse>(
      '/api/series?commodity=corn,rice&reporter=CHN&source=customs&measure=quantity&unit=kg',
    );
    const chart = await seriesChart(page);
    assert.deepEqual(
      chart.datasets.map((d) => d.label),
      ['Corn (maize), China', 'Rice, China'],
    );
    assert.deepEqual(
      chart.datasets.map((d) => d.data),
      expectedValues(api),
    );
    // 100 t of corn in November 2017 is 100,000 kg on the chart.
    assert.equal(chart.datasets[0]?.data[chart.labels.indexOf('2017-11')], 100000);
    assert.match(await page.locator('#series-title').innerText(), /kilograms/);
    // No month was chosen, so the month inputs show the new selection's own extent, and the URL stays without one.
    assert.equal(await page.locator('#from').inputValue(), api.query.from);
    assert.equal(await page.locator('#to').inputValue(), api.query.to);
    assert.equal(params.get('from'), null);

    // Bars to line, and the change panel: view-only changes, kept in the URL too.
    await page.check('input[name="chart"][value="line"]');
    await page.selectOption('#change', 'yoy');
    await settle(page);
    assert.equal(query(page).get('chart'), 'line');
    assert.equal(query(page).get('change'), 'yoy');
    assert.deepEqual(
      (await seriesChart(page)).datasets.map((d) => d.type),
      ['line', 'line'],
    );
    const change = await page.evaluate(() => window.tradeflow?.charts().change ?? null);
    assert.ok(change);
    const november = change.labels.indexOf('2017-11');
    assert.equal(
      change.datasets[1]?.data[november],
      api.series[1]?.points.find((p) => p.period === '2017-11')?.change.yoy?.percent,
    );

    // A copied link opens the same view in a fresh browser.
    const shared = page.url();
    const other = await openPage(new URL(shared).pathname + new URL(shared).search);
    assert.deepEqual(await seriesChart(other.page), await seriesChart(page));
    assert.equal(await other.page.locator('#unit').inputValue(), 'kg');
    assert.equal(await other.page.locator('input[name="commodity"][value="rice"]').isChecked(), true);
    assert.equal(await other.page.locator('input[name="chart"][value="line"]').isChecked(), true);
    await other.context.close();

    // Back goes to the previous view.
    await page.goBack();
    await settle(page);
    assert.equal(query(page).get('change'), 'none');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('month fields typed by keyboard apply once complete, never with a half-typed month', async () => {
    const { page, context, errors } = await openPage('/?commodity=rice&reporter=CHN&source=customs&unit=t');
    const requests: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/series') requests.push(url.search);
    });
    const status = page.locator('#series-status');

    // Chromium's month field: digits for the month, Tab to the year (each digit of which makes a "month": 0002-06,
    // 0020-06, 0201-06, 2017-06), Tab again to the picker button, and once more out of the field.
    const typeMonth = async (id: string, month: string, year: string): Promise<void> => {
      await page.focus(`#${id}`);
      await page.keyboard.type(month);
      await page.keyboard.press('Tab');
      await page.keyboard.type(year);
    };
    const leave = async (id: string): Promise<void> => {
      for (let i = 0; i < 4 && (await page.evaluate(() => document.activeElement?.id)) === id; i += 1)
        await page.keyboard.press('Tab');
    };

    // June 2017, typed: month then year. Nothing is asked of the server while the year is being typed.
    await typeMonth('from', '06', '2017');
    await settle(page);
    assert.deepEqual(requests, [], 'no request while the field has focus');
    assert.equal(await status.getAttribute('data-kind'), null);
    assert.equal(await page.locator('#from').inputValue(), '2017-06', 'the year typed after the month is kept');
    await leave('from');
    await settle(page);
    assert.equal(requests.length, 1, requests.join(' '));
    assert.equal(new URLSearchParams(requests[0]).get('from'), '2017-06');
    assert.equal(query(page).get('from'), '2017-06');
    assert.equal((await seriesChart(page)).labels[0], '2017-06');

    // Enter applies the other field.
    await typeMonth('to', '03', '2018');
    assert.equal(requests.length, 1);
    await page.keyboard.press('Enter');
    await settle(page);
    assert.equal(requests.length, 2);
    assert.equal(query(page).get('to'), '2018-03');

    // A year left half-typed ("20") is no month: the field says so, and nothing is requested.
    await typeMonth('to', '02', '20');
    await leave('to');
    await settle(page);
    assert.equal(requests.length, 2, `no request for a half-typed month: ${requests.join(' ')}`);
    assert.equal(query(page).get('to'), '2018-03');
    assert.match(await page.locator('#month-error').innerText(), /To month/);
    assert.notEqual(await status.getAttribute('data-kind'), 'error');
    // The title names the commodity, never its key.
    assert.match(await page.locator('#series-title').innerText(), /^Rice: China to North Korea/);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it("downloads exactly what is on screen: the CSV is the API's CSV for the chart's query, the PNG a PNG", async () => {
    const seriesRequests: string[] = [];
    const { page, context } = await openPage(
      '/?commodity=rice&reporter=CHN&source=customs&measure=quantity&unit=t&from=2016-08&to=2018-03',
    );
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/series') seriesRequests.push(url.search);
    });
    await page.selectOption('#unit', 'kg');
    await settle(page);
    assert.equal(seriesRequests.length, 1);

    const href = await page.locator('#download-csv').getAttribute('href');
    assert.ok(href);
    const csvUrl = new URL(href, harness.baseUrl);
    assert.equal(csvUrl.pathname, '/api/series.csv');
    assert.equal(csvUrl.search, seriesRequests[0], "the CSV link carries the chart request's query, unchanged");

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    assert.equal(download.suggestedFilename(), 'tradeflow-rice-CHN-PRK-customs-quantity-kg-2016-08-2018-03.csv');
    const downloaded = readFileSync(await download.path());
    const fromApi = Buffer.from(
      await (await fetch(`${harness.baseUrl}/api/series.csv${seriesRequests[0]}`)).arrayBuffer(),
    );
    assert.ok(downloaded.equals(fromApi), "the downloaded file is byte for byte the API's CSV");
    const lines = downloaded.toString('utf8').trim().split(/\r?\n/);
    assert.equal(lines.length, 1 + 20, 'a header and one line per month from 2016-08 to 2018-03');
    assert.match(lines.find((line) => line.includes(',2016-10,')) ?? '', /,not-reported,/);

    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#download-png')]);
    assert.match(png.suggestedFilename(), /^tradeflow-rice-CHN-customs-kg-2016-08-2018-03\.png$/);
    const bytes = readFileSync(await png.path());
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    await context.close();
  });

  it('every control is labelled and reachable with the Tab key', async () => {
    const { page, context } = await openPage('/');
    // Number every control a person can see; radio groups are one Tab stop (arrow keys move inside), so each
    // radio carries its group's number.
    const expected = await page.evaluate(() => {
      const selector = 'a[href], button, input, select, summary, [tabindex="0"]';
      const names: string[] = [];
      const groups = new Map<string, number>();
      for (const element of document.querySelectorAll<HTMLElement>(selector)) {
        if (!element.checkVisibility() || element.hasAttribute('disabled')) continue;
        const input = element as HTMLInputElement;
        let number = names.length;
        if (input.type === 'radio') {
          number = groups.get(input.name) ?? names.length;
          if (!groups.has(input.name)) {
            groups.set(input.name, number);
            names.push(`radio group ${input.name}`);
          }
        } else {
          names.push(
            element.id ||
              `${element.tagName.toLowerCase()} ${input.name ? `${input.name}=${input.value}` : (element.textContent ?? '').trim().slice(0, 40)}`,
          );
        }
        element.dataset.e2eStop = String(number);
      }
      return names;
    });
    assert.ok(expected.length > 30, `found ${expected.length} controls`);

    const reached = new Set<number>();
    for (let i = 0; i < expected.length + 40 && reached.size < expected.length; i += 1) {
      await page.keyboard.press('Tab');
      const stop = await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.e2eStop ?? null);
      if (stop !== null) reached.add(Number(stop));
    }
    const missing = expected.filter((_name, index) => !reached.has(index));
    assert.deepEqual(missing, [], 'controls the Tab key never reached');

    // Every form control has a name a screen reader can say.
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')]
        .filter((element) => element.labels?.length === 0 && !element.getAttribute('aria-label'))
        .map((element) => element.id || element.name),
    );
    assert.deepEqual(unlabelled, []);

    // Keyboard use of the controls: an event category switched off with the space bar leaves the URL and the list.
    await page.focus('input[name="events"][value="test"]');
    await page.keyboard.press('Space');
    await settle(page);
    assert.doesNotMatch(query(page).get('events') ?? '', /(^|,)test(,|$)/);
    assert.doesNotMatch(await page.locator('#events-list').innerText(), /ICBM/);
    assert.match(await page.locator('#events-list').innerText(), /Resolution 2397/);
    await context.close();
  });

  it('says what happened: bad parameters, an empty selection', async () => {
    const bad = await openPage('/?commodity=unobtainium&reporter=CHN');
    const status = bad.page.locator('#series-status');
    assert.equal(await status.getAttribute('data-kind'), 'error');
    assert.match(await status.innerText(), /commodity/);
    assert.match(await status.innerText(), /unobtainium/);
    await bad.context.close();

    // The server's own message, naming the parameter, for a selection it refuses.
    const refused = await openPage('/?commodity=corn&reporter=CHN&source=un1718&measure=quantity&unit=bbl');
    assert.equal(await refused.page.locator('#series-status').getAttribute('data-kind'), 'error');
    assert.match(
      await refused.page.locator('#series-status').innerText(),
      /^Could not load the chart: commodity: .*un1718.*corn/,
    );
    assert.equal(await refused.page.locator('#series-box').isVisible(), false);
    await refused.context.close();

    const ignored = await openPage('/?chart=pie&from=2017-13');
    const notice = await ignored.page.locator('#notice').innerText();
    assert.match(notice, /chart=pie \(expected bar or line\)/);
    assert.match(notice, /from=2017-13 \(expected a month, YYYY-MM\)/);
    assert.equal(query(ignored.page).get('chart'), 'bar');
    await ignored.context.close();

    const empty = await openPage('/?commodity=crude-oil&reporter=CHN&source=customs&measure=quantity&unit=t');
    const emptyStatus = empty.page.locator('#series-status');
    assert.equal(await emptyStatus.getAttribute('data-kind'), 'empty');
    assert.match(await emptyStatus.innerText(), /No data for this selection/);
    // Why (issue 13): no figure in any month, and what the source is known to leave out.
    assert.match(await emptyStatus.innerText(), /in any month/);
    assert.match(await emptyStatus.innerText(), /no crude oil exports to North Korea since 2014/);
    assert.equal(await empty.page.locator('#series-box').isVisible(), false);
    await empty.context.close();

    // Figures exist, but not in the months chosen: the message says so and points to the whole range.
    const range = await openPage('/?commodity=rice&reporter=CHN&source=customs&unit=t&from=2015-01&to=2015-12');
    const rangeStatus = await range.page.locator('#series-status').innerText();
    assert.match(rangeStatus, /nothing was reported for Rice: China to North Korea.* from Jan 2015 to Dec 2015/);
    assert.match(rangeStatus, /Whole range/);
    assert.doesNotMatch(rangeStatus, /crude/);
    await range.context.close();
  });

  it('fits a phone and follows the dark colour scheme', async () => {
    const phone = await openPage('/', { width: 390, height: 844 });
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than a phone screen`);
    assert.equal(await phone.page.locator('#series-chart').isVisible(), true);
    // The first screen, as a phone opens it: the title and the whole chart (issue 13).
    await screenshot(phone.page, 'dashboard-phone.png');
    await phone.context.close();

    const dark = await openPage(
      '/?commodity=corn,rice&reporter=CHN&source=customs&measure=quantity&unit=t&from=2016-06&to=2018-06&chart=line&change=yoy',
      { dark: true, height: 1450 },
    );
    const background = await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, 'rgb(18, 20, 23)');
    await screenshot(dark.page, 'dashboard-dark.png');
    await dark.context.close();
  });
});
