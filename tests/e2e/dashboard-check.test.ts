/**
 * "Check a claim" (issue 12, item 7) in headless Chromium, over the bundled data: the press sentences of November
 * 2017 ("Corn exports … slumped 82% from a year earlier to 100 tonnes"; rice "plunged 64 per cent to 672 tonnes")
 * can be checked from the first page in at most three steps, with the month's figure, its source link and each
 * published claim's verdict as GET /api/claims gives it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { ClaimsResponse, SeriesResponse } from '../../client/src/api-types.ts';
import { join } from 'node:path';
import { artifactsDir, skipReason, startHarness, type Harness } from './harness.ts';
import { getJson, nextFrames, openPage, query, screenshot, seriesChart, settle, useHarness } from './pages.ts';

let harness: Harness;

/** The claims the panel lists for one series: kind, verdict and the text of each. */
async function shownClaims(page: Page, commodity: string): Promise<{ kind: string; verdict: string; text: string }[]> {
  return page.locator(`#check-result .check-series[data-commodity="${commodity}"] li.claim`).evaluateAll((items) =>
    items.map((li) => ({
      kind: li.getAttribute('data-kind') ?? '',
      verdict: li.getAttribute('data-verdict') ?? '',
      text: (li as HTMLElement).innerText,
    })),
  );
}

/** The panel's card for one month of one series. */
function card(page: Page, commodity: string, period: string) {
  return page.locator(
    `#check-result .check-series[data-commodity="${commodity}"] .check-figure[data-period="${period}"]`,
  );
}

