import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { createApp } from '../../server/app.ts';
import { openReadOnlyDb } from '../../server/db/connection.ts';
import { importFile } from '../../server/import/import-file.ts';
import { createResponseCache } from '../../server/http/response-cache.ts';
import { createTempDir, createTestDb, fixedNow } from '../helpers/db.ts';
import { fixture } from '../helpers/paths.ts';
import { createApiApp } from './api-app.ts';

function countingApp(db: ReturnType<typeof createTestDb>, now = fixedNow) {
  const calls = { count: 0 };
  const app = express();
  app.get('/thing', createResponseCache(db, { now, maxEntryBytes: 64 }).middleware, (req, res) => {
    calls.count += 1;
    if (req.query.fail) {
      res.status(400).json({ error: 'no' });
      return;
    }
    res.set('Cache-Control', 'no-cache').json({ n: calls.count, size: String(req.query.size ?? '') });
  });
  app.get('/big', createResponseCache(db, { now, maxEntryBytes: 64 }).middleware, (_req, res) => {
    calls.count += 1;
    res.type('text/csv').write('x'.repeat(100));
    res.end('\n');
  });
  return { app, calls };
}

describe('the response cache', () => {
  it('answers a repeated GET from memory, with the same body, headers and ETag', async () => {
    const { app, calls } = countingApp(createTestDb());
    const first = await request(app).get('/thing?a=1').expect(200);
    const second = await request(app).get('/thing?a=1').expect(200);
    assert.equal(calls.count, 1);
    assert.deepEqual(second.body, first.body);
    assert.equal(second.headers.etag, first.headers.etag);
    assert.equal(second.headers['content-type'], first.headers['content-type']);
    assert.equal(second.headers['cache-control'], 'no-cache');
    await request(app).get('/thing?a=1').set('If-None-Match', String(first.headers.etag)).expect(304);
    await request(app).get('/thing?a=2').expect(200);
    assert.equal(calls.count, 2, 'another query is another entry');
  });

  it('never keeps errors or responses over the size limit', async () => {
    const { app, calls } = countingApp(createTestDb());
    await request(app).get('/thing?fail=1').expect(400);
    await request(app).get('/thing?fail=1').expect(400);
    assert.equal(calls.count, 2);
    const big = await request(app).get('/big').expect(200);
    assert.equal(big.text.length, 101);
    await request(app).get('/big').expect(200);
    assert.equal(calls.count, 4);
  });

  it('forgets everything when the data changes on this connection', async () => {
    const db = createTestDb();
    const { app, calls } = countingApp(db);
    await request(app).get('/thing').expect(200);
    await importFile(db, fixture('import/flows-basic.csv'), { now: fixedNow });
    const after = await request(app).get('/thing').expect(200);
    assert.equal(calls.count, 2);
    assert.equal(after.body.n, 2);
  });

  it('forgets everything on a new day (answers depend on the date)', async () => {
    let today = new Date('2026-11-23T12:00:00Z');
    const { app, calls } = countingApp(createTestDb(), () => today);
    await request(app).get('/thing').expect(200);
    today = new Date('2026-11-24T00:00:01Z');
    await request(app).get('/thing').expect(200);
    assert.equal(calls.count, 2);
  });

  it('sees an import committed by another connection while the server runs', async () => {
    const path = join(createTempDir(), 'tradeflow.db');
    const writer = createTestDb(path);
    await importFile(writer, fixture('import/flows-basic.csv'), { now: fixedNow });
    const reader = openReadOnlyDb(path);
    const app = createApp({ db: reader, config: { clientDir: '/nonexistent' }, now: fixedNow, logError: () => {} });
    const before = await request(app).get('/api/datasets').expect(200);
    assert.equal(before.body.datasets.length, 1);
    await importFile(writer, fixture('import/un1718-basic.csv'), { now: fixedNow });
    const after = await request(app).get('/api/datasets').expect(200);
    assert.equal(after.body.datasets.length, 2);
    reader.close();
    writer.close();
  });

  it('evicts the least recently used answer first: one replayed since is kept', async () => {
    const db = createTestDb();
    const computed: string[] = [];
    const app = express();
    // Every body is 20 bytes ({"id":"a","x":"xx"}); the bound holds two of them.
    app.get('/thing', createResponseCache(db, { now: fixedNow, maxTotalBytes: 40 }).middleware, (req, res) => {
      computed.push(String(req.query.id));
      res.json({ id: req.query.id, x: 'xx' });
    });
    for (const id of ['a', 'b', 'a', 'c', 'a', 'b']) await request(app).get(`/thing?id=${id}`).expect(200);
    // a and b are kept; a is replayed; c comes in and b (not replayed since) goes; a is still there, b is computed again.
    assert.deepEqual(computed, ['a', 'b', 'c', 'b']);
  });

  it('replays a remembered answer before Express routes it, and only a remembered one', async () => {
    const db = createTestDb();
    const cache = createResponseCache(db, { now: fixedNow });
    const reachedExpress = { count: 0 };
    const app = express();
    app.use((_req, _res, next) => {
      reachedExpress.count += 1;
      next();
    });
    app.get('/thing', cache.middleware, (req, res) => {
      res.set('X-Route', 'thing').json({ a: String(req.query.a ?? '') });
    });
    const server = (req: IncomingMessage, res: ServerResponse): void => {
      if (!cache.replay(req, res)) app(req, res);
    };
    const first = await request(server).get('/thing?a=1').expect(200);
    const second = await request(server).get('/thing?a=1').expect(200);
    assert.equal(reachedExpress.count, 1, 'the repeat never reached Express');
    assert.equal(second.text, first.text);
    assert.deepEqual(withoutDate(second.headers), withoutDate(first.headers));
    await request(server).get('/thing?a=2').expect(200);
    await request(server).head('/thing?a=1').expect(200);
    assert.equal(reachedExpress.count, 3, 'another URL, and a HEAD, go through Express');
  });
});

