/**
 * Issue 13's last parts in the browser: "Download SVG" gives a file that parses as SVG and that Chromium draws (its
 * event labels apart, no mark for a month not reported); a view link's preview image (og:image) is a PNG Chromium
 * shows; a drag across the change panel (m/m, y/y) chooses months as one across the month chart does.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SeriesResponse } from '../../client/src/api-types.ts';
import { artifactsDir, skipReason, startHarness, type Harness } from './harness.ts';
import { getJson, openPage, query, screenshot, seriesRequests, settle, useHarness } from './pages.ts';

let harness: Harness;

describe('dashboard: SVG, preview image, brush on the change panel', { skip: skipReason }, () => {
  before(async () => {
    harness = await startHarness();
    useHarness(harness);
  });
  after(async () => {
    await harness?.close();
  });

  it('Download SVG: a well-formed SVG that Chromium draws, events labelled, no mark for a month not reported', async () => {
    const view = '/?commodity=rice,corn&reporter=CHN&source=customs&unit=t&chart=line&from=2017-01&to=2018-03';
    const { page, context, errors } = await openPage(view, { dark: true });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-svg')]);
    assert.match(download.suggestedFilename(), /^tradeflow-rice-corn-CHN-customs-t-2017-01-2018-03\.svg$/);
    const saved = join(artifactsDir, 'download-chart.svg');
    copyFileSync(await download.path(), saved);
    const text = readFileSync(saved, 'utf8');
    const parsed = await page.evaluate((svg) => {
      const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: doc.documentElement.tagName,
        title: doc.querySelector('title')?.textContent ?? '',
      };
    }, text);
    assert.equal(parsed.error, null);
    assert.equal(parsed.root, 'svg');
    assert.equal(parsed.title, await page.locator('#series-title').textContent(), 'the page title');
    assert.deepEqual(errors, []);

    // Chromium draws the file on its own, as an image (as a reader's browser or a document would show it)...
    // (in a blank page: the dashboard's CSP allows no blob: images).
    const blank = await context.newPage();
    const decoded = await blank.evaluate(async (svg) => {
      const img = new Image();
      img.src = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
      await img.decode();
      return [img.naturalWidth, img.naturalHeight];
    }, text);
    assert.deepEqual(decoded, [960, 540]);
    await blank.close();
    // ...and inline in a page, where its parts can be measured and a screenshot taken.
    const response = await getJson<SeriesResponse>(
      '/api/series?commodity=rice,corn&reporter=CHN&source=customs&unit=t&from=2017-01&to=2018-03',
    );
    await page.setViewportSize({ width: 960, height: 540 });
    await page.setContent(`<!doctype html><body style="margin:0">${text.replace(/^<\?xml[^>]*>/, '')}</body>`);
    await screenshot(page, 'download-svg.png');
    // (No named functions inside evaluate: tsx would wrap them in a helper the page does not have.)
    const drawn = await page.evaluate(() => {
      const [events, titles] = ['text.event-label', 'text.title'].map((selector) =>
        [...document.querySelectorAll<SVGGraphicsElement>(selector)].map((node) => {
          const box = node.getBBox();
          return { text: node.textContent ?? '', x: box.x, y: box.y, width: box.width, height: box.height };
        }),
      );
      const series = [...document.querySelectorAll('g.series')].map((group) => ({
        label: group.getAttribute('data-label'),
        points: [...group.querySelectorAll('circle.point')].map((p) => p.getAttribute('data-period')),
        gaps: [...group.querySelectorAll('rect.gap-mark')].map((p) => p.getAttribute('data-period')),
      }));
      const background = getComputedStyle(document.querySelector('rect.background') as Element).fill;
      return { events: events ?? [], titles: titles ?? [], series, background };
    });
    assert.ok(drawn.titles.length > 0 && (drawn.titles[0]?.width ?? 0) > 100, 'the title is drawn as text');
    assert.ok(
      drawn.events.some((label) => label.text.startsWith('UNSCR 2397')),
      drawn.events.map((e) => e.text).join(', '),
    );
    for (const [i, a] of drawn.events.entries()) {
      for (const b of drawn.events.slice(i + 1)) {
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        assert.ok(apart, `"${a.text}" and "${b.text}" overlap`);
      }
    }
    assert.equal(drawn.background, 'rgb(255, 255, 255)', 'light background although the page was dark');
    // Each series: a point for every month with a figure, a dashed box for every month not reported, never both.
    for (const s of response.series) {
      const got = drawn.series.find((g) => g.label?.startsWith(s.commodityLabel));
      assert.ok(got, s.commodityLabel);
      const reported = s.points.filter((p) => p.status !== 'not-reported').map((p) => p.period);
      const missing = s.points.filter((p) => p.status === 'not-reported').map((p) => p.period);
      assert.ok(missing.length > 0, `${s.commodityLabel} has a month not reported in this range`);
      assert.deepEqual(got.points, reported, s.commodityLabel);
      assert.deepEqual(got.gaps, missing, s.commodityLabel);
    }
    await context.close();
  });

  it('a view link’s page names its chart as og:image, and that address is a PNG Chromium shows', async () => {
    const view = '/?commodity=refined-oil&reporter=CHN&source=customs&unit=t&from=2016-01&to=2018-03';
    const { page, context } = await openPage(view);
    const image = await page.locator('meta[property="og:image"]').getAttribute('content');
    assert.ok(image?.startsWith(`${harness.baseUrl}/api/preview.png?`), image ?? 'no og:image');
    assert.equal(await page.locator('meta[name="twitter:image"]').getAttribute('content'), image);
    await page.setViewportSize({ width: 1200, height: 630 });
    const response = await page.goto(image ?? '');
    assert.equal(response?.headers()['content-type'], 'image/png');
    const size = await page.evaluate(() => {
      const img = document.querySelector('img');
      return img ? [img.naturalWidth, img.naturalHeight] : null;
    });
    assert.deepEqual(size, [1200, 630]);
    await screenshot(page, 'preview-image.png');
    await context.close();
  });

  it('a drag across the change panel chooses those months, as on the month chart', async () => {
    const { page, context, errors } = await openPage('/?commodity=rice&reporter=CHN&source=customs&unit=t&change=yoy');
    const requests = seriesRequests(page);
    const labels = await page.evaluate(() => window.tradeflow?.charts().change?.labels ?? null);
    assert.ok(labels && labels.length > 20, 'the change panel is drawn');
    // The panel is under the month chart: scrolled to, so the pointer can reach it.
    await page.locator('#change-chart').scrollIntoViewIfNeeded();
    const [first, last] = [6, 18];
    const a = await page.evaluate((i) => window.tradeflow?.monthPoint('change', i) ?? null, first);
    const b = await page.evaluate((i) => window.tradeflow?.monthPoint('change', i) ?? null, last);
    assert.ok(a && b);
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, a.y, { steps: 4 });
    await page.mouse.move(b.x, b.y, { steps: 4 });
    const band = page.locator('#change-brush');
    assert.equal(await band.isVisible(), true, 'the band is drawn on the change panel while dragging');
    const box = await band.boundingBox();
    assert.ok(box && box.x < a.x && box.x + box.width > b.x, 'it covers the months dragged across');
    await screenshot(page, 'brush-change.png');
    assert.deepEqual(requests, [], 'nothing is asked while dragging');
    await page.mouse.up();
    await settle(page);
    assert.equal(query(page).get('from'), labels[first]);
    assert.equal(query(page).get('to'), labels[last]);
    assert.equal(query(page).get('change'), 'yoy', 'the panel stays');
    assert.equal(requests.length, 1, requests.join(' '));
    const after = await page.evaluate(() => window.tradeflow?.charts().change?.labels ?? null);
    assert.equal(after?.[0], labels[first]);
    assert.equal(after?.at(-1), labels[last]);
    assert.equal(await page.locator('#change-tooltip.pinned').count(), 0, 'the drag pinned no tooltip');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
