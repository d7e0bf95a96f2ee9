/**
 * Every source of a month is kept (issue 10): a second file with the same months sits beside the bundled figures,
 * the series uses one by the documented rule (the most recently imported dataset) and lists the other with its
 * value, flagging a disagreement beyond rounding.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { importFile } from '../../server/import/import-file.ts';
import type { Series } from '../../server/queries/series.ts';
import type { SeriesPoint } from '../../server/queries/series-math.ts';
import { createTempDir, fixedNow } from '../helpers/db.ts';
import { fixture } from '../helpers/paths.ts';
import { createApiApp } from './api-app.ts';

const bundledName = 'china-customs-exports-prk';
const secondName = 'second-report-nov-2017';

async function pointOf(app: Parameters<typeof request>[0], commodity: string, period: string): Promise<SeriesPoint> {
  const response = await request(app)
    .get(`/api/series?commodity=${commodity}&reporter=CHN&from=${period}&to=${period}`)
    .expect(200);
  const [series] = (response.body as { series: Series[] }).series;
  const [point] = series?.points ?? [];
  assert.ok(point, `no point for ${commodity} ${period}`);
  return point;
}

describe('two sources for one month', () => {
  it('serves the newer value, lists the bundled one beside it, and flags 700 t against 672 t as a conflict', async () => {
    const { app } = await createApiApp({ bundled: ['china-customs-exports-prk.csv'], fixtures: [`${secondName}.csv`] });
    const rice = await pointOf(app, 'rice', '2017-11');
    assert.equal(rice.value, 700);
    assert.deepEqual(rice.sources, ['https://example.org/second-report/2017-11']);
    assert.deepEqual(rice.datasets, [secondName]);
    assert.equal(rice.conflict, true);
    assert.equal(rice.otherSources.length, 1);
    const [other] = rice.otherSources;
    assert.equal(other?.dataset, bundledName);
    assert.equal(other?.value, 672);
    assert.equal(other?.status, 'reported');
    assert.equal(other?.agrees, false);
    assert.match(other?.sources[0] ?? '', /^https:\/\/www\.scmp\.com\//);
  });

  it('does not flag figures within rounding (100.2 t and 100 t), but still lists both', async () => {
    const { app } = await createApiApp({ bundled: ['china-customs-exports-prk.csv'], fixtures: [`${secondName}.csv`] });
    const corn = await pointOf(app, 'corn', '2017-11');
    assert.equal(corn.value, 100.2);
    assert.equal(corn.conflict, false);
    assert.deepEqual(
      corn.otherSources.map((o) => [o.dataset, o.value, o.agrees]),
      [[bundledName, 100, true]],
    );
  });

  it("gives each figure's own published note, in JSON and CSV: November 2017 corn is 'down 82% y/y'", async () => {
    const { app } = await createApiApp({ bundled: ['china-customs-exports-prk.csv'] });
    const corn = await pointOf(app, 'corn', '2017-11');
    assert.equal(corn.value, 100);
    assert.equal(corn.notes.length, 1);
    assert.match(corn.notes[0] ?? '', /down 82% y\/y/);
    const csv = await request(app)
      .get('/api/series.csv?commodity=corn&reporter=CHN&from=2017-11&to=2017-11')
      .expect(200);
    assert.match(csv.text, /down 82% y\/y/);
  });

  it('a month with one source has no other sources and no conflict', async () => {
    const { app } = await createApiApp({ bundled: ['china-customs-exports-prk.csv'], fixtures: [`${secondName}.csv`] });
    const rice = await pointOf(app, 'rice', '2018-02');
    assert.deepEqual(rice.datasets, [bundledName]);
    assert.deepEqual(rice.otherSources, []);
    assert.equal(rice.conflict, false);
  });

  it('says the same in the CSV download', async () => {
    const { app } = await createApiApp({ bundled: ['china-customs-exports-prk.csv'], fixtures: [`${secondName}.csv`] });
    const response = await request(app)
      .get('/api/series.csv?commodity=rice&reporter=CHN&from=2017-11&to=2017-11')
      .expect(200);
    const [header, line] = response.text.replace(/^\uFEFF/, '').split('\r\n');
    const columns = (header ?? '').split(',');
    const cells = (line ?? '').split(',');
    const cell = (name: string): string | undefined => cells[columns.indexOf(name)];
    assert.equal(cell('value'), '700');
    assert.equal(cell('datasets'), secondName);
    assert.equal(cell('other_sources'), `${bundledName}: 672 t (reported; differs)`);
    assert.equal(cell('conflict'), 'true');
  });

  it('the headline says the sources disagree instead of stating the comparison as settled', async () => {
    const { app } = await createApiApp({ bundled: ['china-customs-exports-prk.csv'], fixtures: [`${secondName}.csv`] });
    const response = await request(app).get('/api/headline?commodity=rice&reporter=CHN&month=2017-11').expect(200);
    const headline = response.body as { value: number; conflict: boolean; conflictMonths: string[]; sentence: string };
    assert.equal(headline.value, 700);
    assert.equal(headline.conflict, true);
    assert.deepEqual(headline.conflictMonths, ['2017-11']);
    assert.match(headline.sentence, /Sources disagree for November 2017/);
  });

  it('re-importing the same file changes nothing; replacing the second dataset replaces only its own figures', async () => {
    const { db, app } = await createApiApp({ bundled: ['china-customs-exports-prk.csv'] });
    const dir = createTempDir();
    const file = join(dir, `${secondName}.csv`);
    copyFileSync(fixture(`api/${secondName}.csv`), file);
    const seriesCount = () => db.prepare('SELECT count(*) AS n FROM flow_series').get();
    const seriesBefore = seriesCount();
    assert.equal((await importFile(db, file, { now: fixedNow })).status, 'imported');
    // Its two series (China's rice and corn to North Korea, in t) were stored already: found, not made again.
    assert.deepEqual(seriesCount(), seriesBefore);
    assert.equal((await importFile(db, file, { now: fixedNow })).status, 'unchanged');
    // A new version of the second report: rice revised to 690 t, corn no longer in it.
    writeFileSync(
      file,
      'reporter,partner,direction,period,hs_code,product,quantity,unit,value_usd,status,source,note\n' +
        'CHN,PRK,export,2017-11,1006,,690,t,,reported,https://example.org/second-report/2017-11-revised,\n',
    );
    const replaced = await importFile(db, file, { now: fixedNow });
    assert.equal(replaced.status, 'imported');
    assert.equal(replaced.replaced, true);
    const rice = await pointOf(app, 'rice', '2017-11');
    assert.equal(rice.value, 690);
    assert.deepEqual(
      rice.otherSources.map((o) => [o.dataset, o.value]),
      [[bundledName, 672]],
    );
    const corn = await pointOf(app, 'corn', '2017-11');
    assert.equal(corn.value, 100);
    assert.deepEqual(corn.datasets, [bundledName]);
    assert.deepEqual(corn.otherSources, []);
    const stored = db
      .prepare("SELECT count(*) AS n FROM trade_flows WHERE period = '2017-11' AND hs_code IN ('1005', '1006')")
      .get();
    assert.deepEqual(stored, { n: 3 });
  });
});
