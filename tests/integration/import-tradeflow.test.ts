import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFile, type ImportOptions } from '../../server/import/import-file.ts';
import { createTempDir, createTestDb, fingerprintDb, fixedNow } from '../helpers/db.ts';
import { fixture } from '../helpers/paths.ts';
import { importModes } from '../helpers/import-modes.ts';

const importAt = (db: ReturnType<typeof createTestDb>, path: string, options = {}) =>
  importFile(db, path, { now: fixedNow, ...options });

describe('importing Tradeflow flows', () => {
  it('stores every row with its dataset, line and derived fields', async () => {
    const db = createTestDb();
    const summary = await importAt(db, fixture('import/flows-basic.csv'));
    assert.equal(summary.status, 'imported');
    assert.equal(summary.format, 'flows');
    assert.equal(summary.rowsRead, 5);
    assert.equal(summary.rowsStored, 5);
    const rows = db
      .prepare(
        `SELECT line, period, frequency, hs_code AS hsCode, product, commodity_group AS grp, quantity, quantity_unit AS unit,
                net_weight_kg AS kg, status, source FROM trade_flows ORDER BY line`,
      )
      .all();
    assert.deepEqual(rows, [
      {
        line: 2,
        period: '2017-11',
        frequency: 'month',
        hsCode: '1006',
        product: null,
        grp: 'rice',
        quantity: 672,
        unit: 't',
        kg: 672000,
        status: 'reported',
        source: 'https://example.org/scmp',
      },
      {
        line: 3,
        period: '2017-11',
        frequency: 'month',
        hsCode: '1005',
        product: null,
        grp: 'corn',
        quantity: 100,
        unit: 't',
        kg: 100000,
        status: 'reported',
        source: 'https://example.org/scmp',
      },
      {
        line: 4,
        period: '2017-11',
        frequency: 'month',
        hsCode: '2710',
        product: 'gasoline',
        grp: 'refined-oil',
        quantity: 0,
        unit: 't',
        kg: 0,
        status: 'reported-zero',
        source: 'https://example.org/reuters',
      },
      {
        line: 5,
        period: '2016',
        frequency: 'year',
        hsCode: '1006',
        product: null,
        grp: 'rice',
        quantity: 1000,
        unit: 't',
        kg: 1000000,
        status: 'reported',
        source: null,
      },
      {
        line: 6,
        period: '2017-12',
        frequency: 'month',
        hsCode: '1006',
        product: null,
        grp: 'rice',
        quantity: null,
        unit: null,
        kg: null,
        status: 'not-reported',
        source: null,
      },
    ]);
    const dataset = db
      .prepare(
        'SELECT name, file_name AS fileName, format, row_count AS rowCount, length(sha256) AS shaLength FROM datasets',
      )
      .get();
    assert.deepEqual(dataset, {
      name: 'flows-basic',
      fileName: 'flows-basic.csv',
      format: 'flows',
      rowCount: 5,
      shaLength: 64,
    });
  });

  const quirks: Array<[string, number, string]> = [
    ['bom-utf8.csv', 1, 'a UTF-8 BOM does not stick to the first column name'],
    ['crlf.csv', 2, 'CRLF line endings'],
    ['quoted-comma-newline.csv', 2, 'quoted fields with commas and newlines'],
    ['trailing-comma.csv', 1, 'a trailing empty column on every row'],
    ['blank-lines.csv', 2, 'blank lines are skipped'],
    ['latin1.csv', 1, 'Latin-1 text'],
    ['thousands-opt-in.csv', 1, 'thousands separators where the header opts in'],
  ];
  for (const [file, rows, what] of quirks)
    for (const mode of importModes) {
      it(`copes with ${what} (${file}), ${mode.name}`, async () => {
        const db = createTestDb();
        const summary = await importAt(db, fixture(`import/${file}`), mode.options);
        assert.deepEqual(summary.problems, []);
        assert.equal(summary.status, 'imported');
        assert.equal(summary.rowsStored, rows);
      });
    }

  it('decodes Latin-1 bytes to the right characters', async () => {
    const db = createTestDb();
    await importAt(db, fixture('import/latin1.csv'));
    assert.deepEqual(db.prepare('SELECT note FROM trade_flows').get(), { note: 'Pyongyang café résumé' });
  });

  for (const mode of importModes) {
    it(`keeps a quoted newline inside the field and numbers lines from where each record starts, ${mode.name}`, async () => {
      const db = createTestDb();
      await importAt(db, fixture('import/quoted-comma-newline.csv'), mode.options);
      const rows = db.prepare('SELECT line, source, note FROM trade_flows ORDER BY line').all();
      assert.deepEqual(rows, [
        { line: 2, source: 'Reuters, via SCMP', note: 'first line\nsecond line' },
        { line: 4, source: null, note: null },
      ]);
    });

    it(`numbers lines past skipped blank lines, ${mode.name}`, async () => {
      const db = createTestDb();
      await importAt(db, fixture('import/blank-lines.csv'), mode.options);
      assert.deepEqual(db.prepare('SELECT line FROM trade_flows ORDER BY line').all(), [{ line: 3 }, { line: 6 }]);
    });
  }

  it('reads opted-in thousands separators as thousands', async () => {
    const db = createTestDb();
    await importAt(db, fixture('import/thousands-opt-in.csv'));
    assert.deepEqual(db.prepare('SELECT quantity, value_usd AS usd FROM trade_flows').get(), {
      quantity: 21006,
      usd: 1234567.5,
    });
  });

  it('stores the same rows whether normalized in this thread or in the worker', async () => {
    const rowsOf = async (options: ImportOptions): Promise<unknown[]> => {
      const db = createTestDb();
      await importAt(db, fixture('import/flows-basic.csv'), options);
      return db.prepare('SELECT * FROM trade_flows ORDER BY line').all();
    };
    const [inThread, ...others] = importModes;
    const expected = await rowsOf(inThread?.options ?? {});
    assert.equal(expected.length, 5);
    for (const mode of others) assert.deepEqual(await rowsOf(mode.options), expected, mode.name);
  });

  it("leaves UN Comtrade's columns, which the flows format does not have, NULL", async () => {
    const db = createTestDb();
    await importAt(db, fixture('import/flows-basic.csv'));
    const filled = db
      .prepare(
        `SELECT count(*) AS n FROM trade_flows WHERE coalesce(reporter_code, partner_code, hs_revision, value_fob_usd,
           value_cif_usd, flow_code, partner2, partner2_code, customs_code, mot_code, mos_code, is_reported) IS NOT NULL`,
      )
      .get();
    assert.deepEqual(filled, { n: 0 });
  });

  for (const mode of importModes) {
    it(`skips an exact duplicate row and counts it, ${mode.name}`, async () => {
      const db = createTestDb();
      const summary = await importAt(db, fixture('import/exact-duplicate-row.csv'), mode.options);
      assert.equal(summary.status, 'imported');
      assert.equal(summary.rowsStored, 1);
      assert.equal(summary.duplicatesSkipped, 1);
      assert.deepEqual(db.prepare('SELECT line FROM trade_flows').all(), [{ line: 2 }]);
      assert.deepEqual(db.prepare('SELECT row_count AS n FROM datasets').get(), { n: 1 });
    });
  }
});