describe('Check a claim, in headless Chromium', { skip: skipReason }, () => {
  before(async () => {
    harness = await startHarness();
    useHarness(harness);
  });
  after(async () => {
    await harness?.close();
  });

  it('a shared link opens the check: 100 t with its SCMP link, −82% cannot be checked, rice −64% agrees', async () => {
    const { page, context, errors } = await openPage('/?commodity=corn,rice&reporter=CHN&check=2017-11');
    const panel = page.locator('#check-panel');
    assert.equal(await page.locator('#check-month').inputValue(), '2017-11');

    // The month's stored figure, in the page's unit, with its source one click away.
    const november = card(page, 'corn', '2017-11');
    const text = await november.innerText();
    assert.match(text, /Month checked: November 2017/);
    assert.match(text, /\b100 t\b/);
    const hrefs = await november.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    assert.ok(
      hrefs.some((href) => href.startsWith('https://www.scmp.com/')),
      hrefs.join(' '),
    );
    for (const href of hrefs) assert.match(href, /^https?:\/\//);
    // The comparison months: the month before and the year before, November 2016 shown as not reported, not zero.
    assert.match(await card(page, 'corn', '2017-10').innerText(), /Month before: October 2017/);
    const yearBefore = await card(page, 'corn', '2016-11').innerText();
    assert.match(yearBefore, /Year before: November 2016/);
    assert.match(yearBefore, /not reported|Not in the data/);
    assert.doesNotMatch(yearBefore, /\b0 t\b/);

    // Every published claim about the month is listed, with the API's verdict, and nothing else.
    for (const commodity of ['corn', 'rice']) {
      const api = await getJson<ClaimsResponse>(`/api/claims?commodity=${commodity}&reporter=CHN&month=2017-11`);
      const shown = await shownClaims(page, commodity);
      assert.deepEqual(
        shown.map((c) => [c.kind, c.verdict]),
        api.claims.map((c) => [c.kind, c.verdict]),
        `${commodity}: the claims as /api/claims gives them`,
      );
      api.claims.forEach((claim, i) => {
        const item = shown[i]?.text ?? '';
        if (claim.quote) assert.ok(item.includes(claim.quote), item);
      });
    }
    const cornYoy = (await shownClaims(page, 'corn')).find((c) => c.kind === 'yoy');
    assert.ok(cornYoy, 'the −82% claim is listed');
    assert.match(cornYoy.text, /cannot be checked/i);
    assert.match(cornYoy.text, /−82% from a year earlier/);
    assert.match(cornYoy.text, /November 2016 is not in the data/);
    const riceYoy = (await shownClaims(page, 'rice')).find((c) => c.kind === 'yoy');
    assert.ok(riceYoy, 'the −64% claim is listed');
    assert.match(riceYoy.text, /^agrees/i);
    assert.match(riceYoy.text, /−64% from a year earlier/);
    assert.match(riceYoy.text, /computed −63\.9%/);
    // Each claim's own source is a link to its publication.
    const claimLinks = await page
      .locator('#check-result li.claim .claim-source a')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    assert.ok(claimLinks.length >= 2);
    for (const href of claimLinks) assert.match(href, /^https?:\/\//);

    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'check-desktop.png');
    await page
      .locator('#check-result .check-series[data-commodity="rice"]')
      .screenshot({ path: join(artifactsDir, 'check-rice.png') });
    assert.deepEqual(errors, []);

    // Close: the panel clears, the URL forgets the month, the rest of the view stays.
    await page.locator('#check-close').click();
    await settle(page);
    assert.equal(await page.locator('#check-result').innerText(), '');
    assert.equal(query(page).get('check'), null);
    assert.equal(query(page).get('commodity'), 'corn,rice');
    assert.equal(await page.locator('#check-close').isVisible(), false);
    await context.close();
  });

  it('from the first page in three steps: tick corn, type the month, press Check', async () => {
    const { page, context, errors } = await openPage('/');
    assert.equal(await page.locator('#check-result').innerText(), '', 'no check before one is asked for');
    await page.check('input[name="commodity"][value="corn"]');
    await settle(page);
    await page.locator('#check-month').fill('2017-11');
    await page.locator('#check-form button[type="submit"]').click();
    await settle(page);
    assert.equal(query(page).get('check'), '2017-11');
    assert.match(await card(page, 'corn', '2017-11').innerText(), /\b100 t\b/);
    const corn = await shownClaims(page, 'corn');
    assert.match(
      corn.find((c) => c.kind === 'yoy')?.text ?? '',
      /cannot be checked.*November 2016 is not in the data/is,
    );
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('from the chart: a pinned tooltip offers "Check this month", which opens the panel and the URL for it', async () => {
    const { page, context, errors } = await openPage('/?commodity=corn&reporter=CHN&from=2017-06&to=2017-11');
    const chart = await seriesChart(page);
    const index = chart.labels.indexOf('2017-11');
    await page.locator('#series-chart').scrollIntoViewIfNeeded();
    const point = await page.evaluate((i) => window.tradeflow?.monthPoint('series', i) ?? null, index);
    assert.ok(point);
    await page.mouse.move(point.x, point.y);
    await page.locator('#series-tooltip').waitFor({ state: 'visible' });
    await page.mouse.click(point.x, point.y);
    await nextFrames(page);
    const link = page.locator('#series-tooltip a.check-link');
    assert.equal(await link.innerText(), 'Check this month');
    // A real address too: opened in a new tab, it shows the same check.
    assert.match((await link.getAttribute('href')) ?? '', /[?&]check=2017-11(&|$)/);
    await screenshot(page, 'check-tooltip.png');
    await link.click();
    await settle(page);
    assert.equal(query(page).get('check'), '2017-11');
    assert.match(await card(page, 'corn', '2017-11').innerText(), /\b100 t\b/);
    assert.ok((await shownClaims(page, 'corn')).length > 0);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('from the table row, and from the month field: three steps at most, each giving the API figure', async () => {
    const { page, context } = await openPage('/?commodity=rice&reporter=CHN&table=1');
    const api = await getJson<SeriesResponse>(
      '/api/series?commodity=rice&reporter=CHN&from=2017-08&to=2017-08&source=customs&measure=quantity&unit=t',
    );
    const august = api.series[0]?.points[0];
    assert.ok(august && august.value !== null);
    await page.locator('#series-table tr[data-period="2017-08"] a.check-link').click();
    await settle(page);
    assert.equal(query(page).get('check'), '2017-08');
    const text = await card(page, 'rice', '2017-08').innerText();
    assert.ok(text.includes(`${august.value.toLocaleString('en-US')} t`), text);

    // The month field: type a month, press Check.
    await page.locator('#check-month').fill('2017-11');
    await page.locator('#check-form button[type="submit"]').click();
    await settle(page);
    assert.equal(query(page).get('check'), '2017-11');
    assert.match(await card(page, 'rice', '2017-11').innerText(), /\b672 t\b/);
    await context.close();
  });

  it('a month the server refuses (after today) says why in the panel, and Close clears the message', async () => {
    const { page, context } = await openPage('/?commodity=corn&reporter=CHN&check=2099-01');
    const status = page.locator('#check-status');
    assert.equal(await status.getAttribute('data-kind'), 'error');
    assert.match(await status.innerText(), /^Could not load the check of January 2099: /);
    assert.equal(await page.locator('#check-result').innerText(), '');
    await page.locator('#check-close').click();
    await settle(page);
    assert.equal(await status.innerText(), '');
    assert.equal(query(page).get('check'), null);
    await context.close();
  });

  it('Russia 2024 from the first page: the shipments panel sets the published totals beside its 5 dated calls', async () => {
    // "43 times over the past eight months" and "more than 1 million barrels since March": one step (open the page),
    // the panel's default range being 2024.
    const { page, context, errors } = await openPage('/');
    const section = page.locator('#shipments-claims');
    await section.scrollIntoViewIfNeeded();
    assert.equal(await section.isVisible(), true);
    const items = await section
      .locator('li.claim')
      .evaluateAll((lis) =>
        lis.map((li) => ({ verdict: li.getAttribute('data-verdict'), text: (li as HTMLElement).innerText })),
      );
    const api = await getJson<ClaimsResponse>('/api/claims?commodity=refined-oil&reporter=RUS');
    // The panel shows the totals about its own months (2024); Russia's 2023 totals lie outside them.
    assert.equal(items.length, api.claims.filter((c) => c.kind === 'total' && c.period.startsWith('2024-')).length);
    const [calls, barrels] = items;
    assert.equal(calls?.verdict, 'cannot-check');
    assert.match(calls?.text ?? '', /43 calls in total, March 2024 to November 2024/);
    assert.match(calls?.text ?? '', /the data lists 5 dated calls from March 2024 to November 2024; published 43/);
    assert.equal(barrels?.verdict, 'cannot-check');
    assert.match(barrels?.text ?? '', /more than 1,000,000 bbl in total/);
    assert.match(
      barrels?.text ?? '',
      /no 1718 Committee notifications; the data lists 5 shipments but no published volume/,
    );
    // The panel's own list has those 5 calls, and every claim's source is an address one click away.
    assert.equal(await page.locator('#shipments-table tbody tr').count(), 5);
    const hrefs = await section.locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    assert.ok(hrefs.length >= 2);
    for (const href of hrefs) assert.match(href, /^https?:\/\//);
    await screenshot(page, 'shipments-totals.png');
    // A range without those months shows no totals.
    await page.locator('#ship-from').fill('2017-01-01');
    await page.locator('#ship-to').fill('2017-12-31');
    await page.locator('#ship-to').dispatchEvent('change');
    await settle(page);
    assert.equal(await section.isVisible(), false);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('reads on a phone and in the dark theme', async () => {
    for (const [options, name] of [
      [{ width: 390, height: 844 }, 'check-phone.png'],
      [{ dark: true }, 'check-dark.png'],
    ] as const) {
      const { page, context, errors } = await openPage('/?commodity=corn,rice&reporter=CHN&check=2017-11', options);
      await page.locator('#check-panel').scrollIntoViewIfNeeded();
      // Nothing wider than the screen: a long address wraps instead of pushing the page sideways.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name}: ${overflow}px wider than the screen`);
      await screenshot(page, name);
      await page.locator('#check-result ul.claims').first().scrollIntoViewIfNeeded();
      await screenshot(page, name.replace('.png', '-claims.png'));
      assert.deepEqual(errors, []);
      await context.close();
    }
  });
});
