/**
 * Duplicate keys inside one file, checked in SQL after the last row is written (server/queries/imports.ts KeyLog):
 * an exact repeat is skipped and counted, any other repeat of a key is a problem naming both lines. The files here
 * are larger than a batch and than one INSERT statement, so repeats lie in different batches.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { importFile } from '../../server/import/import-file.ts';
import { createTempDir, createTestDb, fingerprintDb, fixedNow } from '../helpers/db.ts';
import { fixture } from '../helpers/paths.ts';
import { importModes } from '../helpers/import-modes.ts';

const header = 'reporter,partner,direction,period,hs_code,product,quantity,unit,value_usd,status,source,note';
/** Data line `line` (2 = the first) of the generated file: a distinct key per line (HS code × month). */
const rowAt = (line: number, quantity = line): string =>
  `CHN,PRK,export,${2000 + (line % 20)}-${String((line % 12) + 1).padStart(2, '0')},${100000 + line},,${quantity},t,,,customs,`;

/** A flows file of `rows` data lines; `replace` puts other text on some lines. */
function writeFlows(rows: number, replace: Record<number, string> = {}): string {
  const lines = [header];
  for (let line = 2; line < rows + 2; line += 1) lines.push(replace[line] ?? rowAt(line));
  const file = join(createTempDir(), 'flows.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const modes = importModes.flatMap((mode) =>
  [Infinity, 0].map((bulkLoadBytes) => ({
    name: `${mode.name}${bulkLoadBytes === 0 ? ', indexes rebuilt after the load' : ''}`,
    options: { ...mode.options, bulkLoadBytes, now: fixedNow },
  })),
);

describe('duplicate keys in a file', () => {
  for (const mode of modes) {
    it(`exact repeats far from their first line are skipped, counted and not stored, ${mode.name}`, async () => {
      const db = createTestDb();
      const file = writeFlows(5000, { 4500: rowAt(3), 4700: rowAt(3) });
      const summary = await importFile(db, file, mode.options);
      assert.deepEqual(summary.problems, []);
      assert.equal(summary.status, 'imported');
      assert.equal(summary.rowsRead, 5000);
      assert.equal(summary.duplicatesSkipped, 2);
      assert.equal(summary.rowsStored, 4998);
      assert.deepEqual(
        db.prepare('SELECT count(*) AS n, sum(line IN (4500, 4700)) AS repeats FROM trade_flows').get(),
        { n: 4998, repeats: 0 },
      );
      assert.deepEqual(db.prepare('SELECT row_count AS n FROM datasets').get(), { n: 4998 });
      assert.deepEqual(
        db.prepare('SELECT count(*) AS n FROM flow_facts INDEXED BY flow_facts_series WHERE series_id > 0').get(),
        { n: 4998 },
      );
    });

    it(`a key repeated with other values names both lines and changes nothing, ${mode.name}`, async () => {
      const db = createTestDb();
      await importFile(db, fixture('import/flows-basic.csv'), { now: fixedNow });
      const before = fingerprintDb(db);
      const file = writeFlows(5000, { 4800: rowAt(10, 7), 4900: rowAt(11) });
      const summary = await importFile(db, file, mode.options);
      assert.equal(summary.status, 'failed');
      assert.equal(summary.rowsStored, 0);
      assert.equal(summary.duplicatesSkipped, 1);
      assert.deepEqual(
        summary.problems.map((p) => [p.line, p.column, p.code, p.message]),
        [
          [
            4800,
            undefined,
            'DUPLICATE_KEY',
            `same key as line 10 (CHN|PRK|export|2010-11|100010|) with different values`,
          ],
        ],
      );
      assert.equal(fingerprintDb(db), before);
    });
  }

  for (const mode of importModes) {
    it(`every later row with a key is compared with its first row, ${mode.name}`, async () => {
      const db = createTestDb();
      const file = writeFlows(6, { 3: rowAt(2, 9), 4: rowAt(2, 9), 5: rowAt(2) });
      const summary = await importFile(db, file, { now: fixedNow, ...mode.options });
      assert.deepEqual(
        summary.problems.map((p) => `${p.line} ${p.code} ${p.message}`),
        [
          '3 DUPLICATE_KEY same key as line 2 (CHN|PRK|export|2002-03|100002|) with different values',
          '4 DUPLICATE_KEY same key as line 2 (CHN|PRK|export|2002-03|100002|) with different values',
        ],
      );
      assert.equal(summary.duplicatesSkipped, 1, 'line 5 repeats line 2 exactly');
    });

    it(`duplicate keys are still found after rows with other problems, and listed in file order, ${mode.name}`, async () => {
      const db = createTestDb();
      const badPeriod = (line: number) => rowAt(line).replace(/,\d{4}-\d\d,/, ',2017-13,');
      const file = writeFlows(8, {
        3: rowAt(2, 9),
        4: badPeriod(4),
        5: badPeriod(5),
        6: badPeriod(6),
        7: badPeriod(7),
        8: badPeriod(8),
      });
      const summary = await importFile(db, file, { now: fixedNow, maxProblems: 3, ...mode.options });
      assert.equal(summary.status, 'failed');
      assert.deepEqual(
        summary.problems.map((p) => `${p.line} ${p.code}`),
        ['3 DUPLICATE_KEY', '4 INVALID_PERIOD', '5 INVALID_PERIOD'],
      );
      assert.equal(summary.problemCount, 6);
    });
  }
});
