/**
 * The upload and datasets pages (issue 14), in headless Chromium against the real server with writes on: a small
 * CSV uploaded with the token shows its summary, the datasets page lists it and its rows with file and line, a
 * second version under the same name shows what it revised; a bad file shows its problems with line numbers and
 * changes nothing; a wrong token is told so. At 1280×800 and 390×844. Each size uploads its own files (the same
 * bytes twice would be "already stored"), so the two runs do not depend on each other.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { DatasetDetailResponse, DatasetRowsResponse, DatasetsResponse } from '../../client/src/api-types.ts';
import { createTempDir } from '../helpers/db.ts';
import { skipReason, startHarness, type Harness } from './harness.ts';
import { getJson, openPage, screenshot, settle, useHarness } from './pages.ts';

const token = 'e2e-admin-token-7c2a';
const header = 'reporter,partner,direction,period,hs_code,product,quantity,unit,value_usd,status,source,note';
let harness: Harness;
let files: string;

/** A small flows file: rice from China to North Korea, one row per month given; `label` keeps each size's bytes apart. */
function riceFile(name: string, label: string, months: [string, number][]): string {
  const path = join(files, name);
  const rows = months.map(
    ([period, tonnes]) => `CHN,PRK,export,${period},1006,,${tonnes},t,,reported,https://example.org/${label},${label}`,
  );
  writeFileSync(path, [header, ...rows, ''].join('\n'));
  return path;
}

/** 130 rows whose month is not a month: more problems than the server lists (100). */
function badFile(): string {
  const path = join(files, 'bad-months.csv');
  const rows = Array.from({ length: 130 }, (_, i) => `CHN,PRK,export,2017-${13 + i},1006,,672,t,,,,`);
  writeFileSync(path, [header, ...rows, ''].join('\n'));
  return path;
}

/** Every text the progress line showed, in order, recorded in the page as it changes. */
async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { progressSeen: string[] }).progressSeen = seen;
    const target = document.getElementById('progress-text');
    if (!target) throw new Error('no #progress-text');
    new MutationObserver(() => seen.push(target.textContent ?? '')).observe(target, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
}

async function progressSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
}

async function upload(page: Page, file: string, fields: { token?: string; name?: string; source?: string } = {}) {
  if (fields.token !== undefined) await page.fill('#token', fields.token);
  await page.setInputFiles('#file', file);
  await page.fill('#name', fields.name ?? '');
  await page.fill('#source', fields.source ?? '');
  await page.click('#upload-button');
  await page.locator('#result .result-box').waitFor();
  await settle(page);
}

/** The page itself never scrolls sideways: only a table inside its own box may. */
async function assertNoSidewaysScroll(page: Page, width: number): Promise<void> {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= width, `the page is ${scrollWidth}px wide at ${width}px`);
}

