/**
 * UN Comtrade imports against small fixtures of our own (tests/fixtures/comtrade/README.md says what each holds):
 * one per quirk of real downloads, one per way a row can fail to map, and the China → North Korea monthly series
 * written by hand from the published customs figures.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFile, type ImportOptions } from '../../server/import/import-file.ts';
import { formatProblem } from '../../server/import/problems.ts';
import { createTestDb, fingerprintDb, fixedNow } from '../helpers/db.ts';
import { fixture, repoRoot } from '../helpers/paths.ts';
import { importModes } from '../helpers/import-modes.ts';

type Db = ReturnType<typeof createTestDb>;
const comtrade = (name: string) => fixture(`comtrade/${name}`);

async function importOk(db: Db, name: string, options = {}) {
  const summary = await importFile(db, comtrade(name), { now: fixedNow, ...options });
  assert.deepEqual(
    summary.problems.map((p) => formatProblem(name, p)),
    [],
  );
  assert.equal(summary.status, 'imported');
  return summary;
}

const flows = (db: Db, columns: string, where = '1') =>
  db.prepare(`SELECT ${columns} FROM trade_flows WHERE ${where} ORDER BY line`).all();

describe('Comtrade+ CSV: the quirks of a real web download, one fixture each', () => {
  it('detects the format from its 47 columns', async () => {
    const db = createTestDb();
    const summary = await importOk(db, 'plus-trailing-comma.csv');
    assert.equal(summary.format, 'comtrade-plus-csv');
  });

  it('a whole download: Latin-1, every value quoted, a trailing comma on every row, mosCode "0 "', async () => {
    const db = createTestDb();
    const bytes = readFileSync(comtrade('plus-web-download.csv'));
    assert.ok(bytes.includes(0xf4), 'the fixture holds a Latin-1 ô (Côte d’Ivoire)');
    assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes), 'and is not valid UTF-8');
    const summary = await importOk(db, 'plus-web-download.csv');
    assert.equal(summary.rowsStored, 2);
    assert.deepEqual(
      flows(
        db,
        'line, partner, partner_code AS pc, hs_code AS hs, net_weight_kg AS kg, value_usd AS usd, mos_code AS mos',
      ),
      [
        { line: 2, partner: 'CIV', pc: 384, hs: '0709', kg: 1200, usd: 3400, mos: '0' },
        { line: 3, partner: 'PRK', pc: 408, hs: '1006', kg: 672000, usd: 300000, mos: '0' },
      ],
    );
  });

  it('Latin-1 text', async () => {
    const db = createTestDb();
    await importOk(db, 'plus-latin1.csv');
    assert.deepEqual(flows(db, 'partner, net_weight_kg AS kg'), [{ partner: 'CIV', kg: 5000 }]);
  });

  it('every value quoted, numbers and booleans too; the HS code keeps its leading zero', async () => {
    const db = createTestDb();
    await importOk(db, 'plus-all-quoted.csv');
    assert.deepEqual(
      flows(
        db,
        'hs_code AS hs, quantity, quantity_unit AS unit, net_weight_kg AS kg, value_usd AS usd, is_reported AS rep',
      ),
      [{ hs: '0709', quantity: 1250.5, unit: 'kg', kg: 1250.5, usd: 980, rep: 1 }],
    );
  });

  it('a trailing comma on every data row (48 fields against 47 headings)', async () => {
    const db = createTestDb();
    const text = readFileSync(comtrade('plus-trailing-comma.csv'), 'utf8');
    assert.ok(text.split('\n')[1]?.endsWith(','), 'fixture rows end with a comma');
    const summary = await importOk(db, 'plus-trailing-comma.csv');
    assert.equal(summary.rowsStored, 2);
  });

  it('mosCode with a trailing space', async () => {
    const db = createTestDb();
    await importOk(db, 'plus-mos-trailing-space.csv');
    assert.deepEqual(flows(db, 'mos_code AS mos, mot_code AS mot, customs_code AS customs'), [
      { mos: '0', mot: '0', customs: 'C00' },
    ]);
  });

  it('empty cells are not given (NULL), a reported 0 stays 0, and a row with no figure at all is a not-reported gap', async () => {
    const db = createTestDb();
    await importOk(db, 'plus-empty-cells.csv');
    assert.deepEqual(
      flows(
        db,
        'period, hs_code AS hs, quantity, net_weight_kg AS kg, value_usd AS usd, value_fob_usd AS fob, value_cif_usd AS cif, status',
      ),
      [
        { period: '2017-10', hs: '1005', quantity: 0, kg: 0, usd: 0, fob: 0, cif: null, status: 'reported-zero' },
        {
          period: '2017-11',
          hs: '1005',
          quantity: null,
          kg: 100000,
          usd: null,
          fob: null,
          cif: null,
          status: 'reported',
        },
        {
          period: '2017-12',
          hs: '1005',
          quantity: null,
          kg: null,
          usd: null,
          fob: null,
          cif: null,
          status: 'not-reported',
        },
        {
          period: '2017-11',
          hs: '1006',
          quantity: null,
          kg: null,
          usd: 250000,
          fob: 250000,
          cif: null,
          status: 'reported',
        },
      ],
    );
  });

  it('refMonth 52: an annual row is stored once as the year, never spread over months', async () => {
    const db = createTestDb();
    await importOk(db, 'plus-annual-refmonth-52.csv');
    assert.deepEqual(flows(db, 'frequency, period, net_weight_kg AS kg'), [
      { frequency: 'year', period: '2017', kg: 46000000 },
      { frequency: 'month', period: '2017-11', kg: 672000 },
    ]);
  });

  it('the same HS code under H4, H5 and H6 (and twice in one month under two revisions) is four rows, not duplicates', async () => {
    const db = createTestDb();
    const summary = await importOk(db, 'plus-hs-revisions.csv');
    assert.equal(summary.duplicatesSkipped, 0);
    assert.deepEqual(
      flows(db, 'period, hs_code AS hs, hs_revision AS rev, commodity_group AS grp, net_weight_kg AS kg'),
      [
        { period: '2016-12', hs: '271019', rev: 'H4', grp: 'refined-oil', kg: 12135000 },
        { period: '2017-12', hs: '271019', rev: 'H5', grp: 'refined-oil', kg: 0 },
        { period: '2022-01', hs: '271019', rev: 'H6', grp: 'refined-oil', kg: 1000 },
        { period: '2022-01', hs: '271019', rev: 'H5', grp: 'refined-oil', kg: 1000 },
      ],
    );
  });

  it('a reporter code that is not the ISO numeric code (India is 699) keeps its ISO3 and its Comtrade code', async () => {
    const db = createTestDb();
    await importOk(db, 'plus-india-699.csv');
    assert.deepEqual(flows(db, 'reporter, reporter_code AS rc, partner, partner_code AS pc'), [
      { reporter: 'IND', rc: 699, partner: 'USA', pc: 842 },
    ]);
  });

  it('partner 490 "Other Asia, nes" has no ISO code: stored as Comtrade\'s S19, the same key as from a legacy file', async () => {
    const db = createTestDb();
    await importOk(db, 'plus-other-asia-490.csv');
    await importOk(db, 'legacy-monthly-crlf.csv');
    assert.deepEqual(
      db
        .prepare(
          'SELECT reporter, partner, partner_code AS pc FROM trade_flows WHERE partner_code = 490 ORDER BY reporter',
        )
        .all(),
      [
        { reporter: 'CHN', partner: 'S19', pc: 490 },
        { reporter: 'CHN', partner: 'S19', pc: 490 },
      ],
    );
  });

  it('a file of every partner imports whole; World, TOTAL and isAggregate rows are kept but marked aggregate', async () => {
    const db = createTestDb();
    const summary = await importOk(db, 'plus-aggregates.csv');
    assert.equal(summary.rowsStored, 6);
    assert.deepEqual(
      flows(db, 'partner, hs_code AS hs, is_aggregate AS agg, commodity_group AS grp, value_usd AS usd'),
      [
        { partner: 'PRK', hs: '1006', agg: 0, grp: 'rice', usd: 300000 },
        { partner: 'RUS', hs: '1006', agg: 0, grp: 'rice', usd: 700 },
        { partner: 'JPN', hs: '1006', agg: 0, grp: 'rice', usd: 1500 },
        { partner: 'W00', hs: '1006', agg: 1, grp: 'rice', usd: 302200 },
        { partner: 'PRK', hs: 'TOTAL', agg: 1, grp: null, usd: 110000000 },
        { partner: 'PRK', hs: '10', agg: 1, grp: null, usd: 400000 },
      ],
    );
    // The parts add up to the World row, which is why it must never be summed with them.
    assert.deepEqual(
      db.prepare("SELECT sum(value_usd) AS usd FROM trade_flows WHERE hs_code = '1006' AND is_aggregate = 0").get(),
      { usd: 302200 },
    );
  });

  it('estimated flags are kept per figure; the status is estimated only when the net weight (else quantity) is', async () => {
    const db = createTestDb();
    await importOk(db, 'plus-estimated.csv');
    assert.deepEqual(
      flows(db, 'period, status, is_weight_estimated AS we, is_quantity_estimated AS qe, net_weight_kg AS kg'),
      [
        { period: '2017-11', status: 'estimated', we: 1, qe: 1, kg: 672000 },
        { period: '2017-10', status: 'reported', we: 0, qe: 1, kg: 1000 },
        // isNetWgtEstimated on a net weight that is not given marks nothing.
        { period: '2017-09', status: 'reported', we: 0, qe: 0, kg: null },
      ],
    );
  });
});

describe('Comtrade CSV through the worker thread', () => {
  it('stores the same rows, every column of them, whichever thread parses and normalizes', async () => {
    for (const name of ['plus-web-download.csv', 'plus-aggregates.csv', 'legacy-monthly-crlf.csv']) {
      const rowsIn = async (options: ImportOptions): Promise<unknown[]> => {
        const db = createTestDb();
        await importOk(db, name, options);
        return db.prepare('SELECT * FROM trade_flows ORDER BY line').all();
      };
      const [inThread, ...others] = importModes;
      const expected = await rowsIn(inThread?.options ?? {});
      assert.ok(expected.length > 0, name);
      for (const mode of others) assert.deepEqual(await rowsIn(mode.options), expected, `${name}, ${mode.name}`);
    }
  });
});

describe('Comtrade+ API JSON', () => {
  it('the full API writes null for "not given": nulls are NULL and its zeros stay zeros', async () => {
    const db = createTestDb();
    const summary = await importOk(db, 'plus-api-null.json');
    assert.equal(summary.format, 'comtrade-plus-json');
    assert.deepEqual(flows(db, 'line, period, quantity, net_weight_kg AS kg, value_usd AS usd, status'), [
      { line: 1, period: '2017-11', quantity: null, kg: 100000, usd: 30000, status: 'reported' },
      { line: 2, period: '2017-10', quantity: 0, kg: 0, usd: 0, status: 'reported-zero' },
      { line: 3, period: '2017-12', quantity: null, kg: null, usd: null, status: 'not-reported' },
    ]);
  });

  it('a bare array of records, without the API envelope', async () => {
    const db = createTestDb();
    const summary = await importOk(db, 'plus-api-bare-array.json');
    assert.equal(summary.format, 'comtrade-plus-json');
    assert.deepEqual(flows(db, 'partner, net_weight_kg AS kg'), [{ partner: 'PRK', kg: 672000 }]);
  });

  it('the preview API, recognised from its records (no null anywhere, a 0 quantity in unit N/A): its zeros are not given', async () => {
    const db = createTestDb();
    await importOk(db, 'plus-preview-zeros.json');
    assert.deepEqual(
      flows(
        db,
        'line, partner, hs_code AS hs, quantity, net_weight_kg AS kg, value_usd AS usd, value_cif_usd AS cif, status',
      ),
      [
        { line: 1, partner: 'USA', hs: 'TOTAL', quantity: null, kg: null, usd: 1000, cif: null, status: 'reported' },
        { line: 2, partner: 'PRK', hs: '1006', quantity: 20000, kg: 20000, usd: 9000, cif: null, status: 'reported' },
      ],
    );
  });

  it('the preview API inside a client envelope that keeps the request address one level down', async () => {
    const db = createTestDb();
    await importOk(db, 'plus-preview-nested-envelope.json');
    assert.deepEqual(
      flows(db, 'line, reporter, partner, net_weight_kg AS kg, value_cif_usd AS cif, value_fob_usd AS fob'),
      [{ line: 1, reporter: 'IND', partner: 'PRK', kg: 20000, cif: null, fob: 9000 }],
    );
  });
});

describe('legacy Comtrade', () => {
  it('CSV: CRLF, monthly periods, a reporter without ISO code, "No Quantity" 0, quoted commodity names', async () => {
    const db = createTestDb();
    const summary = await importOk(db, 'legacy-monthly-crlf.csv');
    assert.equal(summary.format, 'comtrade-legacy-csv');
    assert.deepEqual(
      flows(
        db,
        'line, reporter, reporter_code AS rc, partner, direction, flow_code AS code, period, quantity, quantity_unit AS unit, net_weight_kg AS kg, value_cif_usd AS cif, status, is_aggregate AS agg',
      ),
      [
        {
          line: 2,
          reporter: 'S19',
          rc: 490,
          partner: 'PRK',
          direction: 'export',
          code: '2',
          period: '2017-11',
          quantity: null,
          unit: null,
          kg: 672000,
          cif: null,
          status: 'estimated',
          agg: 0,
        },
        {
          line: 3,
          reporter: 'CHN',
          rc: 156,
          partner: 'S19',
          direction: 'import',
          code: '1',
          period: '2017-11',
          quantity: 100000,
          unit: 'kg',
          kg: 100000,
          cif: 30000,
          status: 'estimated',
          agg: 0,
        },
        {
          line: 4,
          reporter: 'CHN',
          rc: 156,
          partner: 'W00',
          direction: 'export',
          code: '2',
          period: '2017-11',
          quantity: null,
          unit: null,
          kg: null,
          cif: null,
          status: 'not-reported',
          agg: 1,
        },
      ],
    );
  });

  it('JSON: {"validation", "dataset"}, numeric periods, World written WLD', async () => {
    const db = createTestDb();
    const summary = await importOk(db, 'legacy-api.json');
    assert.equal(summary.format, 'comtrade-legacy-json');
    assert.deepEqual(
      flows(
        db,
        'line, partner, frequency, period, hs_code AS hs, quantity, net_weight_kg AS kg, value_usd AS usd, is_aggregate AS agg',
      ),
      [
        {
          line: 1,
          partner: 'PRK',
          frequency: 'month',
          period: '2016-11',
          hs: '1006',
          quantity: 1863000,
          kg: 1863000,
          usd: 820000,
          agg: 0,
        },
        {
          line: 2,
          partner: 'W00',
          frequency: 'year',
          period: '2016',
          hs: 'TOTAL',
          quantity: null,
          kg: null,
          usd: 2097637171895,
          agg: 1,
        },
      ],
    );
  });
});

describe('rows that cannot be mapped: an error with line and column (JSON: record number and field), nothing stored', () => {
  const cases: Array<[file: string, code: string, line: number, column: number | undefined, field: string]> = [
    ['plus-unknown-flow.csv', 'INVALID_VALUE', 3, 10, 'flowCode'],
    ['plus-no-partner.csv', 'MISSING_VALUE', 3, 12, 'partnerCode'],
    ['plus-freq-period-mismatch.csv', 'INVALID_PERIOD', 3, 6, 'period'],
    ['plus-refmonth-mismatch.csv', 'INVALID_PERIOD', 3, 5, 'refMonth'],
    ['plus-lost-leading-zero.csv', 'INVALID_VALUE', 3, 21, 'cmdCode'],
    ['plus-sitc.csv', 'INVALID_VALUE', 3, 18, 'classificationCode'],
    ['plus-quantity-without-unit.csv', 'INVALID_VALUE', 3, 32, 'qty'],
    ['plus-duplicate-key.csv', 'DUPLICATE_KEY', 3, undefined, ''],
    ['plus-renamed-column.csv', 'UNKNOWN_FORMAT', 1, undefined, 'netWeight'],
    ['legacy-unknown-flag.csv', 'INVALID_VALUE', 3, 35, 'Flag'],
    ['plus-flow-not-mapped.json', 'INVALID_VALUE', 2, undefined, 'flowCode'],
    ['plus-record-not-object.json', 'INVALID_RECORD', 2, undefined, 'record 2'],
    ['plus-syntax-error.json', 'INVALID_JSON', 3, 32, 'not valid JSON'],
    ['plus-no-records.json', 'UNKNOWN_FORMAT', 0, undefined, 'the response says "no data"'],
    ['plus-empty-data.json', 'NO_DATA_ROWS', 0, undefined, '"data" array holds no records'],
  ];
  for (const [file, code, line, column, field] of cases) {
    it(`${file} → ${code} at ${line}${column === undefined ? '' : `:${column}`}`, async () => {
      const db = createTestDb();
      await importOk(db, 'plus-trailing-comma.csv');
      const before = fingerprintDb(db);
      const summary = await importFile(db, comtrade(`bad/${file}`), { now: fixedNow });
      assert.equal(summary.status, 'failed');
      const first = summary.problems[0];
      assert.ok(first, 'at least one problem');
      assert.deepEqual([first.code, first.line, first.column], [code, line, column], formatProblem(file, first));
      assert.ok(first.message.includes(field), `"${first.message}" names ${field}`);
      assert.equal(summary.rowsStored, 0);
      assert.equal(fingerprintDb(db), before);
    });
  }

  it('a file with one bad row among good ones stores none of them (CSV and JSON alike)', async () => {
    for (const file of ['bad/plus-unknown-flow.csv', 'bad/plus-flow-not-mapped.json']) {
      const db = createTestDb();
      const summary = await importFile(db, comtrade(file), { now: fixedNow });
      assert.equal(summary.rowsRead, 2, file);
      assert.equal(summary.problemCount, 1, file);
      assert.deepEqual(db.prepare('SELECT count(*) AS n FROM trade_flows').get(), { n: 0 }, file);
      assert.deepEqual(db.prepare('SELECT count(*) AS n FROM datasets').get(), { n: 0 }, file);
    }
  });

  it('--format forces one: a Comtrade+ CSV forced as legacy names what is missing; a CSV forced as JSON is not JSON', async () => {
    const db = createTestDb();
    const legacy = await importFile(db, comtrade('plus-trailing-comma.csv'), {
      now: fixedNow,
      format: 'comtrade-legacy-csv',
    });
    assert.equal(legacy.problems[0]?.code, 'MISSING_COLUMN');
    assert.match(legacy.problems[0]?.message ?? '', /format comtrade-legacy-csv needs a "Classification" column/);
    const json = await importFile(db, comtrade('plus-trailing-comma.csv'), {
      now: fixedNow,
      format: 'comtrade-plus-json',
    });
    assert.deepEqual([json.problems[0]?.code, json.problems[0]?.line], ['INVALID_JSON', 1]);
    const forced = await importFile(db, comtrade('plus-api-null.json'), {
      now: fixedNow,
      format: 'comtrade-plus-json',
    });
    assert.equal(forced.status, 'imported');
  });
});

describe('China → North Korea, a Comtrade+ monthly file written by hand from the published GAC figures', () => {
  /** published-figures.md, sections C and D (tonnes; GAC reports kg). Months not listed were not published. */
  const published: Record<string, Record<string, number>> = {
    '1005': {
      '2017-07': 21006,
      '2017-08': 14057,
      '2017-10': 0,
      '2017-11': 100,
      '2018-01': 0,
      '2018-02': 0,
      '2018-03': 0,
    },
    '1006': {
      '2017-07': 10476,
      '2017-08': 7399,
      '2017-11': 672,
      '2018-02': 0,
      '2018-03': 457,
    },
    '2710': { '2017-12': 5, '2018-02': 9 },
  };

  it('imports, and each series in tonnes is the published one, zeros as reported zeros and gaps as gaps', async () => {
    const db = createTestDb();
    const summary = await importOk(db, 'chn-prk-published-monthly.csv');
    assert.equal(summary.rowsStored, 14);
    for (const [hs, months] of Object.entries(published)) {
      const series = db
        .prepare(
          `SELECT period, net_weight_kg / 1000.0 AS tonnes, status FROM trade_flows
           WHERE reporter = 'CHN' AND partner = 'PRK' AND direction = 'export' AND frequency = 'month' AND hs_code = @hs ORDER BY period`,
        )
        .all({ hs });
      const expected = Object.entries(months).map(([period, tonnes]) => ({
        period,
        tonnes,
        status: tonnes === 0 ? 'reported-zero' : 'reported',
      }));
      assert.deepEqual(series, expected, `HS ${hs}`);
    }
    // September 2017 was not published: there is no row, so it can only be shown as not reported, never as 0.
    assert.deepEqual(db.prepare("SELECT count(*) AS n FROM trade_flows WHERE period = '2017-09'").get(), { n: 0 });
  });

  it('matches the bundled customs figures (data/china-customs-exports-prk.csv) month by month', async () => {
    const db = createTestDb();
    await importOk(db, 'chn-prk-published-monthly.csv');
    const bundled = await importFile(db, join(repoRoot, 'data/china-customs-exports-prk.csv'), { now: fixedNow });
    assert.equal(bundled.status, 'imported');
    // The bundled file gives HS 2710 by product (gasoline, diesel, jet fuel, fuel oil): the months here are those
    // whose every product was published, so their sum is the heading's total.
    const pairs = db
      .prepare(
        `SELECT c.hs_code AS hs, c.period, c.net_weight_kg AS comtradeKg, sum(b.net_weight_kg) AS publishedKg
         FROM trade_flows c JOIN datasets cd ON cd.id = c.dataset_id AND cd.format = 'comtrade-plus-csv'
         LEFT JOIN trade_flows b ON b.hs_code = c.hs_code AND b.period = c.period AND b.reporter = c.reporter
           AND b.partner = c.partner AND b.direction = c.direction
           AND b.dataset_id = (SELECT id FROM datasets WHERE format = 'flows')
         GROUP BY c.dataset_id, c.line ORDER BY c.hs_code, c.period`,
      )
      .all() as Array<{ hs: string; period: string; comtradeKg: number; publishedKg: number | null }>;
    assert.equal(pairs.length, 14);
    for (const pair of pairs) assert.equal(pair.comtradeKg, pair.publishedKg, `HS ${pair.hs} ${pair.period}`);
  });
});
