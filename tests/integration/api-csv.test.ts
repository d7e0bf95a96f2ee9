import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { AppHandler } from '../../server/app.ts';
import { parse } from 'csv-parse/sync';
import { seriesCsvColumns } from '../../server/http/handlers/series.ts';
import { createApiApp } from './api-app.ts';

/** The body as text, without letting supertest guess a parser for text/csv. */
async function download(app: AppHandler, query: string, status = 200): Promise<request.Response> {
  return request(app)
    .get(`/api/series.csv?${query}`)
    .buffer(true)
    .parse((res, callback) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => callback(null, text));
    })
    .expect(status);
}

function records(text: string): Record<string, string>[] {
  return parse(text, { columns: true, bom: true, skip_empty_lines: true }) as Record<string, string>[];
}

describe('GET /api/series.csv on the bundled data', () => {
  let app: AppHandler;
  before(async () => {
    ({ app } = await createApiApp({ bundled: true }));
  });

  it('is a UTF-8 CSV download named after the query', async () => {
    const response = await download(app, 'commodity=corn&reporter=CHN&from=2017-01&to=2017-12');
    assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8; header=present');
    assert.equal(
      response.headers['content-disposition'],
      'attachment; filename="tradeflow-corn-CHN-PRK-customs-quantity-t-2017-01-2017-12.csv"',
    );
    assert.equal(response.headers['cache-control'], 'no-cache');
    assert.match(response.headers.etag ?? '', /^W\/"[\w-]+"$/);
    const text = response.body as string;
    assert.ok(text.startsWith('\uFEFFseries,commodity,'), 'starts with a BOM and the header');
    assert.equal(text.split('\r\n')[0], `\uFEFF${seriesCsvColumns.join(',')}`);
  });

  it('has one row per series and month, with value, unit, status, MoM, YoY, factor and sources', async () => {
    const text = (await download(app, 'commodity=rice,refined-oil&reporter=CHN&unit=bbl&from=2017-11&to=2017-12', 400))
      .body as string;
    assert.match(
      text,
      /"parameter":"unit"/,
      'rice has no barrels factor: the whole download is refused before any row',
    );

    const rows = records(
      (await download(app, 'commodity=rice,corn&reporter=CHN&from=2017-11&to=2017-12')).body as string,
    );
    assert.deepEqual(
      rows.map((r) => [
        r.series,
        r.period,
        r.value,
        r.unit,
        r.status,
        r.mom_absolute,
        r.yoy_absolute,
        r.yoy_percent,
        r.partial,
      ]),
      [
        ['rice:CHN', '2017-11', '672', 't', 'reported', '', '-1191', '-63.9', 'false'],
        ['rice:CHN', '2017-12', '', 't', 'not-reported', '', '', '', 'false'],
        ['corn:CHN', '2017-11', '100', 't', 'reported', '100', '', '', 'false'],
        ['corn:CHN', '2017-12', '', 't', 'not-reported', '', '', '', 'false'],
      ],
    );
    assert.match(rows[0]?.sources ?? '', /^https:\/\/www\.scmp\.com\//);

    const [jet] = records(
      (await download(app, 'commodity=refined-oil&reporter=CHN&unit=bbl&from=2017-12&to=2017-12')).body as string,
    );
    assert.equal(jet?.value, '41.65');
    assert.equal(jet?.conversion_factor, '8.33');
    assert.match(jet?.conversion_source ?? '', /^https:\/\/en\.yna\.co\.kr\//);
    assert.equal(jet?.partial, 'true');
    assert.match(jet?.note ?? '', /no total was published/);
  });

  it('names yearly and multi-series downloads', async () => {
    const response = await download(app, 'commodity=rice&reporter=CHN,RUS&interval=year&from=2016&to=2018');
    assert.equal(
      response.headers['content-disposition'],
      'attachment; filename="tradeflow-rice-CHN+RUS-PRK-customs-quantity-t-2016-2018-yearly.csv"',
    );
    assert.equal(records(response.body as string).length, 6);
  });

  it('answers a repeat request with the same ETag with 304 and no body', async () => {
    const query = 'commodity=corn&reporter=CHN&from=2017-01&to=2017-12';
    const first = await download(app, query);
    const again = await request(app)
      .get(`/api/series.csv?${query}`)
      .set('If-None-Match', first.headers.etag ?? '')
      .expect(304);
    assert.equal(again.text, '');
    const other = await download(app, 'commodity=corn&reporter=CHN&from=2017-01&to=2017-11');
    assert.notEqual(other.headers.etag, first.headers.etag);
  });
});

describe('GET /api/series.csv: spreadsheet formulas (fixture)', () => {
  it('neutralises cells that start with = + - @, quotes commas and quotes, keeps negative numbers numeric', async () => {
    const { app } = await createApiApp({ fixtures: ['flows-formulas.csv'] });
    const text = (await download(app, 'commodity=corn&reporter=CHN&from=2017-01&to=2017-05')).body as string;
    const lines = text.split('\r\n');
    assert.ok(
      lines[1]?.endsWith(`,"'=HYPERLINK(""http://evil.example"",""click"")",false,,flows-formulas,,false,`),
      lines[1],
    );
    assert.ok(lines[2]?.endsWith(",'+1+1,false,,flows-formulas,,false,"), lines[2]);
    // March: 20 → 5 is a fall of 15 (-75%): numbers, not neutralised text.
    assert.ok(lines[3]?.includes(',5,t,reported,-15,-75,'), lines[3]);
    assert.ok(lines[3]?.endsWith(",'-2+3,false,,flows-formulas,,false,"), lines[3]);
    assert.ok(lines[4]?.endsWith(",'@SUM(A1:A2),false,,flows-formulas,,false,"), lines[4]);
    assert.ok(lines[5]?.endsWith(',"Reuters, ""table"" of 23 May",false,,flows-formulas,,false,'), lines[5]);
    const rows = records(text);
    assert.deepEqual(
      rows.map((r) => r.sources),
      [`'=HYPERLINK("http://evil.example","click")`, "'+1+1", "'-2+3", "'@SUM(A1:A2)", 'Reuters, "table" of 23 May'],
    );
    const numeric = new Set([
      'value',
      'mom_absolute',
      'mom_percent',
      'yoy_absolute',
      'yoy_percent',
      'conversion_factor',
    ]);
    const risky = rows.flatMap((r) =>
      Object.entries(r).filter(([column, cell]) => !numeric.has(column) && /^[=+\-@]/.test(cell)),
    );
    assert.deepEqual(risky, []);
    assert.equal(rows[2]?.mom_absolute, '-15');
  });
});
