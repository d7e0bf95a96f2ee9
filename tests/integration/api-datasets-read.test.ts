/**
 * The datasets' read endpoints (issue 14): GET /api/datasets (coverage, versions, file), /api/datasets/:name,
 * /rows, /versions and /file. A rice dataset under a name with spaces and dots, imported twice: version 2 revises
 * November 2017 (672 t → 700 t, a test value), adds April 2018 and drops August 2016 (tests/fixtures/versions/).
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { AppHandler } from '../../server/app.ts';
import type { Db } from '../../server/db/connection.ts';
import { importFile } from '../../server/import/import-file.ts';
import { createTempDir, fingerprintDb, fixedNow } from '../helpers/db.ts';
import { fixture } from '../helpers/paths.ts';
import { createApiApp } from './api-app.ts';

const name = 'china rice v1.0';
const path = `/api/datasets/${encodeURIComponent(name)}`;
const later = (): Date => new Date('2026-11-24T09:30:00Z');

interface Version {
  version: number;
  fileName: string;
  current: boolean;
  first: boolean;
  changeCount: number;
  changes: Array<{ period: string; kind: string; text: string; series: string }>;
}

async function setUp(): Promise<{ db: Db; app: AppHandler; v1: string; v2: string }> {
  const { db, app } = await createApiApp({ bundled: ['events.csv'] });
  const dir = createTempDir();
  mkdirSync(join(dir, 'v1'));
  mkdirSync(join(dir, 'v2'));
  const v1 = join(dir, 'v1', 'rice.csv');
  const v2 = join(dir, 'v2', 'rice.csv');
  copyFileSync(fixture('versions/rice-v1.csv'), v1);
  copyFileSync(fixture('versions/rice-v2.csv'), v2);
  assert.equal((await importFile(db, v1, { datasetName: name, now: fixedNow })).status, 'imported');
  assert.equal((await importFile(db, v2, { datasetName: name, now: later })).status, 'imported');
  return { db, app, v1, v2 };
}

describe('GET /api/datasets/:name/versions', () => {
  let db: Db;
  let app: AppHandler;
  before(async () => {
    ({ db, app } = await setUp());
  });

  it('lists both versions, newest first, with exactly the three months version 2 changed', async () => {
    const { body } = await request(app).get(`${path}/versions`).expect(200);
    assert.equal(body.name, name);
    assert.equal(body.deleted, false);
    const versions = body.versions as Version[];
    assert.deepEqual(
      versions.map((v) => [v.version, v.current, v.first, v.changeCount]),
      [
        [2, true, false, 3],
        [1, false, true, 0],
      ],
    );
    assert.deepEqual(
      versions[0]?.changes.map((c) => [c.period, c.kind]),
      [
        ['2016-08', 'removed'],
        ['2017-11', 'revised'],
        ['2018-04', 'added'],
      ],
    );
    const revised = versions[0]?.changes[1];
    assert.equal(revised?.text, 'China rice 2017-11: 672 t → 700 t');
    assert.equal(revised?.series, 'China rice (HS 1006) exports to North Korea');
  });

  it('a failed replacement records no version and changes nothing', async () => {
    const before = fingerprintDb(db);
    const failed = await importFile(db, fixture('versions/rice-v2-bad.csv'), { datasetName: name, now: later });
    assert.equal(failed.status, 'failed');
    assert.equal(fingerprintDb(db), before);
    const { body } = await request(app).get(`${path}/versions`).expect(200);
    assert.deepEqual(
      body.versions.map((v: Version) => v.version),
      [2, 1],
    );
  });

  it('GET /api/datasets/:name gives the dataset with its coverage and its versions', async () => {
    const { body } = await request(app).get(path).expect(200);
    assert.equal(body.dataset.name, name);
    assert.equal(body.dataset.fileName, 'rice.csv');
    assert.equal(body.dataset.versionCount, 2);
    assert.equal(body.dataset.fileAvailable, true);
    assert.deepEqual(body.dataset.coverage, { series: 1, months: 10, firstPeriod: '2016-11', lastPeriod: '2023-03' });
    assert.equal(body.dataset.filePath, undefined, 'the server path is not sent');
    assert.deepEqual(
      body.versions.map((v: Version) => v.version),
      [2, 1],
    );
  });

  it('GET /api/datasets extends each record with coverage, versionCount and fileAvailable', async () => {
    const { body } = await request(app).get('/api/datasets').expect(200);
    const rice = body.datasets.find((d: { name: string }) => d.name === name);
    const events = body.datasets.find((d: { name: string }) => d.name === 'events');
    assert.deepEqual([rice.versionCount, rice.fileAvailable, rice.coverage.months], [2, true, 10]);
    assert.deepEqual([events.versionCount, events.coverage.series], [1, 6]);
  });
});

describe('GET /api/datasets/:name/rows', () => {
  let app: AppHandler;
  before(async () => {
    ({ app } = await setUp());
  });

  it('pages through the rows in file order, each with its file and line', async () => {
    const first = await request(app).get(`${path}/rows?limit=4`).expect(200);
    assert.equal(first.body.total, 10);
    assert.deepEqual([first.body.offset, first.body.limit], [0, 4]);
    assert.deepEqual(first.body.columns.slice(0, 3), ['file', 'line', 'reporter']);
    assert.deepEqual(
      first.body.rows.map((r: { file: string; line: number; period: string }) => [r.file, r.line, r.period]),
      [
        ['rice.csv', 2, '2016-11'],
        ['rice.csv', 3, '2017-04'],
        ['rice.csv', 4, '2017-07'],
        ['rice.csv', 5, '2017-08'],
      ],
    );
    const last = await request(app).get(`${path}/rows?offset=8&limit=4`).expect(200);
    assert.deepEqual(
      last.body.rows.map((r: { line: number; period: string; quantity: number }) => [r.line, r.period, r.quantity]),
      [
        [10, '2023-03', 46760],
        [11, '2018-04', 300],
      ],
    );
  });

  it('filters by months, commodity, reporter and partner', async () => {
    const months = await request(app).get(`${path}/rows?from=2017-08&to=2018-02`).expect(200);
    assert.deepEqual(
      months.body.rows.map((r: { period: string; quantity: number; status: string }) => [
        r.period,
        r.quantity,
        r.status,
      ]),
      [
        ['2017-08', 7399, 'reported'],
        ['2017-11', 700, 'reported'],
        ['2018-02', 0, 'reported-zero'],
      ],
    );
    const rice = await request(app).get(`${path}/rows?commodity=rice&reporter=chn&partner=PRK`).expect(200);
    assert.equal(rice.body.total, 10);
    const hs = await request(app).get(`${path}/rows?commodity=1006&from=2023-01`).expect(200);
    assert.equal(hs.body.total, 1);
    const corn = await request(app).get(`${path}/rows?commodity=corn`).expect(200);
    assert.deepEqual([corn.body.total, corn.body.rows], [0, []]);
    const korea = await request(app).get(`${path}/rows?partner=KOR`).expect(200);
    assert.equal(korea.body.total, 0);
  });

  it('browses other kinds with their own columns (events: date, category, title)', async () => {
    const { body } = await request(app).get('/api/datasets/events/rows?from=2017-12&to=2017-12').expect(200);
    assert.deepEqual(body.columns, ['file', 'line', 'date', 'category', 'title', 'source', 'note']);
    // data/events.csv lines 15 and 16.
    assert.deepEqual(
      body.rows.map((r: { file: string; line: number; date: string; category: string }) => [
        r.file,
        r.line,
        r.date,
        r.category,
      ]),
      [
        ['events.csv', 15, '2017-12-22', 'resolution'],
        ['events.csv', 16, '2017-12-26', 'sanctions'],
      ],
    );
    assert.equal(body.total, 2);
  });
});

describe('GET /api/datasets/:name/file', () => {
  it('sends the original bytes, and 404 file-not-kept once the file has changed or gone', async () => {
    const { app, v2 } = await setUp();
    const response = await request(app)
      .get(`${path}/file`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    assert.ok(Buffer.compare(response.body as Buffer, readFileSync(v2)) === 0, 'the same bytes');
    // RFC 6266: the name is quoted only where it needs to be (Express's content-disposition).
    assert.match(response.headers['content-disposition'] ?? '', /^attachment; filename="?rice\.csv"?$/);
    assert.equal(response.headers['content-type'], 'text/csv');

    // Another size too: the remembered hash is keyed by path, modification time and size, and a file system with
    // coarse times could give an edit within the same second the same modification time.
    writeFileSync(v2, readFileSync(v2, 'utf8').replace('46760', '467600'));
    const changed = await request(app).get(`${path}/file`).expect(404);
    assert.equal(changed.body.error.code, 'file-not-kept');
    assert.match(changed.body.error.message, /changed since it was imported/);
    rmSync(v2);
    const gone = await request(app).get(`${path}/file`).expect(404);
    assert.equal(gone.body.error.code, 'file-not-kept');
    assert.match(gone.body.error.message, /no longer where it was read/);
  });
});

describe('the datasets endpoints refuse what they cannot answer', () => {
  let app: AppHandler;
  before(async () => {
    ({ app } = await setUp());
  });

  it('finds names with a slash, a percent sign or non-ASCII letters when they are percent-encoded', async () => {
    const { db, app: other } = await createApiApp({});
    // Two different files: the same file twice would be "unchanged" (same SHA-256), not a second dataset.
    for (const [odd, file] of [
      ['GAC/Reuters 100% rice', 'rice-v1.csv'],
      ['Rýže 1.2', 'rice-v2.csv'],
    ] as const) {
      const imported = await importFile(db, fixture(`versions/${file}`), { datasetName: odd, now: fixedNow });
      assert.equal(imported.status, 'imported');
      const { body } = await request(other)
        .get(`/api/datasets/${encodeURIComponent(odd)}/versions`)
        .expect(200);
      assert.equal(body.name, odd);
    }
    // Malformed percent-encoding is the client's mistake: 400, not 500.
    const malformed = await request(other).get('/api/datasets/%E0%A4%A/versions').expect(400);
    assert.equal(malformed.body.error.code, 'bad-request');
  });

  it('404 for a name never imported, on every path', async () => {
    for (const suffix of ['', '/rows', '/versions', '/file']) {
      const { body } = await request(app).get(`/api/datasets/no%20such.set${suffix}`).expect(404);
      assert.equal(body.error.code, 'not-found', suffix);
      assert.match(body.error.message, /no such\.set/, suffix);
    }
  });

  it('400 naming the parameter for every bad one', async () => {
    const cases: Array<[string, string]> = [
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['limit=ten', 'limit'],
      ['offset=-1', 'offset'],
      ['offset=1.5', 'offset'],
      ['from=2017-13', 'from'],
      ['to=2017', 'to'],
      ['from=2018-01&to=2017-01', 'from'],
      ['commodity=ri%20ce', 'commodity'],
      ['reporter=XX', 'reporter'],
      ['partner=North%20Korea', 'partner'],
      ['sort=period', 'sort'],
      ['limit=1&limit=2', 'limit'],
    ];
    for (const [query, parameter] of cases) {
      const { body } = await request(app).get(`${path}/rows?${query}`).expect(400);
      assert.equal(body.error.code, 'invalid-parameter', query);
      assert.equal(body.error.parameter, parameter, query);
      assert.ok(body.error.message.startsWith(`${parameter}: `), query);
    }
    // A filter the kind has no field for is refused, not ignored.
    const { body } = await request(app).get('/api/datasets/events/rows?reporter=CHN').expect(400);
    assert.equal(body.error.parameter, 'reporter');
    for (const suffix of ['', '/versions', '/file']) {
      const extra = await request(app).get(`${path}${suffix}?limit=1`).expect(400);
      assert.equal(extra.body.error.parameter, 'limit', suffix);
    }
  });
});
