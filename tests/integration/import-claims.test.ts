import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { importFile } from '../../server/import/import-file.ts';
import { createTestDb, fingerprintDb, fixedNow } from '../helpers/db.ts';
import { fixture } from '../helpers/paths.ts';

describe('importing a claims file', () => {
  it('stores every claim of a good file, keys normalized, an HS code kept as the commodity', async () => {
    const db = createTestDb();
    const summary = await importFile(db, fixture('claims/good-claims.csv'), { now: fixedNow });
    assert.deepEqual(summary.problems, []);
    assert.equal(summary.format, 'claims');
    assert.equal(summary.rowsStored, 3);
    const rows = db
      .prepare(
        `SELECT line, commodity, reporter, partner, period, kind, value, unit, period_from AS periodFrom, source
         FROM claims ORDER BY line`,
      )
      .all();
    assert.deepEqual(rows, [
      {
        line: 2,
        commodity: 'rice',
        reporter: 'CHN',
        partner: 'PRK',
        period: '2017-11',
        kind: 'yoy',
        value: -63.9,
        unit: null,
        periodFrom: null,
        source: 'https://example.org/rice-yoy',
      },
      {
        line: 3,
        commodity: '1006',
        reporter: 'CHN',
        partner: 'PRK',
        period: '2017-11',
        kind: 'highest-since',
        value: null,
        unit: null,
        periodFrom: '2017-08',
        source: 'https://example.org/rice-highest',
      },
      {
        line: 4,
        commodity: 'refined-oil',
        reporter: 'RUS',
        partner: 'PRK',
        period: '2024-11',
        kind: 'total',
        value: 43,
        unit: 'calls',
        periodFrom: '2024-03',
        source: 'https://example.org/calls',
      },
    ]);
  });

  it('a bad file (missing source, bad kind, total without unit, a file name as source) stores nothing', async () => {
    const db = createTestDb();
    const before = fingerprintDb(db);
    const summary = await importFile(db, fixture('claims/bad-claims.csv'), { now: fixedNow });
    assert.equal(summary.status, 'failed');
    assert.equal(summary.format, 'claims');
    assert.deepEqual(
      summary.problems.map((p) => [p.line, p.column, p.code]),
      [
        [3, 9, 'MISSING_VALUE'],
        [4, 5, 'INVALID_VALUE'],
        [5, 9, 'INVALID_SOURCE'],
        [5, 7, 'MISSING_VALUE'],
      ],
    );
    assert.match(summary.problems[0]?.message ?? '', /^source: /);
    assert.match(
      summary.problems[1]?.message ?? '',
      /"down" is not one of yoy, mom, total, lowest-since, highest-since/,
    );
    assert.equal(summary.rowsStored, 0);
    assert.equal(fingerprintDb(db), before, 'the good first row was not kept either');
    assert.deepEqual(db.prepare('SELECT count(*) AS n FROM claims').get(), { n: 0 });
  });

  it('a bound is only for a total, and only more-than or less-than: anything else stores nothing', async () => {
    const db = createTestDb();
    const before = fingerprintDb(db);
    const summary = await importFile(db, fixture('claims/bad-bounds.csv'), { now: fixedNow });
    assert.equal(summary.status, 'failed');
    assert.deepEqual(
      summary.problems.map((p) => [p.line, p.column, p.code]),
      [
        [3, 8, 'UNEXPECTED_VALUE'],
        [4, 8, 'INVALID_VALUE'],
      ],
    );
    assert.match(summary.problems[0]?.message ?? '', /only a total can be a bound, not a yoy claim/);
    assert.match(summary.problems[1]?.message ?? '', /"about" is not one of exact, more-than, less-than/);
    assert.equal(fingerprintDb(db), before);
  });
});