describe('upload and datasets pages, in headless Chromium', { skip: skipReason }, () => {
  before(async () => {
    files = createTempDir('tradeflow-e2e-uploads-');
    harness = await startHarness({ writes: { adminToken: token } });
    useHarness(harness);
  });
  after(async () => {
    await harness?.close();
  });

  it('the dashboard’s header links to the datasets and upload pages', async () => {
    const { page, context, errors } = await openPage('/');
    await page.click('.site-nav a[href="./datasets.html"]');
    await settle(page);
    assert.equal(new URL(page.url()).pathname, '/datasets.html');
    const api = await getJson<DatasetsResponse>('/api/datasets');
    const names = await page
      .locator('#datasets-table tbody tr')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-name')));
    assert.deepEqual(
      names,
      api.datasets.map((d) => d.name),
    );
    await page.click('.site-nav a[href="./upload.html"]');
    await settle(page);
    assert.equal(new URL(page.url()).pathname, '/upload.html');
    assert.deepEqual(errors, []);
    await context.close();
  });

  for (const [width, height, size] of [
    [1280, 800, 'desktop'],
    [390, 844, 'phone'],
  ] as const) {
    const name = `rice-report-${size}`;

    it(`${size}: an upload with the token shows its summary, and the dataset page its rows with file and line`, async () => {
      const first = riceFile(`rice-${size}.csv`, size, [
        ['2017-10', 500],
        ['2017-11', 672],
      ]);
      const { page, context, errors } = await openPage('/upload.html', { width, height });
      await recordProgress(page);
      await upload(page, first, { token, name, source: `https://example.org/${size}` });
      const summary = await page.locator('#result-summary').innerText();
      assert.equal(summary, `Imported rice-${size}.csv: 2 rows stored as dataset “${name}”.`);
      const seen = await progressSeen(page);
      assert.ok(
        seen.some((text) => /^Uploading… \d+%/.test(text)),
        seen.join(' | '),
      );
      assert.equal(seen.at(-1), 'Importing…', 'the last thing said before the answer');
      await screenshot(page, `upload-summary-${size}.png`);

      // The token is kept for the session: a reload still has it; "Forget" removes it from storage too.
      await page.reload();
      await settle(page);
      assert.equal(await page.inputValue('#token'), token);

      // Typed once: the next upload in this tab sends the kept token. The same bytes again are already stored.
      await page.goto(`${harness.baseUrl}/upload.html`);
      await upload(page, first, { name });
      assert.equal(
        await page.locator('#result-summary').innerText(),
        `rice-${size}.csv is already stored as dataset “${name}” (same SHA-256): nothing changed.`,
      );
      await page.click('#result-dataset');
      await settle(page);
      assert.equal(new URL(page.url()).searchParams.get('name'), name);
      const detail = await getJson<DatasetDetailResponse>(`/api/datasets/${name}`);
      assert.equal(await page.locator('#dataset-title').innerText(), name);
      const facts = await page.locator('#dataset-facts').innerText();
      assert.match(facts, new RegExp(`rice-${size}\\.csv`));
      assert.match(facts, /1 series × 2 months \(Oct 2017 – Nov 2017\)/);
      assert.equal(await page.locator('#dataset-facts a').getAttribute('href'), `https://example.org/${size}`);
      assert.equal(detail.dataset.fileAvailable, true);

      // Rows: each with the file and line it came from, as the API serves them.
      const rows = await getJson<DatasetRowsResponse>(`/api/datasets/${name}/rows?limit=100`);
      const shown = page.locator('#rows-table tbody tr');
      assert.equal(await shown.count(), rows.rows.length);
      for (const [i, row] of rows.rows.entries()) {
        const cells = shown.nth(i).locator('td');
        assert.equal(await cells.nth(0).innerText(), row.file);
        assert.equal(await cells.nth(1).innerText(), String(row.line));
      }
      assert.deepEqual(
        rows.rows.map((row) => [row.file, row.line]),
        [
          [`rice-${size}.csv`, 2],
          [`rice-${size}.csv`, 3],
        ],
      );
      assert.equal(await page.locator('#rows-range').innerText(), 'Rows 1–2 of 2');

      // The original file, as uploaded.
      const download = page.waitForEvent('download');
      await page.click('#download-original');
      const saved = await (await download).path();
      assert.equal(readFileSync(saved, 'utf8'), readFileSync(first, 'utf8'));
      await assertNoSidewaysScroll(page, width);
      assert.deepEqual(errors, []);
      await context.close();
    });

    it(`${size}: the rows browser filters by month, and the address keeps the filter`, async () => {
      const { page, context } = await openPage(`/datasets.html?name=${name}`, { width, height });
      await page.fill('#filter-from', '2017-11');
      await page.fill('#filter-to', '2017-11');
      await page.click('#row-filters button[type="submit"]');
      await settle(page);
      const url = new URL(page.url());
      assert.equal(url.searchParams.get('from'), '2017-11');
      assert.equal(await page.locator('#rows-table tbody tr').count(), 1);
      assert.equal(await page.locator('#rows-table tbody tr td').nth(1).innerText(), '3');
      assert.equal(await page.locator('#rows-range').innerText(), 'Rows 1–1 of 1');
      // The same link opened afresh shows the same rows.
      const again = await openPage(`${url.pathname}${url.search}`, { width, height });
      assert.equal(await again.page.inputValue('#filter-from'), '2017-11');
      assert.equal(await again.page.locator('#rows-table tbody tr').count(), 1);
      await again.context.close();
      await context.close();
    });

    it(`${size}: a second version under the same name shows what it revised`, async () => {
      const second = riceFile(`rice-${size}-v2.csv`, size, [
        ['2017-10', 500],
        ['2017-11', 700],
      ]);
      const { page, context, errors } = await openPage('/upload.html', { width, height });
      // A new browser context is a new session: the token is typed again.
      await upload(page, second, { token, name });
      assert.match(await page.locator('#result-summary').innerText(), /replaced the earlier version/);
      await page.click('#result-dataset');
      await settle(page);
      const detail = await getJson<DatasetDetailResponse>(`/api/datasets/${name}`);
      const versions = page.locator('#versions-list .version');
      assert.equal(await versions.count(), detail.versions.length);
      assert.equal(detail.versions.length, 2);
      const newest = versions.first();
      assert.equal(await newest.getAttribute('data-current'), 'true');
      const revised = detail.versions[0]?.changes.find((change) => change.kind === 'revised');
      assert.ok(revised, 'the API lists the revision');
      assert.match(revised.text, /2017-11: 672 t → 700 t/);
      const line = newest.locator(`.changes li[data-period="2017-11"]`);
      // The page keeps "700 t" whole with no-break spaces (keepFiguresWhole): the same words as the API's.
      const lineText = (await line.innerText()).replace(/\u00a0/g, ' ');
      assert.match(lineText, /^revised China rice 2017-11: 672 t → 700 t$/);
      assert.ok(lineText.includes(revised.text));
      // October did not change: it is not listed as a change.
      assert.equal(await newest.locator('.changes li[data-period="2017-10"]').count(), 0);
      assert.match(await versions.nth(1).locator('h3').innerText(), /^Version 1 · replaced /);
      await newest.scrollIntoViewIfNeeded();
      await screenshot(page, `dataset-versions-${size}.png`);
      await assertNoSidewaysScroll(page, width);
      assert.deepEqual(errors, []);
      await context.close();
    });

    it(`${size}: a bad file shows its problems with line numbers, and nothing changes`, async () => {
      const before = await getJson<DatasetsResponse>('/api/datasets');
      const { page, context } = await openPage('/upload.html', { width, height });
      await upload(page, badFile(), { token });
      const items = page.locator('#problem-list li');
      assert.equal(await items.count(), 100);
      const firstProblem = await items.first().innerText();
      assert.match(firstProblem, /^bad-months\.csv:2:4 INVALID_PERIOD /);
      assert.equal(await items.nth(99).getAttribute('data-line'), '101');
      assert.equal(await page.locator('.problems-more').innerText(), 'and 30 more');
      assert.deepEqual(await getJson<DatasetsResponse>('/api/datasets'), before, 'no dataset added or changed');
      await screenshot(page, `upload-problems-${size}.png`);
      await assertNoSidewaysScroll(page, width);
      await context.close();
    });

    it(`${size}: a wrong token is told so, and marked on the token field`, async () => {
      const { page, context } = await openPage('/upload.html', { width, height });
      await upload(page, riceFile(`wrong-token-${size}.csv`, size, [['2017-09', 1]]), { token: 'not-the-token' });
      const box = page.locator('#result .result-box');
      assert.equal(await box.getAttribute('data-status'), '401');
      assert.match(await box.innerText(), /Wrong token/);
      assert.equal(await page.getAttribute('#token', 'aria-invalid'), 'true');
      await screenshot(page, `upload-401-${size}.png`);
      // Forgotten: gone from the field and from the session's storage.
      await page.click('#forget-token');
      assert.equal(await page.inputValue('#token'), '');
      assert.equal(await page.evaluate(() => sessionStorage.length), 0);
      await context.close();
    });
  }

  it('a larger file: the bar follows the bytes sent, then says Importing…; its rows page by a hundred', async () => {
    // 216 months × 40 HS codes: about 600 KB, sent through a throttled upload so the browser reports progress.
    const path = join(files, 'many-months.csv');
    const rows: string[] = [header];
    for (let code = 1001; code <= 1040; code += 1)
      for (let year = 2000; year <= 2017; year += 1)
        for (let month = 1; month <= 12; month += 1)
          rows.push(
            `CHN,PRK,export,${year}-${String(month).padStart(2, '0')},${code},,${month},t,,reported,https://example.org/many,an e2e test file`,
          );
    writeFileSync(path, rows.join('\n') + '\n');
    const { page, context, errors } = await openPage('/upload.html');
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 400_000,
    });
    await recordProgress(page);
    await upload(page, path, { token, name: 'many-months' });
    const seen = await progressSeen(page);
    const percents = seen.flatMap((text) => {
      const match = /^Uploading… (\d+)% \(/.exec(text);
      return match ? [Number(match[1])] : [];
    });
    assert.ok(
      percents.some((p) => p > 0 && p < 100),
      `a percent between 0 and 100 was shown: ${percents.join(', ')}`,
    );
    assert.deepEqual(
      percents,
      [...percents].sort((a, b) => a - b),
      'the percent only grows',
    );
    assert.equal(seen.at(-1), 'Importing…');
    assert.equal(await page.locator('#upload-progress').isVisible(), false, 'the bar goes once the answer is in');
    assert.match(await page.locator('#result-summary').innerText(), /8,640 rows stored/);

    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await page.click('#result-dataset');
    await settle(page);
    assert.equal(await page.locator('#rows-range').innerText(), 'Rows 1–100 of 8,640');
    assert.equal(await page.locator('#rows-prev').isDisabled(), true);
    await page.click('#rows-next');
    await settle(page);
    assert.equal(new URL(page.url()).searchParams.get('offset'), '100');
    assert.equal(await page.locator('#rows-range').innerText(), 'Rows 101–200 of 8,640');
    const api = await getJson<DatasetRowsResponse>('/api/datasets/many-months/rows?offset=100&limit=100');
    assert.equal(
      await page.locator('#rows-table tbody tr').first().getAttribute('data-line'),
      String(api.rows[0]?.line),
    );
    // Back: the browser's history holds each page of rows.
    await page.goBack();
    await settle(page);
    assert.equal(await page.locator('#rows-range').innerText(), 'Rows 1–100 of 8,640');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('the datasets list at 390×844 scrolls its table sideways, not the page', async () => {
    const { page, context, errors } = await openPage('/datasets.html', { width: 390, height: 844 });
    await assertNoSidewaysScroll(page, 390);
    const wrap = await page
      .locator('#datasets-table')
      .evaluate((box) => ({ scroll: box.scrollWidth, client: box.clientWidth }));
    assert.ok(wrap.scroll > wrap.client, 'the table is wider than the screen, inside its own scrolling box');
    await screenshot(page, 'datasets-list-phone.png');
    assert.deepEqual(errors, []);
    await context.close();
  });
});

/** Refusals that need a server of their own: uploads off (no token set), and a limit a small file is over. */
describe('upload page refusals, in headless Chromium', { skip: skipReason }, () => {
  it('a server started without TRADEFLOW_ADMIN_TOKEN: the page says uploads are off, and how to turn them on', async () => {
    files = createTempDir('tradeflow-e2e-uploads-');
    const off = await startHarness();
    useHarness(off);
    try {
      const { page, context } = await openPage('/upload.html');
      await upload(page, riceFile('uploads-off.csv', 'off', [['2017-09', 1]]), { token });
      const box = page.locator('#result .result-box');
      assert.equal(await box.getAttribute('data-status'), '403');
      const text = await box.innerText();
      assert.match(text, /^Uploads are off on this server/);
      assert.match(text, /TRADEFLOW_ADMIN_TOKEN/);
      await context.close();
    } finally {
      await off.close();
    }
  });

  it('a file over TRADEFLOW_UPLOAD_MAX_BYTES: the page says it is too large, with the limit, and marks the file', async () => {
    const small = await startHarness({ writes: { adminToken: token, uploadMaxBytes: 1000 } });
    useHarness(small);
    try {
      const { page, context } = await openPage('/upload.html');
      const months: [string, number][] = Array.from({ length: 24 }, (_, i) => [
        `2016-${String((i % 12) + 1).padStart(2, '0')}`,
        i + 1,
      ]);
      const path = riceFile('over-limit.csv', 'a file over the limit of 1000 bytes', months);
      await upload(page, path, { token });
      const box = page.locator('#result .result-box');
      assert.equal(await box.getAttribute('data-status'), '413');
      const text = await box.innerText();
      assert.match(text, /^The file is too large/);
      assert.match(text, /1000 bytes \(TRADEFLOW_UPLOAD_MAX_BYTES\)/);
      assert.equal(await page.getAttribute('#file', 'aria-invalid'), 'true');
      await screenshot(page, 'upload-413-desktop.png');
      assert.deepEqual(
        (await getJson<DatasetsResponse>('/api/datasets')).datasets.filter((d) => d.name === 'over-limit'),
        [],
      );
      await context.close();
    } finally {
      await small.close();
    }
  });
});
