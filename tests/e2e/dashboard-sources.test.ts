/**
 * Two sources for one month, on the page (issue 12): the bundled China customs figures plus a second report of
 * November 2017 (tests/fixtures/api/second-report-nov-2017.csv: rice 700 t against the bundled 672 t, a conflict;
 * corn 100.2 t against 100 t, within rounding). The chart marks the conflict, the tooltip and the table list every
 * source with its figure and links, the headline card says the sources disagree, and no source is a link unless it
 * is an http(s) address. This file's harness imports the fixture; the other e2e files see the bundled data only.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { CapResponse, SeriesResponse } from '../../client/src/api-types.ts';
import { formatReporterTotal } from '../../client/src/format-cap.ts';
import { formatShare, formatValue } from '../../client/src/format.ts';
import { fixture } from '../helpers/paths.ts';
import { skipReason, startHarness, type Harness } from './harness.ts';
import { getJson, nextFrames, openPage, screenshot, seriesChart, useHarness } from './pages.ts';

let harness: Harness;
const view = '/?commodity=rice,corn&reporter=CHN&from=2017-06&to=2017-11&table=1';
const bundled = 'china-customs-exports-prk';
const second = 'second-report-nov-2017';

/**
 * Every source link on the page under `selector`: only http(s) addresses may be links. "Check this month"
 * (a.check-link) is a link within the page, to the same view with check=YYYY-MM, not a source.
 */
async function hrefsIn(page: Page, selector: string): Promise<string[]> {
  return page
    .locator(`${selector} a:not(.check-link)`)
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
}

async function hoverMonth(page: Page, index: number): Promise<{ x: number; y: number }> {
  await page.locator('#series-chart').scrollIntoViewIfNeeded();
  const point = await page.evaluate((i) => window.tradeflow?.monthPoint('series', i) ?? null, index);
  assert.ok(point, `month ${index} has a place on the chart`);
  await page.mouse.move(point.x, point.y);
  await page.locator('#series-tooltip').waitFor({ state: 'visible' });
  return point;
}

