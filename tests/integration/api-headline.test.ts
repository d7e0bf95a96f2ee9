import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import type { AppHandler } from '../../server/app.ts';
import { createApiApp } from './api-app.ts';

describe('GET /api/headline', () => {
  let app: AppHandler;
  before(async () => {
    ({ app } = await createApiApp({ bundled: true }));
  });

  it('"China exported no oil products in November 2017": refined oil (HS 2710) is zero, LPG (HS 2711) apart', async () => {
    const oil = (await request(app).get('/api/headline?commodity=refined-oil&reporter=CHN&month=2017-11').expect(200))
      .body;
    assert.equal(oil.value, 0);
    assert.equal(oil.status, 'reported-zero');
    assert.match(
      oil.sentence,
      /^China's exports of refined petroleum products to North Korea in November 2017 were zero\b/,
    );
    assert.match(oil.sentence, /Every part published was zero/);
    assert.doesNotMatch(oil.sentence, /at least/);
    const lpg = (await request(app).get('/api/headline?commodity=lpg&reporter=CHN&month=2017-11').expect(200)).body;
    assert.equal(lpg.value, 99);
  });

  it('gives the facts for November 2017 rice from China: 672 t, down 64% from 1,863 t a year earlier', async () => {
    const { body } = await request(app).get('/api/headline?commodity=rice&reporter=CHN&month=2017-11').expect(200);
    assert.equal(body.value, 672);
    assert.equal(body.unit, 't');
    assert.equal(body.status, 'reported');
    assert.deepEqual(body.yoy, { absolute: -1191, percent: -63.9 });
    assert.deepEqual(body.yearEarlier, { period: '2016-11', value: 1863 });
    // October 2017 was not reported: no month-on-month change, rather than a change from zero.
    assert.equal(body.mom, null);
    assert.deepEqual(body.previousMonth, { period: '2017-10', value: null });
    // Lower than every earlier month in the data (Aug, Sep and Nov 2016, Apr, Jul, Aug and Sep 2017).
    assert.equal(body.lowestSince, null);
    assert.equal(body.highestSince, '2017-09');
    assert.equal(body.earlierReportedMonths, 7);
    assert.equal(body.firstReportedMonth, '2016-08');
    assert.equal(
      body.sentence,
      "China's exports of rice to North Korea in November 2017 were 672 tonnes, down 64% from a year earlier " +
        '(1,863 tonnes in November 2016). October 2017 was not reported, so there is no month-on-month comparison. ' +
        'It was the lowest of the 8 months reported since August 2016.',
    );
  });

  it('finds "the lowest since" across gaps, counting only reported months', async () => {
    // Rice, March 2018: 457 t. Earlier: Feb 2018 0 (reported zero), Nov 2017 672 …
    const { body } = await request(app).get('/api/headline?commodity=rice&month=2018-03').expect(200);
    assert.equal(body.value, 457);
    assert.equal(body.lowestSince, '2018-02');
    assert.equal(body.highestSince, '2017-11');
    assert.deepEqual(body.mom, { absolute: 457, percent: null });
    assert.equal(
      body.sentence,
      "China's exports of rice to North Korea in March 2018 were 457 tonnes, up from zero in February 2018. " +
        'March 2017 was not reported, so there is no year-on-year comparison. ' +
        'Among the months reported, it was the highest since November 2017.',
    );
  });

  it('says when the month itself was not reported', async () => {
    const { body } = await request(app).get('/api/headline?commodity=corn&reporter=CHN&month=2017-12').expect(200);
    assert.equal(body.value, null);
    assert.equal(body.status, 'not-reported');
    assert.equal(body.lowestSince, null);
    assert.equal(body.sentence, "China's exports of corn (maize) to North Korea in December 2017 were not reported.");
  });

  it('works for 1718 notifications in barrels', async () => {
    const { body } = await request(app)
      .get('/api/headline?commodity=refined-oil&source=un1718&reporter=CHN&month=2021-09')
      .expect(200);
    assert.equal(body.value, 41973);
    assert.equal(body.unit, 'bbl');
    assert.deepEqual(body.mom, { absolute: 30228, percent: 257.4 });
    assert.match(
      body.sentence,
      /^China's deliveries of refined petroleum products to North Korea notified to the UN 1718 Committee in September 2021 were 41,973 barrels/,
    );
  });
});
