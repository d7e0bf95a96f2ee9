/**
 * A series must be index seeks and range scans, never a scan of flow_facts (which may hold millions of rows): the
 * plan SQLite chooses for every statement the customs series run is checked here, on the schema the migrations
 * build (migration 0005).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { customsStatements } from '../../server/queries/series/customs-rows.ts';
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
  ids: '[1,2,3]',
  from: 201701,
  to: 201712,
};

describe('customs series query plans', () => {
  const db = createTestDb();
  for (const [name, sql] of Object.entries(customsStatements)) {
    it(`${name}: no full scan of flow_facts or flow_series`, () => {
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all(Object.fromEntries(Object.entries(params).filter(([key]) => sql.includes(`@${key}`))))
        .map((row) => (row as { detail: string }).detail);
      assert.ok(!plan.some((d) => /^SCAN (flow_facts|flow_series)\b/.test(d)), plan.join('\n'));
      if (sql.includes('FROM flow_facts')) {
        assert.ok(
          plan.some((d) => /^SEARCH flow_facts USING (COVERING )?INDEX flow_facts_series \(/.test(d)),
          plan.join('\n'),
        );
      }
      if (sql.includes('FROM flow_series')) {
        assert.ok(
          plan.some((d) => /^SEARCH flow_series USING INDEX flow_series_selection \(/.test(d)),
          plan.join('\n'),
        );
      }
    });
  }
});
