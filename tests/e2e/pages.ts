/**
 * What the browser tests do with a page: open it in a fresh context (size, colour scheme, origin), wait until it
 * has settled, read what the charts were given, take screenshots. `useHarness` points them at the running server.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { SeriesResponse } from '../../client/src/api-types.ts';
import type { ChartSnapshot } from '../../client/src/charts/month-chart.ts';
import { repoRoot } from '../helpers/paths.ts';
import { artifactsDir, type Harness } from './harness.ts';

export type ChartData = ChartSnapshot;

let harness: Harness;

export function useHarness(running: Harness): void {
  harness = running;
}

export async function openPage(
  path = '/',
  options: { width?: number; height?: number; dark?: boolean; origin?: string } = {},
): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const context = await harness.browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    colorScheme: options.dark ? 'dark' : 'light',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto((options.origin ?? harness.baseUrl) + path);
  await settle(page);
  return { page, context, errors };
}

/** Waits until every request the page started has been answered and drawn (the dashboard, or another page). */
export async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => window.tradeflow !== undefined || window.tradeflowPage !== undefined);
  await page.evaluate(() => (window.tradeflow ?? window.tradeflowPage)?.idle());
}

export async function seriesChart(page: Page): Promise<ChartData> {
  const data = await page.evaluate(() => window.tradeflow?.charts().series ?? null);
  assert.ok(data, 'the series chart exists');
  return data;
}

export async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(harness.baseUrl + path);
  assert.equal(response.status, 200, `${path}: ${response.status}`);
  return (await response.json()) as T;
}

/** What the chart should draw for an API answer: the value, or null (a gap) where the month was not reported. */
export function expectedValues(response: SeriesResponse): (number | null)[][] {
  return response.series.map((s) => s.points.map((p) => (p.status === 'not-reported' ? null : p.value)));
}

export function query(page: Page): URLSearchParams {
  return new URL(page.url()).searchParams;
}

/** Lets a resize reach the charts (ResizeObserver, then Chart.js redraws on the next animation frame). */
export async function nextFrames(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );
}

/** The visible part as `name` (the README's picture), and the whole page beside it in the artifacts. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await nextFrames(page);
  const path = join(artifactsDir, name);
  await page.screenshot({ path });
  await page.screenshot({ path: join(artifactsDir, name.replace(/\.png$/, '-full.png')), fullPage: true });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    const docs = join(repoRoot, 'docs/screenshots');
    mkdirSync(docs, { recursive: true });
    copyFileSync(path, join(docs, name));
  }
}

/** The query strings of every /api/series request the page makes from now on, in order. */
export function seriesRequests(page: Page): string[] {
  const requests: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname === '/api/series') requests.push(url.search);
  });
  return requests;
}
