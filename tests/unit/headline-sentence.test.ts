import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildHeadlineSentence, formatPercent, type Headline } from '../../server/queries/headline.ts';
import { riceHeadline } from '../helpers/points.ts';

const { sentence: _sentence, ...rice }: Headline = riceHeadline();

describe('buildHeadlineSentence', () => {
  it("names any partner by its English name, never its code: 'to Cote d'Ivoire', not 'to CIV'", () => {
    assert.match(
      buildHeadlineSentence({ ...rice, partner: 'CIV' }),
      /^China's exports of rice to Cote d'Ivoire in November 2017/,
    );
    assert.match(
      buildHeadlineSentence({ ...rice, reporter: 'USA' }),
      /^The United States' exports of rice to North Korea/,
    );
  });

  it('says when sources disagree for a month it compares, and when a compared month is a partial sum', () => {
    const sentence = buildHeadlineSentence({
      ...rice,
      conflict: true,
      conflictMonths: ['2017-08', '2017-11'],
      partialMonths: ['2017-08'],
    });
    assert.match(
      sentence,
      / Sources disagree for August 2017 and November 2017: the figures above use the most recently imported one, and these comparisons may not hold\./,
    );
    assert.match(sentence, / August 2017 is a sum of the parts published, not a total\.$/);
    assert.doesNotMatch(buildHeadlineSentence(rice), /disagree|sum of the parts/);
  });

  it('writes the rice example as a wire would, saying which comparison is missing', () => {
    assert.equal(
      buildHeadlineSentence(rice),
      "China's exports of rice to North Korea in November 2017 were 672 tonnes, down 64% from a year earlier " +
        '(1,863 tonnes in November 2016). October 2017 was not reported, so there is no month-on-month comparison. ' +
        'It was the lowest of the 5 months reported since August 2016.',
    );
  });

  it('says a month was not reported instead of giving a number', () => {
    assert.equal(
      buildHeadlineSentence({ ...rice, month: '2017-12', value: null, status: 'not-reported', yoy: null }),
      "China's exports of rice to North Korea in December 2017 were not reported.",
    );
  });

  it('gives both changes, "up from zero", and the run since an earlier month', () => {
    const sentence = buildHeadlineSentence({
      ...rice,
      commodity: 'corn',
      commodityLabel: 'Corn (maize)',
      value: 100,
      yoy: { absolute: 100, percent: null },
      yearEarlier: { period: '2016-11', value: 0 },
      mom: { absolute: 50, percent: 100 },
      previousMonth: { period: '2017-10', value: 50 },
      lowestSince: '2017-10',
      highestSince: '2017-01',
      earlierReportedMonths: 10,
      firstReportedMonth: '2016-01',
    });
    assert.equal(
      sentence,
      "China's exports of corn (maize) to North Korea in November 2017 were 100 tonnes, up from zero a year earlier " +
        '(0 tonnes in November 2016) and up 100% from October 2017. Among the months reported, it was the highest since January 2017.',
    );
  });

  it('marks a sum of parts as "at least" and explains it, and names both missing comparisons', () => {
    const sentence = buildHeadlineSentence({
      ...rice,
      commodity: 'refined-oil',
      commodityLabel: 'Refined petroleum products',
      partial: true,
      yoy: null,
      yearEarlier: { period: '2016-11', value: null },
      earlierReportedMonths: 0,
      firstReportedMonth: null,
    });
    assert.match(
      sentence,
      /were at least 672 tonnes\. That is the sum of the parts published; no complete total was published\./,
    );
    assert.match(sentence, /November 2016 and October 2017 were not reported, so there is no comparison with either\./);
    assert.match(sentence, /It is the first month reported in the data\.$/);
  });

  it('words notifications, shipments and values for what they are', () => {
    assert.match(
      buildHeadlineSentence({
        ...rice,
        commodity: 'refined-oil',
        commodityLabel: 'Refined petroleum products',
        source: 'un1718',
        unit: 'bbl',
        value: 4893,
        yoy: null,
      }),
      /^China's deliveries of refined petroleum products to North Korea notified to the UN 1718 Committee in November 2017 were 4,893 barrels/,
    );
    assert.match(
      buildHeadlineSentence({
        ...rice,
        reporter: 'RUS',
        source: 'shipments',
        status: 'estimated',
        unit: 'bbl',
        value: 12784,
        yoy: null,
      }),
      /^Recorded shipments of rice from Russia to North Korea in November 2017 were an estimated 12,784 barrels\./,
    );
    assert.match(
      buildHeadlineSentence({ ...rice, measure: 'value', unit: 'usd', value: 7300000, yoy: null }),
      /were worth US\$7,300,000\./,
    );
    assert.match(
      buildHeadlineSentence({ ...rice, direction: 'import', yoy: null }),
      /^China's imports of rice from North Korea/,
    );
  });
});

describe('formatPercent', () => {
  it('rounds to whole percent from 10%, to one decimal below', () => {
    assert.equal(formatPercent(-63.9), '64%');
    assert.equal(formatPercent(4.84), '4.8%');
    assert.equal(formatPercent(-0.4), '0.4%');
  });
  it('never says 100% for a fall that is not total', () => {
    assert.equal(formatPercent(-99.99), 'more than 99%');
    assert.equal(formatPercent(-100), '100%');
  });
});
