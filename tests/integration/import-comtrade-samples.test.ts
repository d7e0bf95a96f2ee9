/**
 * Real UN Comtrade files from other projects (../shared/data/third-party, SOURCES.md), read in place and never copied
 * into this repository. Expected counts and sums were worked out from the files themselves (a CSV reader and a
 * calculator, not Tradeflow), so each assertion checks the importer against the file.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { importFile } from '../../server/import/import-file.ts';
import { createTestDb, fixedNow } from '../helpers/db.ts';
import { thirdPartyDir, thirdPartySkip } from '../helpers/paths.ts';

const sample = (path: string) => join(thirdPartyDir, path);
type Db = ReturnType<typeof createTestDb>;

async function importSample(db: Db, path: string) {
  const summary = await importFile(db, sample(path), { now: fixedNow });
  assert.deepEqual(summary.problems, []);
  assert.equal(summary.status, 'imported');
  return summary;
}

const one = <T>(db: Db, sql: string): T => db.prepare(sql).get() as T;

describe(
  'legacy Comtrade CSV sample: bicycles (HS 871200), all reporters to World, 2016-2019',
  { skip: thirdPartySkip },
  () => {
    const file = 'comtrade-legacy-csv/hkhsieh_Trade_cal_comtrade_bicycles_871200_2017.csv';

    it('imports every one of its 1,302 rows, with the file total of the trade values', async () => {
      const db = createTestDb();
      const summary = await importSample(db, file);
      assert.equal(summary.format, 'comtrade-legacy-csv');
      assert.equal(summary.rowsRead, 1302);
      assert.equal(summary.rowsStored, 1302);
      assert.equal(summary.duplicatesSkipped, 0);
      assert.deepEqual(one(db, 'SELECT count(*) AS n, sum(value_usd) AS usd FROM trade_flows'), {
        n: 1302,
        usd: 68018685847,
      });
      assert.deepEqual(
        db
          .prepare(
            'SELECT direction, flow_code AS code, count(*) AS n FROM trade_flows GROUP BY direction, flow_code ORDER BY direction',
          )
          .all(),
        [
          { direction: 'export', code: '2', n: 530 },
          { direction: 'import', code: '1', n: 610 },
          { direction: 're-export', code: '3', n: 110 },
          { direction: 're-import', code: '4', n: 52 },
        ],
      );
      assert.deepEqual(
        one(
          db,
          "SELECT count(*) AS n, sum(value_usd) AS usd FROM trade_flows WHERE period = '2017' AND direction = 'export'",
        ),
        { n: 142, usd: 8870101062 },
      );
    });

    it('keeps empty net weights empty and annual rows annual', async () => {
      const db = createTestDb();
      await importSample(db, file);
      // 99 rows have no net weight: NULL, never 0.
      assert.deepEqual(one(db, 'SELECT count(net_weight_kg) AS n, sum(net_weight_kg) AS kg FROM trade_flows'), {
        n: 1203,
        kg: 4787258160,
      });
      assert.deepEqual(
        db
          .prepare(
            'SELECT frequency, period, count(*) AS n FROM trade_flows GROUP BY frequency, period ORDER BY period',
          )
          .all(),
        [
          { frequency: 'year', period: '2016', n: 343 },
          { frequency: 'year', period: '2017', n: 347 },
          { frequency: 'year', period: '2018', n: 337 },
          { frequency: 'year', period: '2019', n: 275 },
        ],
      );
    });

    it('drops the 0 written under "No Quantity" and keeps every other quantity with its unit', async () => {
      const db = createTestDb();
      await importSample(db, file);
      assert.deepEqual(
        db
          .prepare(
            'SELECT quantity_unit AS unit, count(quantity) AS n FROM trade_flows GROUP BY quantity_unit ORDER BY quantity_unit',
          )
          .all(),
        [
          { unit: null, n: 0 },
          { unit: 'kg', n: 55 },
          { unit: 'l', n: 6 },
          { unit: 'u', n: 765 },
        ],
      );
      assert.deepEqual(one(db, "SELECT sum(quantity) AS items FROM trade_flows WHERE quantity_unit = 'u'"), {
        items: 487630432,
      });
    });

    it('reads the estimation flag (2 quantity, 4 net weight, 6 both) and derives the status from the net weight', async () => {
      const db = createTestDb();
      await importSample(db, file);
      assert.deepEqual(
        one(db, 'SELECT sum(is_weight_estimated) AS weight, sum(is_quantity_estimated) AS quantity FROM trade_flows'),
        {
          weight: 295,
          quantity: 76,
        },
      );
      assert.deepEqual(
        db.prepare('SELECT status, count(*) AS n FROM trade_flows GROUP BY status ORDER BY status').all(),
        [
          { status: 'estimated', n: 300 },
          { status: 'reported', n: 1002 },
        ],
      );
      // Line 6: Australia's 2017 imports, flag 4 (net weight estimated).
      assert.deepEqual(
        one(
          db,
          `SELECT reporter, reporter_code AS code, direction, quantity, quantity_unit AS unit, net_weight_kg AS kg, value_usd AS usd,
                status, is_weight_estimated AS we, is_quantity_estimated AS qe, hs_revision AS rev FROM trade_flows WHERE line = 6`,
        ),
        {
          reporter: 'AUS',
          code: 36,
          direction: 'import',
          quantity: 1413109,
          unit: 'u',
          kg: 15113446,
          usd: 202847879,
          status: 'estimated',
          we: 1,
          qe: 0,
          rev: 'H5',
        },
      );
    });

    it('stores "Other Asia, nes" (490, no ISO code) as S19, every World row as an aggregate, and HS revisions H2 to H5', async () => {
      const db = createTestDb();
      await importSample(db, file);
      assert.deepEqual(
        one(
          db,
          "SELECT count(*) AS n, sum(value_usd) AS usd FROM trade_flows WHERE reporter = 'S19' AND reporter_code = 490",
        ),
        {
          n: 8,
          usd: 42378472 + 1350234703 + 26908199 + 1497256668 + 25708608 + 1365595332 + 39159697 + 1502564839,
        },
      );
      assert.deepEqual(
        one(
          db,
          "SELECT count(*) AS n FROM trade_flows WHERE partner = 'W00' AND partner_code = 0 AND is_aggregate = 1",
        ),
        { n: 1302 },
      );
      assert.deepEqual(
        db.prepare('SELECT hs_revision AS rev, count(*) AS n FROM trade_flows GROUP BY hs_revision ORDER BY rev').all(),
        [
          { rev: 'H2', n: 15 },
          { rev: 'H3', n: 62 },
          { rev: 'H4', n: 499 },
          { rev: 'H5', n: 726 },
        ],
      );
    });
  },
);

describe(
  'Comtrade+ API JSON sample: China 2010 totals with Argentina and Germany (comtradr)',
  { skip: thirdPartySkip },
  () => {
    const file = 'comtradeplus-json/comtradr_get_C_A_HS_CHN_2010.json';

    it('imports its 4 records: annual, TOTAL commodity (aggregate), CIF for imports and FOB for exports kept apart', async () => {
      const db = createTestDb();
      const summary = await importSample(db, file);
      assert.equal(summary.format, 'comtrade-plus-json');
      assert.equal(summary.rowsStored, 4);
      assert.deepEqual(
        db
          .prepare(
            `SELECT line, reporter, partner, partner_code AS pc, direction, frequency, period, hs_code AS hs, hs_revision AS rev,
             value_usd AS usd, value_fob_usd AS fob, value_cif_usd AS cif, quantity, net_weight_kg AS kg, status,
             is_aggregate AS agg, commodity_group AS grp, is_reported AS rep FROM trade_flows ORDER BY line`,
          )
          .all(),
        [
          {
            line: 1,
            reporter: 'CHN',
            partner: 'ARG',
            pc: 32,
            direction: 'import',
            frequency: 'year',
            period: '2010',
            hs: 'TOTAL',
            rev: 'H3',
            usd: 6804128143,
            fob: null,
            cif: 6804128143,
            quantity: null,
            kg: null,
            status: 'reported',
            agg: 1,
            grp: null,
            rep: 1,
          },
          {
            line: 2,
            reporter: 'CHN',
            partner: 'DEU',
            pc: 276,
            direction: 'import',
            frequency: 'year',
            period: '2010',
            hs: 'TOTAL',
            rev: 'H3',
            usd: 74251272075,
            fob: null,
            cif: 74251272075,
            quantity: null,
            kg: null,
            status: 'reported',
            agg: 1,
            grp: null,
            rep: 1,
          },
          {
            line: 3,
            reporter: 'CHN',
            partner: 'ARG',
            pc: 32,
            direction: 'export',
            frequency: 'year',
            period: '2010',
            hs: 'TOTAL',
            rev: 'H3',
            usd: 6115764185,
            fob: 6115764185,
            cif: null,
            quantity: null,
            kg: null,
            status: 'reported',
            agg: 1,
            grp: null,
            rep: 1,
          },
          {
            line: 4,
            reporter: 'CHN',
            partner: 'DEU',
            pc: 276,
            direction: 'export',
            frequency: 'year',
            period: '2010',
            hs: 'TOTAL',
            rev: 'H3',
            usd: 68047133397,
            fob: 68047133397,
            cif: null,
            quantity: null,
            kg: null,
            status: 'reported',
            agg: 1,
            grp: null,
            rep: 1,
          },
        ],
      );
    });
  },
);

describe(
  'Comtrade+ preview API JSON samples (India, reporter code 699), saved inside a client envelope',
  { skip: thirdPartySkip },
  () => {
    it('annual exports to the USA: the preview API zeros for figures it does not give are stored as not given', async () => {
      const db = createTestDb();
      const summary = await importSample(db, 'comtradeplus-json/horizonlabs_preview_IND_X_USA_2022_annual.json');
      assert.equal(summary.format, 'comtrade-plus-json');
      assert.deepEqual(
        one(
          db,
          `SELECT reporter, reporter_code AS rc, partner, partner_code AS pc, frequency, period, hs_revision AS rev, quantity,
           net_weight_kg AS kg, is_weight_estimated AS we, value_usd AS usd, value_fob_usd AS fob, value_cif_usd AS cif,
           status, is_aggregate AS agg, is_reported AS rep FROM trade_flows`,
        ),
        // netWgt 0 flagged estimated, qty 0 in unit N/A: not given, and no estimated flag on a figure that is not there.
        {
          reporter: 'IND',
          rc: 699,
          partner: 'USA',
          pc: 842,
          frequency: 'year',
          period: '2022',
          rev: 'H6',
          quantity: null,
          kg: null,
          we: 0,
          usd: 80230193279.727,
          fob: 80230193279.727,
          cif: null,
          status: 'reported',
          agg: 1,
          rep: 0,
        },
      );
    });

    it('monthly HS 7113 excerpt: 2 records (the envelope count of 500 is not the file), an estimated net weight', async () => {
      const db = createTestDb();
      const summary = await importSample(
        db,
        'comtradeplus-json/horizonlabs_preview_IND_X_7113_2022_monthly_EXCERPT.json',
      );
      assert.equal(summary.rowsStored, 2);
      assert.deepEqual(
        db
          .prepare(
            `SELECT line, partner, frequency, period, hs_code AS hs, quantity, quantity_unit AS unit, net_weight_kg AS kg,
             value_usd AS usd, value_cif_usd AS cif, status, is_weight_estimated AS we, is_quantity_estimated AS qe,
             is_aggregate AS agg FROM trade_flows ORDER BY line`,
          )
          .all(),
        [
          {
            line: 1,
            partner: 'W00',
            frequency: 'month',
            period: '2022-01',
            hs: '7113',
            quantity: 41139.393,
            unit: 'kg',
            kg: 41139.393,
            usd: 912208653.293,
            cif: null,
            status: 'estimated',
            we: 1,
            qe: 1,
            agg: 1,
          },
          {
            line: 2,
            partner: 'BTN',
            frequency: 'month',
            period: '2022-01',
            hs: '7113',
            quantity: 30,
            unit: 'kg',
            kg: 30,
            usd: 644.742,
            cif: null,
            status: 'reported',
            we: 0,
            qe: 0,
            agg: 1,
          },
        ],
      );
    });
  },
);