describe('importing the other Tradeflow formats', () => {
  it('1718 notifications keep the unit notified and a not-reported month as a gap', async () => {
    const db = createTestDb();
    const summary = await importAt(db, fixture('import/un1718-basic.csv'));
    assert.equal(summary.format, 'un1718');
    const rows = db.prepare('SELECT reporter, period, value, unit, status FROM un1718_reports ORDER BY line').all();
    assert.deepEqual(rows, [
      { reporter: 'CHN', period: '2021-01', value: null, unit: 'bbl', status: 'not-reported' },
      { reporter: 'CHN', period: '2021-03', value: 4893, unit: 'bbl', status: 'reported' },
      { reporter: 'RUS', period: '2020-10', value: 0, unit: 'bbl', status: 'reported-zero' },
      { reporter: 'CHN', period: '2019-03', value: 1194.58, unit: 't', status: 'reported' },
    ]);
  });

  it('shipments, events and conversion factors', async () => {
    const db = createTestDb();
    for (const file of ['shipments-basic.csv', 'events-basic.csv', 'factors-basic.csv']) {
      const summary = await importAt(db, fixture(`import/${file}`));
      assert.deepEqual(summary.problems, [], file);
    }
    assert.deepEqual(
      db.prepare('SELECT month, vessel, imo, quantity, unit, status FROM shipments ORDER BY line').all(),
      [
        { month: '2024-03', vessel: 'Paek Yang San 1', imo: null, quantity: null, unit: null, status: 'reported' },
        { month: '2017-10', vessel: 'Vityaz', imo: '8125703', quantity: 1600, unit: 't', status: 'estimated' },
      ],
    );
    assert.deepEqual(db.prepare('SELECT date, category FROM events ORDER BY line').all(), [
      { date: '2017-12-22', category: 'resolution' },
      { date: '2017-11-29', category: 'test' },
    ]);
    assert.deepEqual(
      db.prepare('SELECT commodity, reporter, barrels_per_tonne AS f FROM conversion_factors ORDER BY line').all(),
      [
        { commodity: 'crude-oil', reporter: '', f: 7.33 },
        { commodity: 'refined-oil', reporter: 'CHN', f: 8.33 },
      ],
    );
  });
});

