/**
 * A series must be an index range scan, never a scan of trade_flows (which may hold millions of rows): the plan
 * SQLite chooses for each kind of selection is checked here, on the schema the migrations build.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { flowSql } from '../../server/queries/series.ts';
import { createTestDb } from '../helpers/db.ts';

const params = {
  group: 'refined-oil',
  products: JSON.stringify(['fuel-oil', 'fuel-oil-5-7', 'fuel-oil-other']),
  hsLow: '2710',
  hsHigh: '2711',
  reporter: 'CHN',
  partner: 'PRK',
  direction: 'export',
  frequency: 'month',
  from: '2017-01',
  to: '2017-12',
};

const expectedIndex = {
  group: 'trade_flows_series',
  product: 'trade_flows_series',
  hs: 'trade_flows_selection_hs',
} as const;

describe('series query plans', () => {
  const db = createTestDb();
  for (const kind of ['group', 'product', 'hs'] as const) {
    for (const what of ['quantityRows', 'valueRows', 'first', 'last', 'extent', 'barrelsOnly', 'mass'] as const) {
      it(`${kind} selection, ${what}: searches ${expectedIndex[kind]}, never scans trade_flows`, () => {
        const plan = db
          .prepare<typeof params, { detail: string }>(`EXPLAIN QUERY PLAN ${flowSql(kind, what)}`)
          .all(params)
          .map((row) => row.detail);
        const search = new RegExp(`^SEARCH trade_flows USING (COVERING )?INDEX ${expectedIndex[kind]} \\(`);
        assert.ok(
          plan.some((d) => search.test(d)),
          plan.join('\n'),
        );
        assert.ok(!plan.some((d) => /^SCAN trade_flows\b/.test(d)), plan.join('\n'));
      });
    }
  }
});
