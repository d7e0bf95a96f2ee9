/**
 * One vocabulary (server/vocabulary.ts): the CHECK constraints the migrations build hold exactly the same lists, so
 * a word added in one place and not the other fails here rather than at an import.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  claimBounds,
  claimKinds,
  claimUnits,
  directions,
  eventCategories,
  frequencies,
  shipmentStatuses,
  statusCodes,
  statuses,
  un1718Units,
} from '../../server/vocabulary.ts';
import { createTestDb } from '../helpers/db.ts';

/** The values a column's `CHECK (column IN (…))` allows, read from the schema SQLite holds. */
function checkedValues(table: string, column: string): string[] {
  const db = createTestDb();
  const row = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as
    { sql: string } | undefined;
  assert.ok(row, `no table ${table}`);
  const match = new RegExp(`CHECK \\(${column} IN \\(([^)]*)\\)\\)`).exec(row.sql);
  assert.ok(match?.[1], `no CHECK on ${table}.${column}`);
  return match[1].split(',').map((value) => value.trim().replace(/^'|'$/g, ''));
}

describe('the vocabulary and the schema', () => {
  const cases: Array<[string, string, readonly string[]]> = [
    ['flow_series', 'direction', directions],
    ['flow_series', 'frequency', frequencies],
    ['un1718_reports', 'status', statuses],
    ['un1718_reports', 'unit', un1718Units],
    ['shipments', 'status', shipmentStatuses],
    ['events', 'category', eventCategories],
    ['claims', 'kind', claimKinds],
    ['claims', 'unit', claimUnits],
    ['claims', 'bound', claimBounds],
  ];
  for (const [table, column, words] of cases) {
    it(`${table}.${column} allows exactly ${words.join(', ')}`, () => {
      assert.deepEqual(checkedValues(table, column).sort(), [...words].sort());
    });
  }

  it('flow_facts.status codes are the places of the statuses, 0 to 3, as its CHECK allows', () => {
    assert.deepEqual(
      statuses.map((status) => statusCodes[status]),
      statuses.map((_, index) => index),
    );
    const db = createTestDb();
    const sql = (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'flow_facts'").get() as { sql: string }).sql;
    assert.match(sql, new RegExp(`CHECK \\(status BETWEEN 0 AND ${statuses.length - 1}\\)`));
  });
});
