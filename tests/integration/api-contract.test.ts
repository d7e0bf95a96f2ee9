/**
 * The API's contract: every error, whatever its cause, is `{ "error": { "code", "message", "parameter"? } }` with a
 * 4xx status (or a 500 that says nothing), JSON, never a stack trace; data responses carry ETag, Cache-Control and
 * security headers; the API works on a read-only connection.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import request from 'supertest';
import { createApp, type AppHandler } from '../../server/app.ts';
import { openReadOnlyDb } from '../../server/db/connection.ts';
import { importBundledDatasets } from '../../server/import/bundled.ts';
import { importFile } from '../../server/import/import-file.ts';
import { createTempDir, createTestDb, fixedNow } from '../helpers/db.ts';
import { fixture } from '../helpers/paths.ts';
import { dataDir } from './api-app.ts';

interface ErrorCase {
  path: string;
  status: number;
  code: string;
  parameter?: string;
  method?: 'post' | 'delete';
  body?: string;
}

const bad = (path: string, parameter: string): ErrorCase => ({
  path,
  status: 400,
  code: 'invalid-parameter',
  parameter,
});

const errorCases: ErrorCase[] = [
  // /api/series (and the same query as a download)
  bad('/api/series', 'commodity'),
  bad('/api/series?commodity=wheat', 'commodity'),
  bad('/api/series?commodity=corn!', 'commodity'),
  bad('/api/series?commodity=12345678901', 'commodity'),
  bad('/api/series?commodity=corn,', 'commodity'),
  bad('/api/series?commodity=corn,corn', 'commodity'),
  bad('/api/series?commodity=corn&from=2018-01&to=2017-01', 'from'),
  bad('/api/series?commodity=corn&from=2017-13', 'from'),
  bad('/api/series?commodity=corn&from=2017-00', 'from'),
  bad('/api/series?commodity=corn&to=Nov%202017', 'to'),
  bad('/api/series?commodity=corn&from=1899-12', 'from'),
  bad('/api/series?commodity=corn&to=2027-01', 'to'),
  bad('/api/series?commodity=corn&unit=lbs', 'unit'),
  bad('/api/series?commodity=rice&unit=bbl', 'unit'),
  bad('/api/series?commodity=corn,refined-oil&reporter=CHN&unit=bbl', 'unit'),
  bad('/api/series?commodity=corn&measure=value&unit=t', 'unit'),
  bad('/api/series?commodity=corn&unit=usd', 'unit'),
  bad('/api/series?commodity=corn&measure=weight', 'measure'),
  bad('/api/series?commodity=corn&reporter=XXX', 'reporter'),
  bad('/api/series?commodity=corn&reporter=CHN,CHN', 'reporter'),
  bad('/api/series?commodity=corn&partner=North%20Korea', 'partner'),
  bad('/api/series?commodity=corn&source=comtrade', 'source'),
  bad('/api/series?commodity=corn&interval=week', 'interval'),
  bad('/api/series?commodity=corn&direction=sideways', 'direction'),
  bad('/api/series?commodity=corn,rice,diesel,gasoline,lpg,1005,1006,2710,2709,271019&from=1900-01&to=2020-12', 'from'),
  bad('/api/series?commodity=corn&from=2017-01&from=2017-02', 'from'),
  bad('/api/series?commodity=corn&commodity=rice', 'commodity'),
  bad('/api/series?commodity=corn&form=2017-01', 'form'),
  bad('/api/series?commodity=corn&from=', 'from'),
  bad('/api/series?commodity=corn&source=un1718', 'commodity'),
  bad('/api/series?commodity=refined-oil&source=un1718&partner=CHN', 'partner'),
  bad('/api/series?commodity=refined-oil&source=un1718&measure=value', 'measure'),
  bad('/api/series?commodity=2710&source=shipments', 'commodity'),
  bad('/api/series.csv?commodity=rice&unit=bbl', 'unit'),
  bad('/api/series.csv?commodity=corn&from=2017-13', 'from'),
  bad('/api/series.csv?commodity=corn&bogus=1', 'bogus'),
  // /api/headline
  bad('/api/headline?commodity=rice', 'month'),
  bad('/api/headline?commodity=rice&month=2017-13', 'month'),
  bad('/api/headline?commodity=rice&month=2017', 'month'),
  bad('/api/headline?commodity=rice&month=2030-01', 'month'),
  bad('/api/headline?commodity=soy&month=2017-11', 'commodity'),
  bad('/api/headline?commodity=rice,corn&month=2017-11', 'commodity'),
  bad('/api/headline?commodity=rice&reporter=CHN,RUS&month=2017-11', 'reporter'),
  bad('/api/headline?commodity=rice&month=2017-11&unit=bbl', 'unit'),
  // /api/cap
  bad('/api/cap', 'year'),
  bad('/api/cap?year=abc', 'year'),
  bad('/api/cap?year=21', 'year'),
  bad('/api/cap?year=2017', 'year'),
  bad('/api/cap?year=2030', 'year'),
  bad('/api/cap?year=2021&year=2022', 'year'),
  // /api/claims
  bad('/api/claims', 'commodity'),
  bad('/api/claims?commodity=wheat', 'commodity'),
  bad('/api/claims?commodity=corn&month=2017-13', 'month'),
  bad('/api/claims?commodity=corn&month=2099-01', 'month'),
  bad('/api/claims?commodity=corn&partner=XX', 'partner'),
  // /api/shipments, /api/events, the catalog
  bad('/api/shipments?from=2024-02-30', 'from'),
  bad('/api/shipments?from=2024-03', 'from'),
  bad('/api/shipments?from=2024-05-01&to=2024-04-01', 'from'),
  bad('/api/shipments?to=2099-01-01', 'to'),
  bad('/api/shipments?origin=XX', 'origin'),
  bad('/api/shipments?unit=usd', 'unit'),
  bad('/api/events?category=party', 'category'),
  bad('/api/events?from=yesterday', 'from'),
  bad('/api/events?from=2024-01-01&to=2023-01-01', 'from'),
  bad('/api/commodities?x=1', 'x'),
  bad('/api/datasets?limit=10', 'limit'),
  bad('/api/health?verbose=1', 'verbose'),
  // /api/datasets/:name and below
  bad('/api/datasets/events/rows?limit=1001', 'limit'),
  bad('/api/datasets/events/rows?offset=x', 'offset'),
  bad('/api/datasets/events/rows?from=2017-13', 'from'),
  bad('/api/datasets/events/rows?partner=PRK', 'partner'),
  bad('/api/datasets/events/versions?x=1', 'x'),
  { path: '/api/datasets/nope', status: 404, code: 'not-found' },
  { path: '/api/datasets/%E0%A4%A/versions', status: 400, code: 'bad-request' },
  { path: '/api/datasets/nope/rows', status: 404, code: 'not-found' },
  { path: '/api/datasets/nope/versions', status: 404, code: 'not-found' },
  { path: '/api/datasets/nope/file', status: 404, code: 'not-found' },
  { path: '/api/datasets/events/versions', status: 405, code: 'method-not-allowed', method: 'post' },
  // Unknown paths, methods, oversized requests
  { path: '/api/nope', status: 404, code: 'not-found' },
  { path: '/api/series/corn', status: 404, code: 'not-found' },
  { path: '/nope', status: 404, code: 'not-found' },
  { path: '/api/series?commodity=corn', status: 405, code: 'method-not-allowed', method: 'post' },
  { path: '/api/datasets', status: 405, code: 'method-not-allowed', method: 'delete' },
  { path: '/api/series?commodity=corn', status: 413, code: 'payload-too-large', method: 'post', body: 'x'.repeat(10) },
  { path: `/api/series?commodity=corn&note=${'x'.repeat(2000)}`, status: 414, code: 'uri-too-long' },
];

function assertErrorShape(response: request.Response, expected: ErrorCase): void {
  const where = `${expected.method ?? 'get'} ${expected.path.slice(0, 80)}`;
  assert.equal(response.status, expected.status, `${where}: ${response.text}`);
  assert.match(response.headers['content-type'] ?? '', /^application\/json/, where);
  assert.equal(response.headers['cache-control'], 'no-store', where);
  const body = response.body as { error?: Record<string, unknown> };
  assert.deepEqual(Object.keys(body), ['error'], where);
  const error = body.error ?? {};
  assert.deepEqual(
    Object.keys(error).sort(),
    expected.parameter ? ['code', 'message', 'parameter'] : ['code', 'message'],
    where,
  );
  assert.equal(error.code, expected.code, where);
  assert.equal(typeof error.message, 'string', where);
  assert.ok((error.message as string).length > 10, where);
  if (expected.parameter) {
    assert.equal(error.parameter, expected.parameter, where);
    assert.ok(
      (error.message as string).startsWith(`${expected.parameter}: `),
      `${where}: the message names the parameter`,
    );
  }
  assert.doesNotMatch(response.text, /\bat .*\.(ts|js):\d+|node_modules|Error:/, `${where}: no stack trace`);
}

describe('API contract', () => {
  let app: AppHandler;
  before(async () => {
    const db = createTestDb();
    await importBundledDatasets(db, dataDir, fixedNow);
    await importFile(db, fixture('api/flows-barrels.csv'), { now: fixedNow });
    app = createApp({ db, config: { clientDir: '/nonexistent' }, now: fixedNow, logError: () => {} });
  });

  it('holds every error to { error: { code, message, parameter? } }, naming the parameter', async () => {
    for (const errorCase of errorCases) {
      let call = request(app)[errorCase.method ?? 'get'](errorCase.path);
      if (errorCase.body !== undefined) call = call.set('Content-Type', 'text/plain').send(errorCase.body);
      assertErrorShape(await call, errorCase);
    }
  });

  it('refuses units a figure stored only in barrels cannot take, and gives it in barrels', async () => {
    assertErrorShape(await request(app).get('/api/series?commodity=2713&reporter=CHN&unit=t'), bad('', 'unit'));
    assertErrorShape(await request(app).get('/api/series?commodity=2713&reporter=CHN&unit=kg'), bad('', 'unit'));
    const { body } = await request(app).get('/api/series?commodity=2713&reporter=CHN&unit=bbl').expect(200);
    assert.deepEqual(
      body.series[0].points.map((p: { value: number | null }) => p.value),
      [100, null],
    );
    assert.equal(body.series[0].conversion, null);
  });

  it('turns an unexpected failure into a 500 that says nothing about the internals', async () => {
    const db = createTestDb();
    const logged: unknown[] = [];
    const broken = createApp({
      db,
      config: { clientDir: '/nonexistent' },
      now: fixedNow,
      logError: (e) => logged.push(e),
    });
    db.close();
    const response = await request(broken).get('/api/series?commodity=corn');
    assertErrorShape(response, { path: '/api/series', status: 500, code: 'internal-error' });
    assert.equal(response.body.error.message, 'Something went wrong on our side.');
    assert.equal(logged.length, 1, 'the real error is logged on the server');
  });

  it('answers data with ETag and Cache-Control, and a repeat request with If-None-Match with 304', async () => {
    for (const path of [
      '/api/series?commodity=corn',
      '/api/headline?commodity=rice&month=2017-11',
      '/api/cap?year=2021',
      '/api/claims?commodity=rice',
      '/api/shipments',
      '/api/events',
      '/api/commodities',
      '/api/datasets',
      '/api/datasets/events',
      '/api/datasets/events/rows?limit=2',
      '/api/datasets/events/versions',
    ]) {
      const first = await request(app).get(path).expect(200);
      assert.equal(first.headers['cache-control'], 'no-cache', path);
      const etag = first.headers.etag;
      assert.ok(etag, path);
      const again = await request(app).get(path).set('If-None-Match', etag).expect(304);
      assert.equal(again.text, '', path);
    }
  });

  it('sets security headers and answers HEAD', async () => {
    const response = await request(app).get('/api/commodities').expect(200);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.match(response.headers['content-security-policy'] ?? '', /default-src 'self'/);
    assert.equal(response.headers['x-powered-by'], undefined);
    await request(app).head('/api/series?commodity=corn').expect(200);
  });
});

describe('on a read-only connection (as main.ts serves)', () => {
  const dir = createTempDir();
  const path = join(dir, 'tradeflow.db');
  let app: AppHandler;
  let close: () => void = () => {};
  before(async () => {
    const writable = createTestDb(path);
    await importBundledDatasets(writable, dataDir, fixedNow);
    writable.close();
    const db = openReadOnlyDb(path);
    close = () => db.close();
    app = createApp({ db, config: { clientDir: '/nonexistent' }, now: fixedNow, logError: () => {} });
  });
  after(() => close());

  it('answers every endpoint without writing', async () => {
    for (const path of [
      '/api/health',
      '/api/series?commodity=refined-oil,corn&unit=t&interval=year',
      '/api/series?commodity=refined-oil&source=un1718&unit=bbl',
      '/api/series?commodity=refined-oil&source=shipments&reporter=RUS',
      '/api/series.csv?commodity=rice',
      '/api/headline?commodity=rice&month=2017-11',
      '/api/cap?year=2021',
      '/api/claims?commodity=rice',
      '/api/shipments',
      '/api/events',
      '/api/commodities',
      '/api/datasets',
      '/api/datasets/events',
      '/api/datasets/china-customs-exports-prk/rows?commodity=rice&from=2017-01',
      '/api/datasets/events/versions',
      '/api/datasets/events/file',
    ]) {
      await request(app).get(path).expect(200);
    }
  });
});
