/**
 * Migration 0005 moves an existing database's customs flows into the narrow tables with every row, dataset and line
 * kept: the rows read back through the trade_flows view are the rows the old table held.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openWritableDb } from '../../server/db/connection.ts';
import { listMigrationFiles, migrate } from '../../server/db/migrate.ts';
import { ensureMigrationsTable, recordMigration } from '../../server/queries/migrations.ts';

const migrationsDir = fileURLToPath(new URL('../../server/db/migrations/', import.meta.url));

const columns = `dataset_id, line, reporter, reporter_code, partner, partner_code, direction, frequency, period, hs_code,
  hs_revision, product, commodity_group, quantity, quantity_unit, net_weight_kg, value_usd, value_fob_usd,
  value_cif_usd, status, is_quantity_estimated, is_weight_estimated, is_aggregate, source, note, flow_code, partner2,
  partner2_code, customs_code, mot_code, mos_code, is_reported`;

/** Rows as the old table held them: Tradeflow's own, Comtrade breakdown slices, an annual row, a gap, NULLs. */
const oldRows = [
  [
    1,
    2,
    'CHN',
    null,
    'PRK',
    null,
    'export',
    'month',
    '2017-11',
    '1006',
    null,
    null,
    'rice',
    672,
    't',
    672000,
    null,
    null,
    null,
    'reported',
    0,
    0,
    0,
    'https://example.org/a',
    'down 64%',
    null,
    null,
    null,
    null,
    null,
    null,
    null,
  ],
  [
    1,
    3,
    'CHN',
    null,
    'PRK',
    null,
    'export',
    'month',
    '2017-10',
    '1005',
    null,
    null,
    'corn',
    0,
    't',
    0,
    null,
    null,
    null,
    'reported-zero',
    0,
    0,
    0,
    'https://example.org/a',
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
  ],
  [
    1,
    4,
    'CHN',
    null,
    'PRK',
    null,
    'export',
    'month',
    '2017-12',
    '2710',
    null,
    'diesel',
    'refined-oil',
    null,
    null,
    null,
    null,
    null,
    null,
    'not-reported',
    0,
    0,
    0,
    'https://example.org/b',
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    null,
  ],
  [
    2,
    1,
    'CHN',
    156,
    'PRK',
    408,
    'export',
    'month',
    '2023-03',
    '1006',
    'H6',
    null,
    'rice',
    5000,
    'kg',
    5100,
    1234.5,
    1234.5,
    null,
    'estimated',
    1,
    1,
    0,
    'UN Comtrade',
    null,
    'X',
    'W00',
    0,
    'C00',
    '0',
    '0',
    1,
  ],
  [
    2,
    2,
    'CHN',
    156,
    'PRK',
    408,
    'export',
    'month',
    '2023-03',
    '1006',
    'H6',
    null,
    'rice',
    100,
    'kg',
    100,
    10,
    null,
    12.5,
    'reported',
    0,
    0,
    0,
    'UN Comtrade',
    null,
    'X',
    'W00',
    0,
    'C01',
    '0',
    '0',
    0,
  ],
  [
    2,
    3,
    'CHN',
    156,
    'W00',
    0,
    'export',
    'year',
    '2022',
    'TOTAL',
    'H6',
    null,
    null,
    null,
    null,
    null,
    99,
    null,
    null,
    'reported',
    0,
    0,
    1,
    'UN Comtrade',
    null,
    'X',
    null,
    null,
    null,
    null,
    null,
    null,
  ],
];

describe('migration 0005: narrow storage', () => {
  it('keeps every row of an existing database, with its dataset and line', () => {
    const db = openWritableDb(':memory:');
    const before = listMigrationFiles().filter((name) => name < '0005');
    ensureMigrationsTable(db);
    for (const name of before) {
      db.exec(readFileSync(migrationsDir + name, 'utf8'));
      recordMigration(db, name, '2026-01-01T00:00:00Z');
    }
    for (const id of [1, 2]) {
      db.prepare(
        "INSERT INTO datasets (id, name, file_name, sha256, format, row_count, imported_at) VALUES (?, ?, ?, ?, 'flows', 3, 'x')",
      ).run(id, `d${id}`, `d${id}.csv`, `sha${id}`);
    }
    const insert = db.prepare(`INSERT INTO trade_flows (${columns}) VALUES (${oldRows[0]?.map(() => '?').join(', ')})`);
    for (const row of oldRows) insert.run(...row);
    const read = () => db.prepare(`SELECT ${columns} FROM trade_flows ORDER BY dataset_id, line`).raw().all();
    const old = read();

    const applied = migrate(db);
    assert.ok(applied.includes('0005_narrow_flows.sql'), applied.join(', '));
    assert.deepEqual(read(), old);
    assert.deepEqual(db.prepare("SELECT type FROM sqlite_master WHERE name = 'trade_flows'").get(), { type: 'view' });
    // Text stored once: two rows share https://example.org/a, three share "UN Comtrade".
    assert.deepEqual(db.prepare('SELECT count(*) AS n FROM texts').get(), { n: 4 });
    assert.deepEqual(db.prepare('SELECT count(*) AS n FROM flow_facts').get(), { n: 6 });
    assert.deepEqual(db.prepare('SELECT count(*) AS n FROM flow_extras').get(), { n: 2 });
  });
});
