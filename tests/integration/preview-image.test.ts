/**
 * Issue 13: a view's link preview has an image. `GET /api/preview.png?<the view's parameters>` draws the view's
 * chart (the page's SVG, rasterised by resvg) at 1200×630; bad parameters are a 400 JSON error as elsewhere; the
 * answer has an ETag and is remembered; the page for a view's link names it in og:image and twitter:image with an
 * absolute address built from the request (Host, and https when the server knows it is reached so).
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createApp, type AppHandler } from '../../server/app.ts';
import type { Config } from '../../server/config.ts';
import type { Db } from '../../server/db/connection.ts';
import { previewSvg, readPreviewView } from '../../server/http/handlers/preview.ts';
import { importBundledDatasets } from '../../server/import/bundled.ts';
import { createTempDir, createTestDb, fixedNow } from '../helpers/db.ts';
import { repoRoot } from '../helpers/paths.ts';

let db: Db;
let clientDir: string;

before(async () => {
  db = createTestDb();
  await importBundledDatasets(db, join(repoRoot, 'data'), fixedNow);
  clientDir = createTempDir('tradeflow-client-');
  writeFileSync(join(clientDir, 'index.html'), readFileSync(join(repoRoot, 'client/index.html'), 'utf8'));
});

function appWith(config: Partial<Pick<Config, 'https' | 'trustProxy'>> = {}): AppHandler {
  return createApp({ db, config: { clientDir, ...config }, now: fixedNow, logError: () => {} });
}

// supertest (superagent) reads an image/* answer into a Buffer.
const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A tag's content, with the HTML escapes of `&` read back. */
function meta(html: string, attribute: string, name: string): string | undefined {
  return new RegExp(`<meta\\s+${attribute}="${name}"\\s+content="([^"]*)"`)
    .exec(html)?.[1]
    ?.replace(/&#38;|&amp;/g, '&');
}

describe('GET /api/preview.png', () => {
  it('draws the view as a 1200×630 PNG, with an ETag, remembered and revalidated', async () => {
    const app = appWith();
    const path = '/api/preview.png?commodity=rice,corn&reporter=CHN&from=2017-01&to=2018-03&chart=line';
    const res = await request(app).get(path).expect(200);
    assert.equal(res.headers['content-type'], 'image/png');
    const body = res.body as Buffer;
    assert.deepEqual(body.subarray(0, 8), pngSignature);
    // IHDR: width and height, big-endian, right after the chunk's length and type.
    assert.equal(body.readUInt32BE(16), 1200);
    assert.equal(body.readUInt32BE(20), 630);
    assert.equal(res.headers['cache-control'], 'no-cache');
    const etag = res.headers.etag;
    assert.ok(etag, 'an ETag');
    await request(app).get(path).set('If-None-Match', etag).expect(304);
    const again = await request(app).get(path).expect(200);
    assert.deepEqual(again.body, body, 'the same bytes');
    const other = await request(app).get('/api/preview.png?commodity=rice&reporter=CHN').expect(200);
    assert.notDeepEqual(other.body, body, 'another view, another image');
  });

  it('draws what the page draws: its title, events, and gaps for months not reported', () => {
    const svg = previewSvg(
      { db, now: fixedNow },
      readPreviewView({ commodity: 'rice', from: '2017-06', to: '2018-01' }),
    );
    assert.match(svg, /<title id="svg-title">Rice: China to North Korea, quantity in tonnes \(China customs \(GAC\)\)/);
    assert.ok(svg.includes('>UNSCR 2397'), 'the December 2017 resolution is labelled');
    assert.match(svg, /<rect class="gap-mark" data-period="2017-10"/);
    assert.doesNotMatch(svg, /<rect class="bar" data-period="2017-10"/);
  });

  it('answers bad parameters with a 400 naming them, as the API does', async () => {
    const app = appWith();
    for (const [query, parameter] of [
      ['commodity=rice&from=2017-13', 'from'],
      ['commodity=rice&colour=red', 'colour'],
      ['commodity=rice&source=gossip', 'source'],
      ['commodity=rice&scale=sideways', 'scale'],
      ['commodity=rice&commodity=corn', 'commodity'],
      ['commodity=no-such-thing', 'commodity'],
    ] as const) {
      const res = await request(app).get(`/api/preview.png?${query}`).expect(400);
      assert.match(res.headers['content-type'] ?? '', /application\/json/, query);
      const error = (res.body as { error: { code: string; parameter?: string; message: string } }).error;
      assert.equal(error.code, 'invalid-parameter', query);
      assert.equal(error.parameter, parameter, `${query}: ${error.message}`);
    }
    const res = await request(app).get('/api/preview.png?commodity=rice&scale=up').expect(400);
    assert.equal(
      (res.body as { error: { message: string } }).error.message,
      'scale: "up" is not valid; expected linear or log',
    );
  });

  it('takes a page address whole: the page-only parameters are accepted and not drawn', async () => {
    const app = appWith();
    await request(app)
      .get(
        '/api/preview.png?commodity=rice&reporter=CHN&change=yoy&table=1&cap=2021&shipFrom=2024-01-01&shipTo=2024-12-31',
      )
      .expect(200)
      .expect('Content-Type', 'image/png');
  });
});

describe('og:image in a view link’s page', () => {
  it('names the view’s image by an absolute address from the request’s Host', async () => {
    const app = appWith();
    const res = await request(app)
      .get('/?commodity=rice&reporter=CHN&from=2017-01&to=2018-03&chart=line&unreported=hide&table=1')
      .set('Host', 'tradeflow.internal:3000')
      .expect(200);
    const image = meta(res.text, 'property', 'og:image');
    assert.equal(
      image,
      'http://tradeflow.internal:3000/api/preview.png?commodity=rice&reporter=CHN&source=customs&measure=quantity&unit=t&from=2017-01&to=2018-03&chart=line&unreported=hide',
    );
    assert.equal(meta(res.text, 'name', 'twitter:image'), image);
    assert.equal(meta(res.text, 'name', 'twitter:card'), 'summary_large_image');
    assert.equal(meta(res.text, 'property', 'og:image:width'), '1200');
    assert.equal(meta(res.text, 'property', 'og:image:height'), '630');
    // The address answers with the image.
    const path = (image ?? '').replace('http://tradeflow.internal:3000', '');
    await request(app).get(path).expect(200).expect('Content-Type', 'image/png');
  });

  it('is https when the server knows it is reached so (TRADEFLOW_HTTPS, or a trusted proxy)', async () => {
    const direct = await request(appWith({ https: true }))
      .get('/?commodity=rice')
      .set('Host', 'tradeflow.example')
      .expect(200);
    assert.match(meta(direct.text, 'property', 'og:image') ?? '', /^https:\/\/tradeflow\.example\/api\/preview\.png\?/);
    const proxied = await request(appWith({ trustProxy: 'loopback' }))
      .get('/?commodity=rice')
      .set('Host', 'inner:3000')
      .set('X-Forwarded-Proto', 'https')
      .set('X-Forwarded-Host', 'tradeflow.example')
      .expect(200);
    assert.match(
      meta(proxied.text, 'property', 'og:image') ?? '',
      /^https:\/\/tradeflow\.example\/api\/preview\.png\?/,
    );
    // Not trusted: the proxy's headers are not believed.
    const untrusted = await request(appWith())
      .get('/?commodity=rice')
      .set('Host', 'inner:3000')
      .set('X-Forwarded-Proto', 'https')
      .set('X-Forwarded-Host', 'tradeflow.example')
      .expect(200);
    assert.match(meta(untrusted.text, 'property', 'og:image') ?? '', /^http:\/\/inner:3000\/api\/preview\.png\?/);
  });

  it('a Host that is not a host name gets no image', async () => {
    const odd = await request(appWith()).get('/?commodity=rice').set('Host', 'a"b<c>').expect(200);
    assert.equal(meta(odd.text, 'property', 'og:image'), undefined);
    assert.equal(meta(odd.text, 'name', 'twitter:card'), 'summary');
    const plain = await request(appWith()).get('/').set('Host', 'a"b<c>').expect(200);
    assert.equal(meta(plain.text, 'property', 'og:image'), undefined);
  });

  it('the plain page keeps its static title and description, with the first view’s chart as its image', async () => {
    const page = readFileSync(join(repoRoot, 'client/index.html'), 'utf8');
    const res = await request(appWith()).get('/').set('Host', 'tradeflow.internal').expect(200);
    assert.equal(meta(res.text, 'property', 'og:title'), meta(page, 'property', 'og:title'));
    assert.equal(meta(res.text, 'property', 'og:description'), meta(page, 'property', 'og:description'));
    assert.equal(
      meta(res.text, 'property', 'og:image'),
      'http://tradeflow.internal/api/preview.png?commodity=refined-oil&reporter=CHN&source=customs&measure=quantity&unit=t',
    );
    assert.equal(meta(res.text, 'name', 'twitter:card'), 'summary_large_image');
    // A query that names nothing the server knows keeps the static file, without an image.
    const unknown = await request(appWith()).get('/?commodity=no-such-thing').expect(200);
    assert.equal(meta(unknown.text, 'property', 'og:image'), undefined);
  });
});
