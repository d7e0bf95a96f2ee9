/**
 * Issue 14 end to end over HTTP: what the write endpoints do (helper W's upload and delete) is what the read
 * endpoints show (dataset versions, migration 0007). A file uploaded, then replaced by a second version under the
 * same name, shows its revision month by month; the kept original downloads byte for byte; a delete keeps the
 * history. The rice fixtures' 700 t and 300 t are test values, not published figures (tests/fixtures/versions/).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import request from 'supertest';
import { createApp } from '../../server/app.ts';
import { createTempDir, createTestDb, fixedNow } from '../helpers/db.ts';
import { fixture } from '../helpers/paths.ts';

const token = 'history-test-token-91ab';
const auth = `Bearer ${token}`;
const uploadDir = createTempDir('tradeflow-history-');
after(() => rmSync(uploadDir, { recursive: true, force: true }));

interface Change {
  period: string | null;
  kind: string;
  text: string;
}
interface Version {
  version: number;
  fileName: string;
  sha256: string;
  changes: Change[];
  changeCount: number;
}

describe('upload, replace, download and delete, as the datasets pages read them', () => {
  const db = createTestDb();
  const app = createApp({
    db,
    writeDb: db,
    config: { clientDir: '/nonexistent', adminToken: token, uploadDir },
    now: fixedNow,
    logError: (error) => {
      throw error;
    },
  });
  const v1 = readFileSync(fixture('versions/rice-v1.csv'));
  const v2 = readFileSync(fixture('versions/rice-v2.csv'));
  const post = (body: Buffer, filename: string, name = 'china rice') =>
    request(app).post('/api/datasets').set('Authorization', auth).field('name', name).attach('file', body, filename);

  it('a replaced dataset shows its revision: "672 t → 700 t" for November 2017, one month added, one removed', async () => {
    await post(v1, 'rice-v1.csv').expect(201);
    const replaced = await post(v2, 'rice-v2.csv').expect(201);
    assert.equal(replaced.body.summary.replaced, true);
    const { body } = await request(app).get('/api/datasets/china%20rice/versions').expect(200);
    const versions = body.versions as Version[];
    assert.deepEqual(
      versions.map((v) => [v.version, v.fileName]),
      [
        [2, 'rice-v2.csv'],
        [1, 'rice-v1.csv'],
      ],
    );
    const changes = versions[0]?.changes ?? [];
    assert.equal(versions[0]?.changeCount, 3);
    assert.deepEqual(changes.map((c) => [c.period, c.kind]).sort(), [
      ['2016-08', 'removed'],
      ['2017-11', 'revised'],
      ['2018-04', 'added'],
    ]);
    assert.match(changes.find((c) => c.period === '2017-11')?.text ?? '', /2017-11: 672 t → 700 t$/);
    // The series serves the new version.
    const served = await request(app).get('/api/series?commodity=rice&reporter=CHN&from=2017-11&to=2017-11');
    assert.equal(served.body.series[0].points[0].value, 700);
  });

  it('downloads the uploaded original byte for byte, under its original name', async () => {
    const res = await request(app)
      .get('/api/datasets/china%20rice/file')
      .buffer(true)
      .parse((stream, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    assert.ok(Buffer.isBuffer(res.body));
    assert.equal(Buffer.compare(res.body as Buffer, v2), 0);
    assert.match(String(res.headers['content-disposition']), /attachment; filename="?rice-v2\.csv"?/);
  });

  it('a delete removes the rows and keeps the history, marked deleted', async () => {
    await request(app).delete('/api/datasets/china%20rice').set('Authorization', auth).expect(200);
    await request(app).get('/api/datasets/china%20rice/rows').expect(404);
    const { body } = await request(app).get('/api/datasets/china%20rice/versions').expect(200);
    assert.equal(body.deleted, true);
    // Stamped by the server's clock (fixed here), as imports are.
    assert.equal(body.versions[0].deletedAt, fixedNow().toISOString());
    assert.deepEqual(
      (body.versions as Version[]).map((v) => v.version),
      [2, 1],
    );
    const served = await request(app).get('/api/series?commodity=rice&reporter=CHN&from=2017-11&to=2017-11');
    assert.equal(served.body.series[0].points[0].value, null);
  });

  it('a delete leaves no series or source text behind that no other dataset uses', async () => {
    const stored = (): { series: number; texts: number } =>
      db
        .prepare<[], { series: number; texts: number }>(
          'SELECT (SELECT count(*) FROM flow_series) AS series, (SELECT count(*) FROM texts) AS texts',
        )
        .get() ?? { series: -1, texts: -1 };
    const before = stored();
    // Two datasets, so the delete of one must keep what the other still uses.
    await post(v1, 'rice-v1.csv', 'another rice').expect(201);
    await post(v2, 'rice-v2.csv', 'kept rice').expect(201);
    const withBoth = stored();
    assert.ok(withBoth.series > before.series && withBoth.texts > before.texts);
    await request(app).delete('/api/datasets/another%20rice').set('Authorization', auth).expect(200);
    const served = await request(app).get('/api/series?commodity=rice&reporter=CHN&from=2017-11&to=2017-11');
    assert.equal(served.body.series[0].points[0].value, 700, 'the other dataset still reads whole');
    await request(app).delete('/api/datasets/kept%20rice').set('Authorization', auth).expect(200);
    assert.deepEqual(stored(), before);
  });
});