describe('the whole app in front of Express', () => {
  const url = '/api/series?commodity=rice&reporter=CHN&from=2017-01&to=2017-12';

  it('replays a series with every header the first answer had (helmet, ETag, type, length)', async () => {
    const { app } = await createApiApp({ bundled: true });
    const first = await request(app).get(url).expect(200);
    const second = await request(app).get(url).expect(200);
    assert.equal(second.text, first.text);
    assert.deepEqual(withoutDate(second.headers), withoutDate(first.headers));
    assert.equal(second.headers['content-security-policy'], first.headers['content-security-policy']);
    assert.equal(Number(second.headers['content-length']), Buffer.byteLength(first.text));
  });

  it('answers a conditional repeat with 304, unless the request says no-cache', async () => {
    const { app } = await createApiApp({ bundled: true });
    const first = await request(app).get(url).expect(200);
    const etag = String(first.headers.etag);
    const notModified = await request(app).get(url).set('If-None-Match', etag).expect(304);
    assert.equal(notModified.text, '');
    assert.equal(notModified.headers.etag, etag);
    assert.equal(notModified.headers['content-type'], undefined);
    await request(app).get(url).set('If-None-Match', etag).set('Cache-Control', 'no-cache').expect(200);
    await request(app).get(url).set('If-None-Match', '"something-else"').expect(200);
  });

  it('still refuses a remembered URL sent with a body, as it refused it the first time', async () => {
    const { app } = await createApiApp({ bundled: true });
    await request(app).get(url).expect(200);
    const refused = await request(app).get(url).set('Content-Type', 'text/plain').send('hi').expect(413);
    assert.equal(refused.body.error.code, 'payload-too-large');
  });
});

/** Response headers without the one that differs between any two responses. */
function withoutDate(headers: Record<string, unknown>): Record<string, unknown> {
  const { date: _date, ...rest } = headers;
  return rest;
}
