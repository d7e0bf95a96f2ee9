/**
 * Per-view link previews: `/?commodity=…` is served index.html with that view's Open Graph and Twitter title and
 * description, built only from catalogue names, HS digits and well-formed months; the security headers stay; the
 * plain `/` keeps the static tags.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createApp } from '../../server/app.ts';
import { previewText } from '../../server/http/link-preview.ts';
import { repoRoot } from '../helpers/paths.ts';
import { createTempDir, createTestDb, fixedNow } from '../helpers/db.ts';

function app(): ReturnType<typeof createApp> {
  const clientDir = createTempDir('tradeflow-client-');
  writeFileSync(join(clientDir, 'index.html'), readFileSync(join(repoRoot, 'client/index.html'), 'utf8'));
  return createApp({ db: createTestDb(), config: { clientDir }, now: fixedNow, logError: () => {} });
}

function meta(html: string, attribute: string, name: string): string | undefined {
  return new RegExp(`<meta\\s+${attribute}="${name}"\\s+content="([^"]*)"`).exec(html)?.[1];
}

describe('link previews per view', () => {
  it('puts the view into og:/twitter: title and description, and keeps the security headers', async () => {
    const res = await request(app()).get('/?commodity=rice,1006&reporter=CHN,RUS&from=2017-01&to=2018-12');
    assert.equal(res.status, 200);
    assert.match(res.headers['content-type'] ?? '', /text\/html/);
    assert.ok(res.headers['content-security-policy'], 'CSP still sent');
    const title = meta(res.text, 'property', 'og:title');
    assert.equal(title, 'Rice, HS 1006: China and Russia to North Korea, Jan 2017 to Dec 2018 · Tradeflow');
    assert.equal(meta(res.text, 'name', 'twitter:title'), title);
    const description = meta(res.text, 'property', 'og:description');
    assert.ok(description?.startsWith('Monthly figures for Rice, HS 1006 from China and Russia'), description);
    assert.equal(meta(res.text, 'name', 'twitter:description'), description);
  });

  it('never echoes text that is not a catalogue name, HS digits or a month', async () => {
    const res = await request(app()).get(
      '/?commodity=rice,%3Cscript%3Ealert(1)%3C%2Fscript%3E,Free%20money&from=%22%3E%3Cb%3E&reporter=XX',
    );
    assert.equal(res.status, 200);
    assert.ok(!res.text.includes('<script>alert'), 'no injected markup');
    assert.ok(!res.text.includes('Free money'));
    assert.equal(meta(res.text, 'property', 'og:title'), 'Rice: China to North Korea · Tradeflow');
  });

  it('the plain page and a view with no known commodity keep the static tags', async () => {
    const page = readFileSync(join(repoRoot, 'client/index.html'), 'utf8');
    const staticTitle = meta(page, 'property', 'og:title');
    for (const path of ['/', '/?commodity=no-such-thing', '/?from=2017-01']) {
      const res = await request(app()).get(path);
      assert.equal(res.status, 200, path);
      assert.equal(meta(res.text, 'property', 'og:title'), staticTitle, path);
    }
  });

  it('previewText names ranges with only one end', () => {
    const labels = new Map([['corn', 'Corn (maize)']]);
    assert.equal(
      previewText({ commodity: 'corn', from: '2019-03' }, labels)?.title,
      'Corn (maize): China to North Korea, from Mar 2019 · Tradeflow',
    );
    assert.equal(
      previewText({ commodity: 'corn', to: '2019-13' }, labels)?.title,
      'Corn (maize): China to North Korea · Tradeflow',
    );
  });
});
