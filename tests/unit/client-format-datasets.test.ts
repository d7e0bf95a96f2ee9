/** The datasets and upload pages' pure formatting (issue 14): client/src/format-datasets.ts. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  andMore,
  cellText,
  changesHeading,
  emptyColumns,
  columnInfo,
  formatBytes,
  formatCoverage,
  formatImportedAt,
  formatProblem,
  keepFiguresWhole,
  parseDatasetView,
  rowsRangeText,
  serializeDatasetView,
  shortSha,
  tokenProblem,
  uploadFailure,
  uploadProgress,
  uploadSummaryText,
  versionTitle,
} from '../../client/src/format-datasets.ts';
import { formatProblem as cliFormatProblem } from '../../server/import/problems.ts';
import type { UploadResponse } from '../../client/src/api-types.ts';

const sha = 'a3f1c9e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a6';

describe('client format: datasets', () => {
  it('shortens a SHA-256 to its first 12 characters, and leaves a short text alone', () => {
    assert.equal(shortSha(sha), 'a3f1c9e0b2d4…');
    assert.equal(shortSha('abc'), 'abc');
  });

  const sizes: [number, string][] = [
    [0, '0 B'],
    [812, '812 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [150 * 1024, '150 KiB'],
    [1024 * 1024 * 2.25, '2.3 MiB'],
    [209715200, '200 MiB'],
    [3 * 1024 ** 3, '3.0 GiB'],
  ];
  for (const [bytes, text] of sizes) it(`${bytes} bytes → ${text}`, () => assert.equal(formatBytes(bytes), text));

  it('says coverage as series × months with the first and last month', () => {
    assert.equal(
      formatCoverage({ series: 3, months: 96, firstPeriod: '2010-01', lastPeriod: '2017-12' }),
      '3 series × 96 months (Jan 2010 – Dec 2017)',
    );
    assert.equal(
      formatCoverage({ series: 1, months: 1, firstPeriod: '2017-11', lastPeriod: '2017-11' }),
      '1 series × 1 month (Nov 2017)',
    );
    assert.equal(formatCoverage({ series: 0, months: 0, firstPeriod: null, lastPeriod: null }), 'no monthly figures');
    assert.equal(formatCoverage(undefined), 'not known');
  });

  it('shows an import time in UTC, and anything that is not a timestamp as it came', () => {
    assert.equal(formatImportedAt('2026-12-01T16:21:33.000Z'), '1 Dec 2026, 16:21 UTC');
    assert.equal(formatImportedAt('yesterday'), 'yesterday');
  });

  it('writes a problem exactly as the command-line import prints it', () => {
    const problems = [
      { line: 12, column: 3, code: 'INVALID_PERIOD', message: 'period "2017-13" is not a month (YYYY-MM)' },
      { line: 1, code: 'MISSING_COLUMN', message: 'no column "period"' },
    ];
    for (const problem of problems)
      assert.equal(formatProblem('bad.csv', problem), cliFormatProblem('bad.csv', problem));
    // An upload's 422 sends `column: null` for a problem of the whole line: no ":null" in the text.
    assert.equal(
      formatProblem('bad.csv', { ...problems[1]!, column: null }),
      'bad.csv:1 MISSING_COLUMN no column "period"',
    );
    assert.equal(
      formatProblem('bad.csv', problems[0]!),
      'bad.csv:12:3 INVALID_PERIOD period "2017-13" is not a month (YYYY-MM)',
    );
  });

  it('counts what a list leaves out', () => {
    assert.equal(andMore(100, 1234), 'and 1,134 more');
    assert.equal(andMore(3, 3), null);
    assert.equal(andMore(0, 0), null);
  });
});

describe('client format: an upload', () => {
  it('reports progress in whole percents, never 100 before the last byte', () => {
    assert.deepEqual(uploadProgress(0, 2048), { percent: 0, text: 'Uploading… 0% (0 B of 2.0 KiB)' });
    assert.equal(uploadProgress(1024, 2048).percent, 50);
    assert.equal(uploadProgress(2047, 2048).percent, 99);
    assert.deepEqual(uploadProgress(2048, 2048), { percent: 100, text: 'Uploading… 100% (2.0 KiB of 2.0 KiB)' });
    // The size unknown: bytes only, no percent invented.
    assert.deepEqual(uploadProgress(1536, 0), { percent: null, text: 'Uploading… 1.5 KiB sent' });
  });

  const summary: UploadResponse['summary'] = {
    status: 'imported',
    file: 'rice.csv',
    dataset: 'rice',
    format: 'tradeflow',
    sha256: sha,
    rowsRead: 3,
    rowsStored: 3,
    duplicatesSkipped: 0,
    replaced: false,
    problemCount: 0,
    elapsedMs: 12,
  };

  it('says what an upload stored, replaced or found already there', () => {
    assert.equal(uploadSummaryText(summary), 'Imported rice.csv: 3 rows stored as dataset “rice”.');
    assert.equal(
      uploadSummaryText({ ...summary, rowsStored: 1, replaced: true, duplicatesSkipped: 2 }),
      'Imported rice.csv: 1 row stored as dataset “rice”. It replaced the earlier version of that dataset, which is kept in its history. 2 duplicate rows were skipped.',
    );
    assert.equal(
      uploadSummaryText({ ...summary, status: 'unchanged' }),
      'rice.csv is already stored as dataset “rice” (same SHA-256): nothing changed.',
    );
  });

  it('refuses a token that cannot go in a header before sending it', () => {
    assert.equal(tokenProblem('s3cret-Token_1'), null);
    assert.match(tokenProblem('') ?? '', /Type the admin token/);
    assert.match(tokenProblem('two words') ?? '', /without spaces/);
    assert.match(tokenProblem('tök') ?? '', /ASCII/);
  });

  it('explains each refusal, keeping the server’s own message where it says more', () => {
    const wrong = uploadFailure(401, { code: 'unauthorized', message: 'a valid admin token is required' });
    assert.equal(wrong.title, 'Wrong token');
    assert.equal(wrong.field, 'token');
    const off = uploadFailure(403, {
      code: 'writes-disabled',
      message: 'uploads are off: start the server with TRADEFLOW_ADMIN_TOKEN set',
    });
    assert.equal(off.title, 'Uploads are off on this server');
    assert.match(off.detail, /The server said: uploads are off: start the server with TRADEFLOW_ADMIN_TOKEN set\.$/);
    assert.match(uploadFailure(403, { code: 'cross-origin', message: 'x' }).title, /another site/);
    assert.match(uploadFailure(403, { code: 'read-only-snapshot', message: 'x' }).title, /read-only snapshot/);
    const big = uploadFailure(413, {
      code: 'payload-too-large',
      message: 'the file is over 1 MiB (TRADEFLOW_UPLOAD_MAX_BYTES=1048576)',
    });
    assert.equal(big.title, 'The file is too large');
    assert.equal(big.field, 'file');
    assert.match(big.detail, /TRADEFLOW_UPLOAD_MAX_BYTES=1048576\)\.$/);
    assert.equal(
      uploadFailure(409, { code: 'import-in-progress', message: 'busy' }).title,
      'Another import is running',
    );
    const name = uploadFailure(400, { code: 'invalid-parameter', message: 'name: too long', parameter: 'name' });
    assert.deepEqual(name, { title: 'The upload was not accepted', detail: 'name: too long', field: 'name' });
    assert.match(uploadFailure(0, undefined).title, /did not reach the server/);
    assert.deepEqual(uploadFailure(500, { code: 'internal-error', message: 'Internal error' }), {
      title: 'The server answered 500',
      detail: 'Internal error',
    });
  });
});

describe('client format: the datasets page’s address', () => {
  it('reads a dataset, its filters and page, and writes them back in the same order', () => {
    const search = '?name=second-report&from=2017-01&to=2017-12&commodity=rice&reporter=CHN&partner=PRK&offset=200';
    const { view, ignored } = parseDatasetView(search);
    assert.deepEqual(ignored, []);
    assert.deepEqual(view, {
      name: 'second-report',
      filters: { from: '2017-01', to: '2017-12', commodity: 'rice', reporter: 'CHN', partner: 'PRK' },
      offset: 200,
    });
    assert.equal(`?${serializeDatasetView(view)}`, search);
  });

  it('leaves out what it cannot use and says so, never guessing', () => {
    const { view, ignored } = parseDatasetView('?name=%20&from=2017-13&to=Nov&offset=-5');
    assert.equal(view.name, null);
    assert.equal(view.filters.from, '');
    assert.equal(view.filters.to, '');
    assert.equal(view.offset, 0);
    assert.deepEqual(ignored, [
      'from=2017-13 (a month is YYYY-MM)',
      'to=Nov (a month is YYYY-MM)',
      'offset=-5 (a whole number)',
    ]);
  });

  it('writes nothing for the defaults, and escapes a name', () => {
    const none = { from: '', to: '', commodity: '', reporter: '', partner: '' };
    assert.equal(serializeDatasetView({ name: null, filters: none, offset: 0 }), '');
    assert.equal(serializeDatasetView({ name: 'a&b c', filters: none, offset: 0 }), 'name=a%26b+c');
  });
});

describe('client format: rows and versions', () => {
  it('says which rows are shown', () => {
    assert.equal(rowsRangeText(0, 100, 2345, false), 'Rows 1–100 of 2,345');
    assert.equal(rowsRangeText(2300, 45, 2345, false), 'Rows 2,301–2,345 of 2,345');
    assert.equal(rowsRangeText(0, 0, 0, true), 'No rows match these filters.');
    assert.equal(rowsRangeText(0, 0, 0, false), 'This dataset has no rows.');
    assert.equal(rowsRangeText(500, 0, 20, false), 'No rows from 501 on: there are 20.');
  });

  it('names columns from the server’s label, or from the field name', () => {
    assert.deepEqual(columnInfo('valueUsd'), { key: 'valueUsd', label: 'value usd' });
    assert.deepEqual(columnInfo('hs_code'), { key: 'hs_code', label: 'hs code' });
    assert.deepEqual(columnInfo({ name: 'quantityKg', label: 'Quantity (kg)' }), {
      key: 'quantityKg',
      label: 'Quantity (kg)',
    });
  });

  it('shows a stored value as stored: no rounding, and an empty cell (not a zero) for none', () => {
    assert.equal(cellText(671842.5), '671842.5');
    assert.equal(cellText(0), '0');
    assert.equal(cellText(null), '');
    assert.equal(cellText(undefined), '');
    assert.equal(cellText('not-reported'), 'not-reported');
    assert.equal(cellText(true), 'yes');
  });

  it('finds the columns no row shown has a value in; a zero is a value', () => {
    const rows = [
      { quantity: 0, valueUsd: null, partner2: '', note: 'a' },
      { quantity: 5, valueUsd: null, partner2: null, note: null },
    ];
    assert.deepEqual(emptyColumns(['quantity', 'valueUsd', 'partner2', 'note', 'missing'], rows), [
      'valueUsd',
      'partner2',
      'missing',
    ]);
    assert.deepEqual(emptyColumns(['quantity'], []), ['quantity'], 'no rows: nothing to show in any column');
  });

  it('keeps a figure and its unit together, and the arrow with the figure after it', () => {
    const nbsp = '\u00a0';
    assert.equal(
      keepFiguresWhole('China rice 2017-11: 672 t → 700 t'),
      `China rice 2017-11: 672${nbsp}t →${nbsp}700${nbsp}t`,
    );
    assert.equal(
      keepFiguresWhole('China rice 2016-08: removed (was 6,300 t)'),
      `China rice 2016-08: removed (was 6,300${nbsp}t)`,
    );
    assert.equal(keepFiguresWhole('China rice (HS 1006) exports'), 'China rice (HS 1006) exports');
  });

  it('titles a version and the list of its changes', () => {
    assert.equal(versionTitle({ version: 2, replacedAt: null }), 'Version 2 · current');
    assert.equal(
      versionTitle({ version: 1, replacedAt: '2026-12-01T16:21:33.000Z' }),
      'Version 1 · replaced 1 Dec 2026, 16:21 UTC',
    );
    assert.equal(
      changesHeading({ version: 1, changeCount: 0, first: true }),
      'The first version: nothing before it to compare.',
    );
    assert.equal(changesHeading({ version: 1, changeCount: 5 }), '5 changes: every month is new in the first version.');
    assert.equal(changesHeading({ version: 2, changeCount: 1 }), '1 change from the version before:');
    assert.equal(changesHeading({ version: 3, changeCount: 0 }), 'No month changed from the version before.');
  });
});
