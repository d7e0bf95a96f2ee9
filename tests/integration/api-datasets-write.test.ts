/**
 * POST /api/datasets and DELETE /api/datasets/:name (issue 14): who may write, what an upload answers, and that a
 * refused file changes nothing. In-process with supertest over an in-memory database (read and write on one
 * connection); the file-database, two-connection case under load is api-datasets-concurrent.test.ts.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import request from 'supertest';
import { createApp, type AppHandler } from '../../server/app.ts';
import type { Db } from '../../server/db/connection.ts';
import { createTempDir, createTestDb, fingerprintDb, fixedNow } from '../helpers/db.ts';
import { fixture } from '../helpers/paths.ts';
import { answerOf, multipartFrame, postDatasets, waitUntil } from '../helpers/raw-upload.ts';

const token = 'test-admin-token-5f1c';
const auth = `Bearer ${token}`;
const riceQuery = '/api/series?commodity=rice&reporter=CHN&from=2017-11&to=2017-11';

interface Setup {
  db: Db;
  app: AppHandler;
  uploadDir: string;
}

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function setUp(options: { adminToken?: string; uploadMaxBytes?: number; writeDb?: boolean } = {}): Setup {
  const db = createTestDb();
  const uploadDir = createTempDir('tradeflow-uploads-');
  tempDirs.push(uploadDir);
  const app = createApp({
    db,
    ...(options.writeDb === false ? {} : { writeDb: db }),
    config: {
      clientDir: '/nonexistent',
      adminToken: 'adminToken' in options ? options.adminToken : token,
      uploadDir,
      ...(options.uploadMaxBytes === undefined ? {} : { uploadMaxBytes: options.uploadMaxBytes }),
    },
    now: fixedNow,
    logError: (error) => {
      throw error;
    },
  });
  return { db, app, uploadDir };
}

function upload(app: AppHandler, file: string | Buffer, filename: string): request.Test {
  const body = typeof file === 'string' ? readFileSync(file) : file;
  return request(app).post('/api/datasets').set('Authorization', auth).attach('file', body, filename);
}

function filesIn(dir: string): string[] {
  return readdirSync(dir).sort();
}

const riceCsv = [
  'reporter,partner,direction,period,hs_code,product,quantity,unit,value_usd,status,source,note',
  'CHN,PRK,export,2017-11,1006,,672,t,,,https://example.org/scmp,rice',
  'CHN,PRK,export,2017-10,1006,,500,t,,,https://example.org/scmp,rice',
  '',
].join('\n');

describe('write endpoints: who may write', () => {
  let setup: Setup;
  before(() => {
    setup = setUp();
  });

  it('answers 401 with WWW-Authenticate without a token, and with a wrong one', async () => {
    const none = await request(setup.app)
      .post('/api/datasets')
      .attach('file', Buffer.from(riceCsv), 'rice.csv')
      .expect(401);
    assert.equal(none.body.error.code, 'unauthorized');
    assert.match(none.headers['www-authenticate'] ?? '', /^Bearer/);
    const wrong = await request(setup.app)
      .post('/api/datasets')
      .set('Authorization', `Bearer ${token}x`)
      .attach('file', Buffer.from(riceCsv), 'rice.csv')
      .expect(401);
    assert.equal(wrong.body.error.code, 'unauthorized');
    assert.match(wrong.headers['www-authenticate'] ?? '', /invalid_token/);
    const basic = await request(setup.app)
      .delete('/api/datasets/rice')
      .set('Authorization', `Basic ${Buffer.from(`admin:${token}`).toString('base64')}`)
      .expect(401);
    assert.equal(basic.body.error.code, 'unauthorized');
    assert.deepEqual(filesIn(setup.uploadDir), []);
  });

  it('answers 403 writes-disabled when TRADEFLOW_ADMIN_TOKEN is unset, whatever the request carries', async () => {
    const off = setUp({ adminToken: undefined });
    for (const test of [
      request(off.app).post('/api/datasets').set('Authorization', auth).attach('file', Buffer.from(riceCsv), 'r.csv'),
      request(off.app).post('/api/datasets'),
      request(off.app).delete('/api/datasets/rice').set('Authorization', auth),
    ]) {
      const res = await test.expect(403);
      assert.equal(res.body.error.code, 'writes-disabled');
      assert.match(res.body.error.message, /TRADEFLOW_ADMIN_TOKEN/);
    }
    // A token but no writable connection (createApp without writeDb): off as well.
    const noDb = setUp({ writeDb: false });
    const res = await upload(noDb.app, Buffer.from(riceCsv), 'rice.csv').expect(403);
    assert.equal(res.body.error.code, 'writes-disabled');
  });

  it('refuses a write from another origin even with the token (Origin of another host; Sec-Fetch-Site)', async () => {
    const before = fingerprintDb(setup.db);
    for (const [header, value] of [
      ['Origin', 'http://evil.example'],
      ['Origin', 'null'],
      ['Sec-Fetch-Site', 'cross-site'],
      ['Sec-Fetch-Site', 'same-site'],
    ] as const) {
      const res = await upload(setup.app, Buffer.from(riceCsv), 'rice.csv').set(header, value).expect(403);
      assert.equal(res.body.error.code, 'cross-origin', `${header}: ${value}`);
    }
    const res = await request(setup.app)
      .delete('/api/datasets/rice')
      .set('Authorization', auth)
      .set('Origin', 'http://evil.example')
      .expect(403);
    assert.equal(res.body.error.code, 'cross-origin');
    assert.equal(fingerprintDb(setup.db), before);
    assert.deepEqual(filesIn(setup.uploadDir), []);
  });

  it('checks in order: snapshot, writes off, another origin, then the token', async () => {
    const db = createTestDb();
    const snapshotApp = createApp({
      db,
      writeDb: db,
      config: { clientDir: '/nonexistent', adminToken: token, uploadDir: setup.uploadDir },
      snapshot: { sha256: 'a'.repeat(64), lastModified: undefined, cacheControl: 'public, max-age=300' },
      logError: () => {},
    });
    const snapshotRes = await upload(snapshotApp, Buffer.from(riceCsv), 'rice.csv').expect(403);
    assert.equal(snapshotRes.body.error.code, 'read-only-snapshot');
    const off = setUp({ adminToken: undefined });
    const offRes = await request(off.app).post('/api/datasets').set('Origin', 'http://evil.example').expect(403);
    assert.equal(offRes.body.error.code, 'writes-disabled');
    const crossRes = await request(setup.app).post('/api/datasets').set('Origin', 'http://evil.example').expect(403);
    assert.equal(crossRes.body.error.code, 'cross-origin');
    assert.deepEqual(filesIn(setup.uploadDir), []);
  });

  it("takes a write from the server's own page (same Origin as Host, Sec-Fetch-Site same-origin)", async () => {
    const own = setUp();
    const agent = request(own.app);
    const res = await agent
      .post('/api/datasets')
      .set('Authorization', auth)
      .set('Host', 'tradeflow.internal:3000')
      .set('Origin', 'http://tradeflow.internal:3000')
      .set('Sec-Fetch-Site', 'same-origin')
      .attach('file', Buffer.from(riceCsv), 'rice.csv')
      .expect(201);
    assert.equal(res.body.summary.status, 'imported');
  });
});

describe('POST /api/datasets', () => {
  let setup: Setup;
  beforeEach(() => {
    setup = setUp();
  });

  it('imports a good file (201), which /api/series then serves; the original is kept under its SHA-256', async () => {
    const empty = await request(setup.app).get(riceQuery).expect(200);
    assert.equal(empty.body.series[0].points[0].value, null);
    const res = await upload(setup.app, Buffer.from(riceCsv), 'China rice 2017.csv')
      .field('name', 'rice-scmp')
      .field('source', 'https://example.org/scmp')
      .expect(201);
    const sha256 = createHash('sha256').update(riceCsv).digest('hex');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.body.summary.status, 'imported');
    assert.equal(res.body.summary.file, 'China rice 2017.csv');
    assert.equal(res.body.summary.rowsStored, 2);
    assert.equal(res.body.summary.problemCount, 0);
    assert.equal(res.body.summary.problems, undefined);
    assert.equal(res.body.dataset.name, 'rice-scmp');
    assert.equal(res.body.dataset.fileName, 'China rice 2017.csv');
    assert.equal(res.body.dataset.sha256, sha256);
    assert.equal(res.body.dataset.sourceDescription, 'https://example.org/scmp');
    assert.deepEqual(filesIn(setup.uploadDir), [`${sha256}-China_rice_2017.csv`]);
    assert.equal(readFileSync(join(setup.uploadDir, `${sha256}-China_rice_2017.csv`), 'utf8'), riceCsv);

    const served = await request(setup.app).get(riceQuery).expect(200);
    assert.equal(served.body.series[0].points[0].value, 672);
    const list = await request(setup.app).get('/api/datasets').expect(200);
    assert.deepEqual(
      list.body.datasets.map((d: { name: string }) => d.name),
      ['rice-scmp'],
    );

    // The same bytes again: 200, unchanged, one kept copy.
    const again = await upload(setup.app, Buffer.from(riceCsv), 'China rice 2017.csv').expect(200);
    assert.equal(again.body.summary.status, 'unchanged');
    assert.equal(again.body.dataset.name, 'rice-scmp');
    assert.equal(filesIn(setup.uploadDir).length, 1);
  });

  it('names the dataset after the original file name when no name is given', async () => {
    const res = await upload(setup.app, fixture('import/flows-basic.csv'), 'flows-basic.csv').expect(201);
    assert.equal(res.body.summary.dataset, 'flows-basic');
    assert.equal(res.body.dataset.fileName, 'flows-basic.csv');
  });

  it('answers a bad file with 422, its problems by line and column, and changes nothing', async () => {
    await upload(setup.app, Buffer.from(riceCsv), 'rice.csv').expect(201);
    const before = fingerprintDb(setup.db);
    const kept = filesIn(setup.uploadDir);
    const res = await upload(setup.app, fixture('bad/bad-month-13.csv'), 'bad-month-13.csv').field('name', 'rice');
    assert.equal(res.status, 422, res.text);
    assert.equal(res.headers['cache-control'], 'no-store');
    const error = res.body.error;
    assert.equal(error.code, 'invalid-file');
    assert.equal(error.file, 'bad-month-13.csv');
    assert.equal(error.problemCount, 1);
    assert.match(error.message, /^bad-month-13\.csv: 1 problem; nothing was imported$/);
    assert.equal(error.problems.length, 1);
    assert.deepEqual(Object.keys(error.problems[0]).sort(), ['code', 'column', 'line', 'message']);
    assert.equal(error.problems[0].line, 3);
    assert.equal(error.problems[0].column, 4);
    assert.equal(error.problems[0].code, 'INVALID_PERIOD');
    assert.equal(fingerprintDb(setup.db), before);
    assert.deepEqual(filesIn(setup.uploadDir), kept, 'the refused file is not kept');
    const served = await request(setup.app).get(riceQuery).expect(200);
    assert.equal(served.body.series[0].points[0].value, 672);
  });

  it('lists the first 100 problems of a very bad file and counts them all', async () => {
    const lines = ['reporter,partner,direction,period,hs_code,quantity,unit,value_usd,source'];
    for (let i = 0; i < 150; i += 1) lines.push(`CHN,PRK,export,2017-13,${1000 + i},1,t,,x`);
    const res = await upload(setup.app, Buffer.from(`${lines.join('\n')}\n`), 'bad.csv').expect(422);
    assert.equal(res.body.error.problems.length, 100);
    assert.equal(res.body.error.problemCount, 150);
    assert.deepEqual(
      res.body.error.problems.slice(0, 2).map((p: { line: number }) => p.line),
      [2, 3],
    );
    assert.deepEqual(filesIn(setup.uploadDir), []);
  });

  it('refuses a file over the limit with 413 naming it, and deletes the partial copy', async () => {
    const limit = Buffer.byteLength(riceCsv);
    const small = setUp({ uploadMaxBytes: limit });
    const big = Buffer.from(`${riceCsv}CHN,PRK,export,2017-09,1006,,1,t,,,,\n`);
    const res = await upload(small.app, big, 'big.csv').expect(413);
    assert.equal(res.body.error.code, 'payload-too-large');
    assert.match(res.body.error.message, new RegExp(`${limit} bytes.*TRADEFLOW_UPLOAD_MAX_BYTES`));
    assert.deepEqual(filesIn(small.uploadDir), []);
    assert.equal(fingerprintDb(small.db), fingerprintDb(createTestDb()));
    // At the limit exactly: taken.
    const fits = Buffer.from(riceCsv);
    await upload(small.app, fits, 'fits.csv').expect(201);
  });

  it('answers 400 naming the field: no file, not multipart, a bad name, an unknown format or field', async () => {
    const cases: Array<[request.Test, string]> = [
      [request(setup.app).post('/api/datasets').set('Authorization', auth).field('name', 'x'), 'file'],
      [
        request(setup.app)
          .post('/api/datasets')
          .set('Authorization', auth)
          .set('Content-Type', 'text/csv')
          .send(riceCsv),
        'file',
      ],
      [upload(setup.app, Buffer.from(riceCsv), 'rice.csv').field('name', '../etc'), 'name'],
      [upload(setup.app, Buffer.from(riceCsv), 'rice.csv').field('format', 'excel'), 'format'],
      [upload(setup.app, Buffer.from(riceCsv), 'rice.csv').field('dataset', 'x'), 'dataset'],
    ];
    for (const [test, parameter] of cases) {
      const res = await test.expect(400);
      assert.equal(res.body.error.code, 'invalid-parameter');
      assert.equal(res.body.error.parameter, parameter, res.text);
    }
    assert.deepEqual(filesIn(setup.uploadDir), []);
    assert.equal(fingerprintDb(setup.db), fingerprintDb(createTestDb()));
  });

  it('still refuses a body on every other route, and says which methods /api/datasets answers', async () => {
    const res = await request(setup.app).post('/api/series?commodity=rice').set('Authorization', auth).send('x');
    assert.equal(res.status, 413);
    const put = await request(setup.app).put('/api/datasets').set('Authorization', auth).expect(405);
    assert.match(put.body.error.message, /POST with the admin token/);
  });
});

describe('DELETE /api/datasets/:name', () => {
  it('removes the dataset and its rows, answering what it deleted; 404 for an unknown name', async () => {
    const setup = setUp();
    await upload(setup.app, Buffer.from(riceCsv), 'rice.csv').field('name', 'rice scmp').expect(201);
    const res = await request(setup.app).delete('/api/datasets/rice%20scmp').set('Authorization', auth).expect(200);
    assert.equal(res.body.deleted.name, 'rice scmp');
    assert.equal(res.body.deleted.fileName, 'rice.csv');
    const served = await request(setup.app).get(riceQuery).expect(200);
    assert.equal(served.body.series[0].points[0].value, null);
    const list = await request(setup.app).get('/api/datasets').expect(200);
    assert.deepEqual(list.body.datasets, []);
    const missing = await request(setup.app).delete('/api/datasets/rice%20scmp').set('Authorization', auth).expect(404);
    assert.equal(missing.body.error.code, 'not-found');
  });
});

describe('one write at a time', () => {
  let server: Server;
  let setup: Setup;
  before(async () => {
    setup = setUp();
    server = createServer(setup.app).listen(0, '127.0.0.1');
    await once(server, 'listening');
  });
  after(() => {
    server.close();
  });

  it('answers 409 to a second upload (and a delete) while one is being received', { timeout: 20_000 }, async () => {
    const { port } = server.address() as AddressInfo;
    const { contentType, head, tail } = multipartFrame('rice.csv');
    const contentLength = Buffer.byteLength(head + riceCsv + tail);
    const first = postDatasets(port, { authorization: auth, contentType, contentLength });
    const answered = answerOf(first);
    // Half the file, then wait until the server has started writing it to disk: the upload is now in progress.
    first.write(head + riceCsv.slice(0, 40));
    await waitUntil(() => filesIn(setup.uploadDir).some((name) => name.endsWith('.part')));
    const second = await upload(setup.app, Buffer.from(riceCsv), 'other.csv').expect(409);
    assert.equal(second.body.error.code, 'import-in-progress');
    const remove = await request(setup.app).delete('/api/datasets/rice').set('Authorization', auth).expect(409);
    assert.equal(remove.body.error.code, 'import-in-progress');

    first.end(riceCsv.slice(40) + tail);
    const { response, body } = await answered;
    assert.equal(response.statusCode, 201, body);
    // Free again once it finished.
    await request(setup.app).delete('/api/datasets/rice').set('Authorization', auth).expect(200);
  });

  it(
    'refuses a body declared far over the limit before reading it, closing the connection',
    { timeout: 20_000 },
    async () => {
      const small = setUp({ uploadMaxBytes: 1000 });
      const smallServer = createServer(small.app).listen(0, '127.0.0.1');
      await once(smallServer, 'listening');
      try {
        const huge = postDatasets((smallServer.address() as AddressInfo).port, {
          authorization: auth,
          contentType: 'multipart/form-data; boundary=x',
          contentLength: 1000 + 1024 * 1024,
        });
        huge.on('error', () => {});
        const answered = answerOf(huge);
        // Headers only: the answer comes without the body ever being sent.
        huge.flushHeaders();
        const { response, body } = await answered;
        assert.equal(response.statusCode, 413, body);
        assert.equal(response.headers.connection, 'close');
        assert.equal((JSON.parse(body) as { error: { code: string } }).error.code, 'payload-too-large');
        assert.deepEqual(filesIn(small.uploadDir), []);
        huge.destroy();
      } finally {
        smallServer.closeAllConnections();
        smallServer.close();
      }
    },
  );

  it('cleans up after a client that goes away half-way, and takes the next upload', { timeout: 20_000 }, async () => {
    const { port } = server.address() as AddressInfo;
    const { contentType, head } = multipartFrame('rice.csv');
    const before = fingerprintDb(setup.db);
    const gone = postDatasets(port, { authorization: auth, contentType, contentLength: 100_000 });
    gone.on('error', () => {});
    gone.write(head + riceCsv.slice(0, 40));
    const partial = (): boolean => filesIn(setup.uploadDir).some((name) => name.endsWith('.part'));
    await waitUntil(partial);
    gone.destroy();
    await waitUntil(() => !partial());
    assert.equal(fingerprintDb(setup.db), before);
    const next = await upload(setup.app, Buffer.from(riceCsv), 'rice.csv').expect(201);
    assert.equal(next.body.summary.status, 'imported');
  });
});
