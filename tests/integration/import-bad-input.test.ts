import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFile } from '../../server/import/import-file.ts';
import { formatProblem } from '../../server/import/problems.ts';
import { createTempDir, createTestDb, fingerprintDb, fixedNow } from '../helpers/db.ts';
import { fixture } from '../helpers/paths.ts';
import { importModes } from '../helpers/import-modes.ts';

/** file → the first problem expected: code, line, column (undefined where the problem is the whole file or row). */
const cases: Array<[file: string, code: string, line: number, column: number | undefined]> = [
  ['empty.csv', 'EMPTY_FILE', 1, undefined],
  ['binary.csv', 'BINARY_FILE', 1, undefined],
  ['header-only.csv', 'NO_DATA_ROWS', 1, undefined],
  ['unknown-header.csv', 'UNKNOWN_FORMAT', 1, undefined],
  ['missing-required-column.csv', 'UNKNOWN_FORMAT', 1, undefined],
  ['wrong-delimiter.csv', 'UNKNOWN_FORMAT', 1, undefined],
  ['bad-month-13.csv', 'INVALID_PERIOD', 3, 4],
  ['bad-month-text.csv', 'INVALID_PERIOD', 2, 4],
  ['future-month.csv', 'FUTURE_PERIOD', 2, 4],
  ['non-numeric-quantity.csv', 'INVALID_NUMBER', 2, 7],
  ['nan-quantity.csv', 'INVALID_NUMBER', 2, 7],
  ['negative-quantity.csv', 'NEGATIVE_NUMBER', 2, 7],
  ['unknown-unit.csv', 'UNKNOWN_UNIT', 2, 8],
  ['unknown-country.csv', 'UNKNOWN_COUNTRY', 2, 2],
  ['ragged-row.csv', 'RAGGED_ROW', 3, 9],
  ['duplicate-key.csv', 'DUPLICATE_KEY', 4, undefined],
  ['thousands-without-opt-in.csv', 'INVALID_NUMBER', 2, 7],
  ['missing-value.csv', 'MISSING_VALUE', 2, 1],
  ['no-value-no-status.csv', 'MISSING_VALUE', 2, 7],
  ['not-reported-with-value.csv', 'STATUS_CONFLICT', 2, 10],
  ['unclosed-quote.csv', 'CSV_QUOTE_NOT_CLOSED', 3, undefined],
  ['unknown-product.csv', 'INVALID_VALUE', 2, 6],
  ['un1718-unit-kg.csv', 'UNKNOWN_UNIT', 2, 4],
  ['invalid-date.csv', 'INVALID_DATE', 2, 1],
  ['formula-in-number.csv', 'INVALID_NUMBER', 2, 7],
  ['formula-in-country.csv', 'UNKNOWN_COUNTRY', 2, 1],
  ['mixed-encoding.csv', 'MIXED_ENCODING', 1, undefined],
  ['utf16.csv', 'UNSUPPORTED_ENCODING', 1, undefined],
  ['months-out-of-range.csv', 'INVALID_PERIOD', 2, 4],
];

describe('bad input: a clear problem, and the database exactly as it was', () => {
  // Every case in each way a file is read: in this thread (small files), in the worker thread (large files).
  for (const [file, code, line, column] of cases)
    for (const mode of importModes) {
      it(`${file} → ${code} at line ${line}, ${mode.name}`, async () => {
        const db = createTestDb();
        const seeded = await importFile(db, fixture('import/flows-basic.csv'), { now: fixedNow });
        assert.equal(seeded.status, 'imported');
        const before = fingerprintDb(db);
        const summary = await importFile(db, fixture(`bad/${file}`), { now: fixedNow, ...mode.options });
        assert.equal(summary.status, 'failed');
        const first = summary.problems[0];
        assert.ok(first, 'at least one problem');
        assert.equal(first.code, code, formatProblem(file, first));
        assert.equal(first.line, line, formatProblem(file, first));
        assert.equal(first.column, column, formatProblem(file, first));
        assert.equal(summary.rowsStored, 0);
        assert.equal(fingerprintDb(db), before);
      });
    }

  it('covers every file of the corpus in tests/fixtures/bad/', () => {
    const corpus = readdirSync(fixture('bad')).sort();
    assert.ok(corpus.length >= 25, `${corpus.length} malformed files`);
    assert.deepEqual(corpus, cases.map(([file]) => file).sort());
  });

  it('a 10 MB single field is refused as too large, and changes nothing', async () => {
    const db = createTestDb();
    await importFile(db, fixture('import/flows-basic.csv'), { now: fixedNow });
    const before = fingerprintDb(db);
    const file = join(createTempDir(), 'huge-field.csv');
    writeFileSync(
      file,
      `reporter,partner,direction,period,hs_code,quantity,unit,note\nCHN,PRK,export,2017-11,1006,1,t,"${'x'.repeat(10 * 1024 * 1024)}"\n`,
    );
    const summary = await importFile(db, file, { now: fixedNow });
    assert.equal(summary.status, 'failed');
    assert.equal(summary.problems[0]?.code, 'CSV_MAX_RECORD_SIZE');
    assert.equal(summary.problems[0]?.line, 2);
    assert.equal(fingerprintDb(db), before);
  });

  it('reports every problem in a file, not just the first', async () => {
    const db = createTestDb();
    const file = join(createTempDir(), 'many.csv');
    const header = 'reporter,partner,direction,period,hs_code,quantity,unit\n';
    writeFileSync(file, header + 'CHN,PRK,export,2017-13,1006,1,t\nXXX,PRK,export,2017-11,1006,-1,t\n');
    const all = await importFile(db, file, { now: fixedNow });
    assert.deepEqual(
      all.problems.map((p) => `${p.line}:${p.column} ${p.code}`),
      ['2:4 INVALID_PERIOD', '3:1 UNKNOWN_COUNTRY', '3:6 NEGATIVE_NUMBER'],
    );
  });

  it('caps the list of problems and still counts them all', async () => {
    const db = createTestDb();
    const file = join(createTempDir(), 'lots.csv');
    const lines = Array.from({ length: 250 }, (_, i) => `CHN,PRK,export,2017-13,10${String(i).padStart(3, '0')},1,t`);
    writeFileSync(file, 'reporter,partner,direction,period,hs_code,quantity,unit\n' + lines.join('\n') + '\n');
    const summary = await importFile(db, file, { now: fixedNow, maxProblems: 100 });
    assert.equal(summary.problems.length, 100);
    assert.equal(summary.problemCount, 250);
  });

  it('with --format, a missing required column is named', async () => {
    const db = createTestDb();
    const summary = await importFile(db, fixture('bad/missing-required-column.csv'), {
      now: fixedNow,
      format: 'flows',
    });
    assert.deepEqual(
      summary.problems.map((p) => [p.code, p.message]),
      [['MISSING_COLUMN', 'format flows needs a "period" column']],
    );
  });

  it('an unknown header lists the headers each format expects', async () => {
    const db = createTestDb();
    const summary = await importFile(db, fixture('bad/unknown-header.csv'), { now: fixedNow });
    const message = summary.problems[0]?.message ?? '';
    assert.match(message, /flows: reporter,partner,direction,period,hs_code/);
    assert.match(message, /un1718: reporter,period,unit,source/);
    assert.match(message, /events: date,category,title/);
  });

  it('a missing file is a clear error', async () => {
    const db = createTestDb();
    const summary = await importFile(db, fixture('bad/no-such-file.csv'), { now: fixedNow });
    assert.equal(summary.problems[0]?.code, 'FILE_NOT_FOUND');
  });
});
