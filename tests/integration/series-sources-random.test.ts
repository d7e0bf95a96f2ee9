/**
 * Every source of a month, on random data (issue 10): overlapping datasets in Tradeflow's and Comtrade+'s formats
 * over the same keys as the bundled figures. Whatever a point lists as another dataset's figure for its period must
 * be exactly what the monthly series gives for that period when that dataset alone is in the database (with the
 * same conversion factors): the "other sources" are each dataset's own figure by the same rules, never a mix.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Db } from '../../server/db/connection.ts';
import { InvalidParameterError } from '../../server/errors.ts';
import { loadSeries, type SeriesRequest } from '../../server/queries/series.ts';
import { createTempDir, createTestDb, fixedNow } from '../helpers/db.ts';
import {
  bundledFactorsPath,
  bundledFlowsPath,
  createRandom,
  mustImport,
  randomSeriesRequest,
  writeRandomFiles,
} from '../helpers/random-flows.ts';

const now = fixedNow();

/** The point for `period` of the series `key` when only `db`'s data is there; undefined when the request is refused. */
function pointOf(db: Db, request: SeriesRequest, key: string, period: string) {
  try {
    const { series } = loadSeries(db, { ...request, from: period, to: period }, now);
    return series.find((s) => s.key === key)?.points.find((p) => p.period === period);
  } catch (error) {
    if (error instanceof InvalidParameterError) return undefined;
    throw error;
  }
}

describe('other sources on random overlapping datasets', () => {
  for (const seed of [11, 29]) {
    it(`each other source's figure is that dataset's own series (seed ${seed})`, async () => {
      const random = createRandom(seed);
      const files = writeRandomFiles(random, createTempDir());
      const full = createTestDb();
      await mustImport(full, bundledFlowsPath);
      await mustImport(full, bundledFactorsPath);
      for (const [, path] of files) await mustImport(full, path);
      // One database per dataset of flows, with the factors imported in the same order as in the full one.
      const factors = files.find(([name]) => name === 'factors')?.[1] ?? '';
      const alone = new Map<string, Db>();
      const datasets: Array<[string, string]> = [['china-customs-exports-prk', bundledFlowsPath], ...files];
      for (const [name, path] of datasets) {
        if (name === 'factors') continue;
        const db = createTestDb();
        await mustImport(db, bundledFactorsPath);
        await mustImport(db, factors);
        await mustImport(db, path);
        alone.set(name, db);
      }

      let compared = 0;
      let conflicts = 0;
      for (let n = 0; n < 150; n += 1) {
        const request = randomSeriesRequest(random);
        let answer;
        try {
          answer = loadSeries(full, request, now);
        } catch (error) {
          if (error instanceof InvalidParameterError) continue;
          throw error;
        }
        for (const series of answer.series) {
          for (const point of series.points) {
            if (point.conflict) conflicts += 1;
            if (point.otherSources.length > 0 || series.interval === 'month') {
              assert.equal(
                point.conflict,
                point.otherSources.some((o) => o.agrees === false),
                `${series.key} ${point.period}`,
              );
            }
            // A year summed from its months carries no other sources of its own, but is in conflict when a month is.
            // A yearly point's other sources are other datasets' annual rows; alone, a dataset whose annual row has
            // no figure would fall back to summing its months, so the comparison is made on monthly series.
            if (series.interval !== 'month') continue;
            for (const other of point.otherSources) {
              const db = alone.get(other.dataset);
              assert.ok(db, `unknown dataset ${other.dataset}`);
              const own = pointOf(
                db,
                { ...request, commodities: [series.commodity], reporters: [series.reporter] },
                series.key,
                point.period,
              );
              if (!own) continue;
              assert.equal(other.value, own.value, `${other.dataset}: ${series.key} ${point.period}`);
              assert.equal(other.status, own.status, `${other.dataset}: ${series.key} ${point.period}`);
              compared += 1;
            }
          }
        }
      }
      // The random files overlap the bundled figures and each other: there must be something to compare.
      assert.ok(compared > 50, `only ${compared} other sources compared`);
      assert.ok(conflicts > 0, 'no conflict met');
    });
  }
});
