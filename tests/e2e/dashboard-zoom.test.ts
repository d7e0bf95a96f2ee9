/**
 * The time-range brush on the month chart (issue 13): a drag across the chart sets the view's from/to as the month
 * fields do (URL, request, chart), a click without a drag changes nothing, and "Whole range" beside the chart undoes
 * it. Screenshots of the band while dragging, light and dark, desktop and phone.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { hsDescriptions, hsLabel } from '../../client/src/hs-descriptions.ts';
import { skipReason, startHarness, type Harness } from './harness.ts';
import { openPage, query, screenshot, seriesChart, seriesRequests, settle, useHarness } from './pages.ts';

let harness: Harness;
const view = '/?commodity=rice&reporter=CHN&source=customs&unit=t';

async function point(page: Page, index: number): Promise<{ x: number; y: number }> {
  const at = await page.evaluate((i) => window.tradeflow?.monthPoint('series', i) ?? null, index);
  assert.ok(at, `month ${index} is on the chart`);
  return at;
}

describe('dashboard: time-range brush', { skip: skipReason }, () => {
  before(async () => {
    harness = await startHarness();
    useHarness(harness);
  });
  after(async () => {
    await harness?.close();
  });

  for (const [width, height, dark, name] of [
    [1280, 800, false, 'desktop'],
    [1280, 800, true, 'dark'],
    [390, 844, false, 'phone'],
  ] as const) {
    it(`a drag across the chart chooses those months, as the month fields would (${name})`, async () => {
      const { page, context, errors } = await openPage(view, { width, height, dark });
      const requests = seriesRequests(page);
      const before = await seriesChart(page);
      const [first, last] = [8, 20];
      const expected = { from: before.labels[first], to: before.labels[last] };
      assert.ok(expected.from && expected.to && before.labels.length > 10);
      const a = await point(page, first);
      const b = await point(page, last);

      await page.mouse.move(a.x, a.y);
      await page.mouse.down();
      await page.mouse.move((a.x + b.x) / 2, a.y, { steps: 4 });
      await page.mouse.move(b.x, b.y, { steps: 4 });
      const band = page.locator('#series-brush');
      assert.equal(await band.isVisible(), true, 'the band is drawn while dragging');
      const box = await band.boundingBox();
      assert.ok(box && box.x < a.x && box.x + box.width > b.x, 'the band covers the months dragged across');
      const colour = await band.evaluate((element) => getComputedStyle(element).backgroundColor);
      assert.match(colour, /(rgba|color)\(.*\/?\s*0?\.\d+\)$/, `a translucent band: ${colour}`);
      assert.equal(await page.locator('#series-tooltip').isVisible(), false, 'no tooltip over the band');
      await screenshot(page, `brush-${name}.png`);
      assert.deepEqual(requests, [], 'nothing is asked while dragging');
      await page.mouse.up();
      await settle(page);

      assert.equal(await band.isVisible(), false, 'the band goes once the months are chosen');
      assert.equal(query(page).get('from'), expected.from);
      assert.equal(query(page).get('to'), expected.to);
      assert.equal(requests.length, 1, requests.join(' '));
      const sent = new URLSearchParams(requests[0]);
      assert.equal(sent.get('from'), expected.from);
      assert.equal(sent.get('to'), expected.to);
      const after = await seriesChart(page);
      assert.equal(after.labels[0], expected.from);
      assert.equal(after.labels.at(-1), expected.to);
      assert.equal(await page.locator('#from').inputValue(), expected.from, 'the month fields show the range');
      assert.equal(await page.locator('#to').inputValue(), expected.to);
      assert.equal(await page.locator('#series-tooltip.pinned').count(), 0, 'the drag pinned no tooltip');

      // "Whole range" beside the chart is the month fields' reset.
      const reset = page.locator('#chart-full-range');
      assert.equal(await reset.isVisible(), true);
      await reset.click();
      await settle(page);
      assert.equal(query(page).get('from'), null);
      assert.equal(query(page).get('to'), null);
      assert.equal(requests.length, 2);
      assert.deepEqual((await seriesChart(page)).labels, before.labels);
      assert.equal(await reset.isVisible(), false);
      assert.deepEqual(errors, []);
      await context.close();
    });
  }

  it('a click without a drag changes nothing: same address, no request', async () => {
    const { page, context, errors } = await openPage(view);
    const requests = seriesRequests(page);
    const url = page.url();
    const at = await point(page, 5);
    await page.mouse.move(at.x, at.y);
    await page.mouse.down();
    await page.mouse.move(at.x + 2, at.y);
    await page.mouse.up();
    await settle(page);
    assert.equal(page.url(), url);
    assert.deepEqual(requests, []);
    assert.equal(await page.locator('#series-brush').isVisible(), false);
    // The click still does what it did before: it pins that month's tooltip.
    assert.equal(await page.locator('#series-tooltip.pinned').count(), 1);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('HS codes with their descriptions: in the picker list, under the field as typed, and on the boxes', async () => {
    const { page, context, errors } = await openPage('/?commodity=rice&reporter=CHN&source=customs&unit=t', {
      width: 1280,
      height: 900,
    });
    const options = await page
      .locator('#hs-list option')
      .evaluateAll((nodes) =>
        nodes.map((node) => [(node as HTMLOptionElement).value, (node as HTMLOptionElement).label]),
      );
    assert.deepEqual(
      options,
      hsDescriptions.map((entry) => [entry.code, hsLabel(entry.code)]),
    );
    await page.fill('#hs-code', '2710.19');
    assert.equal(await page.locator('#hs-described').textContent(), hsLabel('271019'));
    await page.fill('#hs-code', '271111');
    assert.equal(
      await page.locator('#hs-described').textContent(),
      'HS 271111',
      'a code without a checked text is bare',
    );
    await page.fill('#hs-code', '1006');
    await page.click('#hs-add');
    await settle(page);
    assert.equal(await page.locator('#hs-described').textContent(), '');
    const box = page.locator('#commodity-extra label', { has: page.locator('input[value="1006"]') });
    assert.equal((await box.textContent())?.trim(), hsLabel('1006'));
    assert.ok(hsLabel('1006') !== 'HS 1006', 'the table describes 1006');
    // A catalogue product's box carries its code's description as a tooltip, when the table has one.
    const titled = await page
      .locator('#commodity-options label[title]')
      .evaluateAll((nodes) =>
        nodes.map((node) => ({ text: node.textContent ?? '', title: node.getAttribute('title') ?? '' })),
      );
    assert.ok(titled.length > 0, 'some product boxes are described');
    for (const { text, title } of titled) {
      const code = /\(HS (\d+)\)/.exec(text)?.[1];
      assert.ok(code, text);
      assert.equal(title, hsLabel(code));
    }
    await page.fill('#hs-code', '2710');
    await page.locator('#commodity-group').scrollIntoViewIfNeeded();
    await screenshot(page, 'hs-picker.png');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