describe('two sources for one month, in headless Chromium', { skip: skipReason }, () => {
  before(async () => {
    harness = await startHarness({ extraFiles: [fixture(`api/${second}.csv`)] });
    useHarness(harness);
  });
  after(async () => {
    await harness?.close();
  });

  it('marks the conflicting month on the chart, and only that one, from the API', async () => {
    const { page, context, errors } = await openPage(view);
    const api = await getJson<SeriesResponse>(
      '/api/series?commodity=rice,corn&reporter=CHN&from=2017-06&to=2017-11&source=customs&measure=quantity&unit=t',
    );
    const chart = await seriesChart(page);
    assert.equal(chart.datasets.length, 2);
    chart.datasets.forEach((dataset, i) => {
      const expected = api.series[i]?.points.map((p) => p.conflict) ?? [];
      assert.deepEqual(dataset.conflicts, expected, `${dataset.label}: conflicts as the API says`);
    });
    const november = chart.labels.indexOf('2017-11');
    assert.equal(chart.datasets[0]?.conflicts[november], true, 'rice: 700 t against 672 t');
    assert.equal(chart.datasets[1]?.conflicts[november], false, 'corn: 100.2 t against 100 t agrees');
    await screenshot(page, 'sources-desktop.png');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('the tooltip lists every source with its figure, status and agreement, notes, and links', async () => {
    const { page, context } = await openPage(view);
    const chart = await seriesChart(page);
    const november = chart.labels.indexOf('2017-11');
    const point = await hoverMonth(page, november);
    const tooltip = page.locator('#series-tooltip');
    const text = await tooltip.innerText();
    assert.match(text, /November 2017/);
    assert.match(text, /≠ sources disagree/);
    assert.ok(text.includes(`${second}: 700 t (reported; used)`), text);
    assert.ok(text.includes(`${bundled}: 672 t (reported; differs)`), text);
    // Corn's other source agrees: said as such, not as a disagreement.
    assert.ok(text.includes(`Also reported by ${bundled} (agrees)`), text);
    assert.ok(text.includes(`${bundled}: 100 t (reported; agrees)`), text);
    // The published rows' own notes: the second report's, and the bundled row's (SCMP's −64%) beside its figure.
    assert.match(text, /Note: a second report of the same month/);
    assert.match(text, /SCMP \(Reuters\): down 64% y\/y/);
    const hrefs = await hrefsIn(page, '#series-tooltip');
    assert.ok(hrefs.includes('https://example.org/second-report/2017-11'), hrefs.join(' '));
    assert.ok(hrefs.some((href) => href.startsWith('https://www.scmp.com/')));
    for (const href of hrefs) assert.match(href, /^https?:\/\//);
    await screenshot(page, 'sources-tooltip.png');

    // A click keeps the tooltip open: its links can then be reached and clicked.
    assert.match(text, /Click the month to keep this open/);
    // Chart.js handles pointer events on the next animation frame: wait for it after each click.
    await page.mouse.click(point.x, point.y);
    await nextFrames(page);
    assert.equal(await tooltip.getAttribute('class'), 'tooltip pinned');
    const link = tooltip.locator('a[href="https://example.org/second-report/2017-11"]').first();
    const box = await link.boundingBox();
    assert.ok(box);
    const onTop = await page.evaluate(
      ({ x, y }) => document.elementFromPoint(x, y)?.closest('a')?.getAttribute('href') ?? null,
      { x: box.x + box.width / 2, y: box.y + box.height / 2 },
    );
    assert.equal(onTop, 'https://example.org/second-report/2017-11', 'the link is on top, under the pointer');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    assert.equal(await tooltip.isVisible(), true, 'moving onto the link keeps the pinned tooltip');
    await page.mouse.move(point.x, point.y);
    await nextFrames(page);
    await page.mouse.click(point.x, point.y);
    await nextFrames(page);
    assert.equal(await tooltip.getAttribute('class'), 'tooltip', 'a second click lets it go');
    await context.close();
  });

  it('the table puts the other sources beside the value, with notes and links', async () => {
    const { page, context } = await openPage(view);
    const row = page.locator('#series-table tr[data-period="2017-11"]');
    const text = await row.innerText();
    assert.match(text, /700 ≠/);
    assert.match(text, /≠ sources disagree/);
    assert.ok(text.includes(`${bundled}: 672 t (reported; differs)`), text);
    assert.ok(text.includes(`${bundled}: 100 t (reported; agrees)`), text);
    // A long note is shortened; its whole text is one click (or a hover) away.
    const notes = row.locator('td.note details');
    const long = await notes.count();
    for (let i = 0; i < long; i += 1) {
      const title = (await notes.nth(i).getAttribute('title')) ?? '';
      assert.ok(title.length > 80, title);
    }
    const hrefs = await hrefsIn(page, '#series-table');
    assert.ok(hrefs.length > 0);
    for (const href of hrefs) assert.match(href, /^https?:\/\//, `only addresses are links: ${href}`);
    // A month with one source has no "other sources".
    assert.doesNotMatch(await page.locator('#series-table tr[data-period="2017-08"]').innerText(), /differs|agrees/);
    await page.locator('#series-table tr[data-period="2017-11"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'sources-table.png');
    await context.close();
  });

  it('the rice card says its month’s sources disagree and lists them; the corn card does not', async () => {
    const { page, context } = await openPage(view);
    const cards = page.locator('#headline-cards .card');
    const rice = await cards.nth(0).innerText();
    assert.match(rice, /Rice, China · November 2017/);
    assert.match(rice, /Sources disagree for November 2017/);
    assert.ok(rice.includes(`${bundled}: 672 t (reported; differs)`), rice);
    assert.doesNotMatch(rice, /Record/, 'no record across a conflict');
    const corn = await cards.nth(1).innerText();
    assert.doesNotMatch(corn, /disagree/);
    await context.close();
  });

  it('a sum of parts is marked partial in the table and never called a record on its card', async () => {
    const { page, context } = await openPage('/?commodity=refined-oil&reporter=CHN&from=2017-06&to=2017-12&table=1');
    const api = await getJson<SeriesResponse>(
      '/api/series?commodity=refined-oil&reporter=CHN&from=2017-06&to=2017-12&source=customs&measure=quantity&unit=t',
    );
    const points = api.series[0]?.points ?? [];
    assert.ok(
      points.some((p) => p.partial),
      'the bundled refined-oil months are sums of parts',
    );
    for (const p of points) {
      const status = page.locator(`#series-table tr[data-period="${p.period}"] td`).nth(2);
      if (p.status === 'not-reported') continue;
      assert.equal(/partial/.test(await status.innerText()), p.partial, `${p.period}: partial as the API says`);
    }
    // December 2017 and the months it is compared with are sums of parts: the card's "since" says so.
    const card = await page.locator('#headline-cards .card').first().innerText();
    assert.match(card, /Highest since\s+July 2017 \(partial figures\)/);
    assert.doesNotMatch(card, /Record/);
    await context.close();
  });

  it('the cap panel: per-reporter totals with months and share, a totals row, a sources column', async () => {
    const { page, context, errors } = await openPage('/?commodity=rice&reporter=CHN&cap=2023');
    const api = await getJson<CapResponse>('/api/cap?year=2023');
    const list = page.locator('#cap-summary .reporter-totals li');
    assert.equal(await list.count(), api.reporterTotals.length);
    for (const [i, total] of api.reporterTotals.entries()) {
      const text = await list.nth(i).innerText();
      assert.ok(text.startsWith(formatReporterTotal(total)), `${text} starts with ${formatReporterTotal(total)}`);
    }
    // Russia 2023: the published 105,843 barrels, over the 12 months it notified.
    const russia = api.reporterTotals.find((total) => total.reporter === 'RUS');
    assert.equal(russia?.barrels, 105843);
    assert.match(await list.nth(1).innerText(), /Russia: 105,843 bbl, 21\.2% of the cap, from 12 months/);
    await page.locator('#cap-panel details summary').click();
    const foot = await page.locator('#cap-table tfoot tr').innerText();
    assert.match(foot, /Total 2023/);
    assert.ok(api.totalBarrels !== null && api.shareOfCap !== null);
    assert.ok(
      foot.includes(`${formatValue(api.totalBarrels, 'bbl')} (${formatShare(api.shareOfCap)} of the cap)`),
      foot,
    );
    assert.ok(foot.includes(`${formatValue(105843, 'bbl')} (${formatShare(russia?.shareOfCap ?? 0)})`), foot);
    assert.ok(foot.includes('12 months'), foot);
    // Every month's row has its notifications' addresses as links, and nothing else is a link.
    const hrefs = await hrefsIn(page, '#cap-table tbody');
    const expected = new Set(
      api.months
        .flatMap((m) => Object.values(m.reporters).map((r) => r.source ?? ''))
        .filter((s) => /^https?:/.test(s)),
    );
    assert.ok(expected.size > 0);
    assert.deepEqual(new Set(hrefs), expected);
    for (const href of await hrefsIn(page, '#cap-panel')) assert.match(href, /^https?:\/\//);
    await page.locator('#cap-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'sources-cap.png');
    await page.locator('#cap-table tfoot').scrollIntoViewIfNeeded();
    await screenshot(page, 'sources-cap-totals.png');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('every source in the tooltips and tables is a link to an http(s) address, and no other text is', async () => {
    const { page, context } = await openPage(
      '/?commodity=refined-oil&reporter=CHN&unit=bbl&from=2017-10&to=2017-12&table=1&cap=2023',
    );
    await page.locator('#cap-panel details summary').click();
    // The conversion factor's source, under the table: a link now, not the address as text.
    const conversion = await hrefsIn(page, '#series-table p');
    assert.equal(conversion.length, 1);
    assert.match(conversion[0] ?? '', /^https:\/\//);
    // The cap tooltip names its notification with a link.
    await page.locator('#cap-chart').scrollIntoViewIfNeeded();
    const point = await page.evaluate(() => window.tradeflow?.monthPoint('cap', 0) ?? null);
    assert.ok(point);
    await page.mouse.move(point.x, point.y);
    await page.locator('#cap-tooltip').waitFor({ state: 'visible' });
    const capLinks = await hrefsIn(page, '#cap-tooltip');
    const api = await getJson<CapResponse>('/api/cap?year=2023');
    const january = Object.values(api.months[0]?.reporters ?? {})
      .map((r) => r.source ?? '')
      .filter((s) => /^https?:/.test(s));
    assert.deepEqual(new Set(capLinks), new Set(january));
    // Every link in the tables and tooltips is an address; a text is never made a link.
    const all = await page
      .locator('#series-table a:not(.check-link), #cap-table a, #series-tooltip a:not(.check-link), #cap-tooltip a')
      .evaluateAll((links) => links.map((a) => ({ href: a.getAttribute('href') ?? '', text: a.textContent ?? '' })));
    assert.ok(all.length > 0);
    for (const link of all) assert.match(link.href, /^https?:\/\//, `${link.text} links to ${link.href}`);
    await context.close();
  });

  it('the cap panel says why there is no projection from one month (2024)', async () => {
    const { page, context } = await openPage('/?commodity=rice&reporter=CHN&cap=2024');
    const api = await getJson<CapResponse>('/api/cap?year=2024');
    assert.equal(api.projection, null);
    assert.ok(api.projectionNote);
    const summary = await page.locator('#cap-summary').innerText();
    assert.ok(summary.includes(`No projection: ${api.projectionNote}.`), summary);
    assert.doesNotMatch(summary, /at that pace/);
    await context.close();
  });

  it('dark mode and phone: the conflict mark and the badges are drawn in the text colour', async () => {
    for (const options of [{ dark: true }, { width: 390, height: 844 }]) {
      const { page, context, errors } = await openPage(view, options);
      const chart = await seriesChart(page);
      assert.equal(chart.datasets[0]?.conflicts[chart.labels.indexOf('2017-11')], true);
      const badge = page.locator('#headline-cards .conflict-badge').first();
      const colours = await badge.evaluate((node) => {
        const style = getComputedStyle(node);
        return { color: style.color, border: style.borderTopColor, fg: getComputedStyle(document.body).color };
      });
      assert.equal(colours.color, colours.fg);
      assert.equal(colours.border, colours.fg);
      await hoverMonth(page, chart.labels.indexOf('2017-11'));
      await screenshot(page, options.dark ? 'sources-dark.png' : 'sources-phone.png');
      assert.deepEqual(errors, []);
      await context.close();
    }
  });
});
