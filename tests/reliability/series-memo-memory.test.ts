/**
 * The series memo holds what it says it holds. It counts each whole series by an estimate of its heap
 * (series.ts estimateBytes) and evicts the least recently used beyond its bound; measured here as the heap the memo
 * actually keeps (`heapUsed` after garbage collection, filled minus emptied) while far more series than fit are asked
 * for.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSeries } from '../../server/queries/series.ts';
import { describeMemo, forgetMemo, limitMemo } from '../../server/queries/series-memo.ts';
import { createTempDir, createTestDb, fixedNow } from '../helpers/db.ts';
import { memoryAfterGc } from '../helpers/memory.ts';
import { mustImport } from '../helpers/random-flows.ts';

function heapBytes(): number {
  return memoryAfterGc().heapUsed;
}

const reporters = (
  'AFG ALB DZA AGO ARG ARM AUS AUT AZE BGD BLR BEL BEN BTN BOL BIH BWA BRA BGR BFA ' +
  'KHM CMR CAN CHL CHN COL CRI HRV CUB CYP CZE DNK DJI ECU EGY EST ETH FIN FRA DEU'
).split(' ');

describe('the series memo under many distinct series', () => {
  it('keeps no more heap than its bound (plus a little), and its estimate does not undercount', async () => {
    const maxBytes = 4 * 2 ** 20;
    const db = createTestDb();
    // 40 series of 240 months, one source per month, as a Comtrade download by reporter would be: about 5 MiB in
    // all, more than the bound.
    const lines = ['reporter,partner,direction,period,hs_code,product,quantity,unit,value_usd,status,source,note'];
    for (const reporter of reporters) {
      for (let i = 0; i < 240; i += 1) {
        const period = `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
        lines.push(
          `${reporter},PRK,export,${period},1006,,${(i * 7.3).toFixed(1)},t,,,https://example.org/customs/${reporter}/${period},`,
        );
      }
    }
    const path = join(createTempDir(), 'many-series.csv');
    writeFileSync(path, lines.join('\n') + '\n');
    await mustImport(db, path);
    limitMemo(db, maxBytes);
    const ask = (reporter: string): void => {
      loadSeries(
        db,
        {
          commodities: ['rice'],
          reporters: [reporter],
          partner: 'PRK',
          direction: 'export',
          source: 'customs',
          measure: 'quantity',
          unit: 't',
          interval: 'month',
        },
        fixedNow(),
      );
    };
    ask('CHN');
    const emptyish = heapBytes();
    for (const reporter of reporters) ask(reporter);
    const stats = describeMemo(db);
    assert.ok(stats, 'no memo');
    assert.ok(stats.bytes <= maxBytes, JSON.stringify(stats));
    // And the memo did fill and evict: this is a test of a full memo, not of an empty one.
    assert.ok(stats.entries < reporters.length && stats.bytes > maxBytes * 0.8, JSON.stringify(stats));
    const filled = heapBytes();
    forgetMemo(db);
    const emptied = heapBytes();
    const kept = filled - emptied;
    const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(2)} MiB`;
    assert.ok(kept < maxBytes * 1.25, `heap kept by the memo: ${mib(kept)} for a bound of ${mib(maxBytes)}`);
    assert.ok(
      kept < stats.bytes * 1.25,
      `heap kept: ${mib(kept)}, estimated: ${mib(stats.bytes)} (${stats.entries} series)`,
    );
    assert.ok(filled - emptyish > 0, 'the heap did not grow at all: nothing was measured');
    db.close();
  });
});