describe('re-importing', () => {
  it('the same file again is a no-op', async () => {
    const db = createTestDb();
    await importAt(db, fixture('import/flows-basic.csv'));
    const before = fingerprintDb(db);
    const again = await importAt(db, fixture('import/flows-basic.csv'), { datasetName: 'another-name' });
    assert.equal(again.status, 'unchanged');
    assert.equal(again.dataset, 'flows-basic');
    assert.equal(fingerprintDb(db), before);
  });

  it('a new version of a dataset replaces its rows, and only its rows', async () => {
    const db = createTestDb();
    const dir = createTempDir();
    const file = join(dir, 'customs.csv');
    copyFileSync(fixture('import/flows-basic.csv'), file);
    await importAt(db, file);
    await importAt(db, fixture('import/un1718-basic.csv'));
    writeFileSync(file, 'reporter,partner,direction,period,hs_code,quantity,unit\nCHN,PRK,export,2018-03,1006,457,t\n');
    const summary = await importAt(db, file);
    assert.equal(summary.status, 'imported');
    assert.equal(summary.replaced, true);
    assert.deepEqual(db.prepare('SELECT period, quantity FROM trade_flows').all(), [
      { period: '2018-03', quantity: 457 },
    ]);
    assert.deepEqual(db.prepare('SELECT count(*) AS n FROM un1718_reports').get(), { n: 4 });
    assert.deepEqual(db.prepare('SELECT name, row_count AS rows FROM datasets ORDER BY name').all(), [
      { name: 'customs', rows: 1 },
      { name: 'un1718-basic', rows: 4 },
    ]);
  });

  it('a broken new version leaves the old version in place', async () => {
    const db = createTestDb();
    const dir = createTempDir();
    const file = join(dir, 'customs.csv');
    copyFileSync(fixture('import/flows-basic.csv'), file);
    await importAt(db, file);
    const before = fingerprintDb(db);
    copyFileSync(fixture('bad/bad-month-13.csv'), file);
    const summary = await importAt(db, file);
    assert.equal(summary.status, 'failed');
    assert.equal(fingerprintDb(db), before);
  });
});

describe('bulk loads (indexes rebuilt after the rows are in)', () => {
  const indexNames = (db: ReturnType<typeof createTestDb>): string[] =>
    db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'flow_facts' AND sql IS NOT NULL ORDER BY name",
      )
      .all()
      .map((row) => row.name);

  it('stores the same rows and leaves every index in place', async () => {
    const db = createTestDb();
    const before = indexNames(db);
    assert.ok(before.length >= 1);
    const summary = await importAt(db, fixture('import/flows-basic.csv'), { bulkLoadBytes: 0 });
    assert.equal(summary.rowsStored, 5);
    assert.deepEqual(indexNames(db), before);
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT * FROM flow_facts WHERE series_id = 1 AND period BETWEEN 201701 AND 201712')
      .all();
    assert.match(JSON.stringify(plan), /USING INDEX/);
  });

  it('a failed bulk load rolls the dropped indexes back too', async () => {
    const db = createTestDb();
    await importAt(db, fixture('import/flows-basic.csv'));
    const before = fingerprintDb(db);
    const indexesBefore = indexNames(db);
    const summary = await importAt(db, fixture('bad/duplicate-key.csv'), { bulkLoadBytes: 0 });
    assert.equal(summary.status, 'failed');
    assert.equal(fingerprintDb(db), before);
    assert.deepEqual(indexNames(db), indexesBefore);
  });
});
