import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Headline } from '../../client/src/api-types.ts';
import { formatPercent as sentencePercent } from '../../server/queries/headline.ts';
import { riceHeadline } from '../helpers/points.ts';
import {
  formatChange,
  formatChangeShort,
  formatCompact,
  formatDate,
  formatMonth,
  formatMonthLong,
  formatMonthRuns,
  formatNumber,
  formatPercent,
  formatRecord,
  formatShare,
  formatStatus,
  formatValue,
  publisherName,
  reporterName,
  seriesLabel,
  sourceHost,
} from '../../client/src/format.ts';

const minus = '\u2212';

describe('client format: months and dates', () => {
  const cases: [string, string, string][] = [
    ['2017-11', 'Nov 2017', 'November 2017'],
    ['2016-01', 'Jan 2016', 'January 2016'],
    ['2024-12', 'Dec 2024', 'December 2024'],
    // Not a month: shown as it came, never guessed at.
    ['2017-13', '2017-13', '2017-13'],
    ['2017', '2017', '2017'],
  ];
  for (const [period, short, long] of cases) {
    it(`${period} → ${short} / ${long}`, () => {
      assert.equal(formatMonth(period), short);
      assert.equal(formatMonthLong(period), long);
    });
  }
  it('days drop their leading zero', () => {
    assert.equal(formatDate('2017-11-29'), '29 Nov 2017');
    assert.equal(formatDate('2024-03-07'), '7 Mar 2024');
    assert.equal(formatDate('yesterday'), 'yesterday');
  });
});

describe('client format: values keep their unit, and null is "not reported", never 0', () => {
  const cases: [number | null, string, string][] = [
    [12135, 't', '12,135 t'],
    [0, 't', '0 t'],
    [null, 't', 'not reported'],
    [null, 'usd', 'not reported'],
    [5, 't', '5 t'],
    [587.4, 't', '587 t'],
    [2.5, 'kg', '2.5 kg'],
    [91909, 'bbl', '91,909 bbl'],
    [7300000, 'usd', 'US$7,300,000'],
    [-455, 't', `${minus}455 t`],
    [-1200, 'usd', `${minus}US$1,200`],
    [3, 'm3', '3 m³'],
    [3, 'crates', '3 crates'],
  ];
  for (const [value, unit, expected] of cases) {
    it(`${String(value)} ${unit} → ${expected}`, () => assert.equal(formatValue(value, unit), expected));
  }
  it('numbers: whole above 100, two decimals below', () => {
    assert.equal(formatNumber(1234567.89), '1,234,568');
    assert.equal(formatNumber(12.345), '12.35');
    assert.equal(formatNumber(-0.5), `${minus}0.5`);
  });
  it('compact axis ticks', () => {
    assert.equal(formatCompact(12000), '12K');
    assert.equal(formatCompact(1500000), '1.5M');
    assert.equal(formatCompact(0), '0');
    assert.equal(formatCompact(-2500), `${minus}2.5K`);
  });
});

describe('client format: changes', () => {
  it('percent: sign always shown, one decimal under 10%', () => {
    assert.equal(formatPercent(-82.0), `${minus}82%`);
    assert.equal(formatPercent(4.8), '+4.8%');
    assert.equal(formatPercent(-4.84), `${minus}4.8%`);
    assert.equal(formatPercent(0), '0%');
    assert.equal(formatPercent(0.04), '0%');
    assert.equal(formatPercent(250.4), '+250%');
    // Only an exact fall to zero is −100%.
    assert.equal(formatPercent(-99.8), `${minus}99.8%`);
    assert.equal(formatPercent(-99.99), `${minus}99.99%`);
    assert.equal(formatPercent(-100), `${minus}100%`);
    assert.equal(formatPercent(99.96), '+100%');
  });

  it("percent: the card's digits are the headline sentence's, for the same percent (issue 13: −22% against 23%)", () => {
    // [the API's percent (rounded to one decimal by roundPercent), what the card shows]
    const table: [number, string][] = [
      [-22.5, `${minus}23%`],
      [22.5, '+23%'],
      [-10.5, `${minus}11%`],
      [-9.95, `${minus}10%`],
      [-4.85, `${minus}4.9%`],
      [4.85, '+4.9%'],
      [-2.25, `${minus}2.3%`],
      [-0.05, `${minus}0.1%`],
      [12.4, '+12%'],
      [-64.2, `${minus}64%`],
      [-82, `${minus}82%`],
      [455.5, '+456%'],
      [-99.5, `${minus}99.5%`],
      [-99.99, `${minus}99.99%`],
      [-100, `${minus}100%`],
    ];
    for (const [percent, card] of table) {
      assert.equal(formatPercent(percent), card, String(percent));
      const sentence = sentencePercent(percent);
      if (sentence === 'more than 99%') {
        // The sentence words a fall short of total; the card keeps the digits, which must say the same.
        const size = Number(card.replace(/[^\d.]/g, ''));
        assert.ok(size > 99 && size < 100, `${percent}: ${card} against "${sentence}"`);
      } else {
        assert.equal(card.replace(/^[+\u2212]/, ''), sentence, `${percent}: card ${card}, sentence ${sentence}`);
      }
    }
  });
  it('share of the cap', () => {
    assert.equal(formatShare(0.1838), '18.4%');
    assert.equal(formatShare(1), '100%');
  });
  it('a change against a month not reported is not a change', () => {
    assert.equal(formatChange(null, 't'), 'n/a (a month is not reported)');
    assert.equal(formatChangeShort(null, 't'), 'n/a');
  });
  it('a change from zero has no percentage', () => {
    assert.equal(formatChange({ absolute: 99, percent: null }, 't'), '+99 t (from zero)');
    assert.equal(formatChangeShort({ absolute: 99, percent: null }, 't'), '+99 t from zero');
  });
  it('no change is "unchanged", zero to zero too', () => {
    assert.equal(formatChange({ absolute: 0, percent: 0 }, 't'), 'unchanged');
    assert.equal(formatChange({ absolute: 0, percent: null }, 't'), 'unchanged at zero');
    assert.equal(formatChangeShort({ absolute: 0, percent: null }, 't'), 'unchanged at zero');
  });
  it('a fall to zero is −100%', () => {
    assert.equal(formatChange({ absolute: -5219, percent: -100 }, 't'), `${minus}100% (${minus}5,219 t)`);
    assert.equal(formatChangeShort({ absolute: -455, percent: -82 }, 't'), `${minus}82%`);
  });
});

describe('client format: labels', () => {
  it('statuses', () => {
    assert.equal(formatStatus('not-reported'), 'not reported');
    assert.equal(formatStatus('reported-zero'), 'reported zero');
    assert.equal(formatStatus('estimated'), 'estimated');
    assert.equal(formatStatus('something-new'), 'something-new');
  });
  it('reporters and series', () => {
    assert.equal(reporterName('CHN'), 'China');
    assert.equal(reporterName('RUS'), 'Russia');
    // Country names, never ISO3 codes (issue 13: "CIV" in titles); a code no country has stays as it came.
    assert.equal(reporterName('USA'), 'United States');
    assert.equal(reporterName('CIV'), 'Côte d’Ivoire');
    assert.equal(reporterName('KOR'), 'South Korea');
    assert.equal(reporterName('IRN'), 'Iran');
    assert.equal(reporterName('WLD'), 'WLD');
    assert.equal(seriesLabel({ commodityLabel: 'Rice', reporter: 'CHN' }), 'Rice, China');
  });
  it('publishers: the one for the reporter and source chosen (issue 13: not China customs for Russia)', () => {
    const table: [string, string[], string][] = [
      ['customs', ['CHN'], 'China customs (GAC)'],
      ['customs', ['RUS'], 'Russian customs (FCS)'],
      ['customs', ['CHN', 'RUS'], 'China customs (GAC) and Russian customs (FCS)'],
      ['customs', ['CIV'], "Côte d’Ivoire's customs"],
      ['un1718', ['CHN'], "China's notifications to the UN 1718 Committee"],
      ['un1718', ['CHN', 'RUS'], "China and Russia's notifications to the UN 1718 Committee"],
      ['shipments', ['RUS'], 'press reports of dated tanker calls'],
    ];
    for (const [source, reporters, expected] of table)
      assert.equal(publisherName(source, reporters), expected, `${source} ${reporters.join()}`);
  });
  it('source hosts', () => {
    assert.equal(sourceHost('http://in.reuters.com/article/x'), 'reuters.com');
    assert.equal(sourceHost('https://www.seatrade-maritime.com/a/b'), 'seatrade-maritime.com');
    assert.equal(sourceHost('seed-facts.md (Reuters/wire reports)'), 'seed-facts.md (Reuters/wire reports)');
  });
});

describe('client format: runs of months', () => {
  it('joins consecutive months, across a year end too', () => {
    assert.equal(formatMonthRuns(['2021-02', '2021-01', '2021-07']), 'Jan–Feb 2021, Jul 2021');
    assert.equal(formatMonthRuns(['2021-07', '2021-08', '2021-09', '2021-10', '2021-11', '2021-12']), 'Jul–Dec 2021');
    assert.equal(formatMonthRuns(['2021-12', '2022-01']), 'Dec 2021–Jan 2022');
    assert.equal(formatMonthRuns([]), '');
  });
});

describe('client format: the record line of a headline card', () => {
  const base: Headline = riceHeadline({
    month: '2018-03',
    value: 457,
    yoy: null,
    yearEarlier: { period: '2017-03', value: null },
    previousMonth: { period: '2018-02', value: 0 },
    lowestSince: '2017-11',
    highestSince: '2017-11',
    earlierReportedMonths: 6,
    // Every month from September 2017 to March 2018 reported: 6 earlier months, no gap.
    firstReportedMonth: '2017-09',
  });
  it('the longer run is the news', () => {
    assert.deepEqual(formatRecord({ ...base, lowestSince: '2016-11', highestSince: '2018-02' }), [
      'Lowest since',
      'November 2016',
    ]);
    assert.deepEqual(formatRecord({ ...base, lowestSince: '2018-02', highestSince: '2017-08' }), [
      'Highest since',
      'August 2017',
    ]);
  });
  it('nothing earlier lower (or higher): a record in the data', () => {
    assert.deepEqual(formatRecord({ ...base, lowestSince: null, highestSince: '2017-08' }), [
      'Record',
      'lowest reported since Sep 2017',
    ]);
    assert.deepEqual(formatRecord({ ...base, lowestSince: '2017-08', highestSince: null }), [
      'Record',
      'highest reported since Sep 2017',
    ]);
  });
  it('never "Record" across months nobody reported: "lowest of 7 reported months", and how many were not', () => {
    // Rice, November 2017 (issue 12): 7 months reported from August 2016 on, 9 not; the press said "lowest since March".
    const rice = { ...base, month: '2017-11', firstReportedMonth: '2016-08', earlierReportedMonths: 6 };
    assert.deepEqual(formatRecord({ ...rice, lowestSince: null, highestSince: '2017-08' }), [
      'Lowest of 7 reported months',
      'since Aug 2016, 9 not reported',
    ]);
    assert.deepEqual(
      formatRecord({ ...rice, lowestSince: '2017-08', highestSince: null, conflictMonths: ['2017-10'] }),
      ['Highest of 7 reported months', 'since Aug 2016, 9 not reported (sources disagree for Oct 2017)'],
    );
  });
  it('never "Record" from partial figures or across a conflict: the wording says which', () => {
    assert.deepEqual(formatRecord({ ...base, partial: true, partialMonths: ['2018-03'], lowestSince: null }), [
      'Lowest reported',
      'since Sep 2017 (partial figures)',
    ]);
    assert.deepEqual(
      formatRecord({ ...base, partialMonths: ['2017-08'], highestSince: null, lowestSince: '2018-01' }),
      ['Highest reported', 'since Sep 2017 (partial figures)'],
    );
    assert.deepEqual(
      formatRecord({ ...base, conflictMonths: ['2017-11'], lowestSince: '2016-11', highestSince: '2018-02' }),
      ['Lowest since', 'November 2016 (sources disagree for Nov 2017)'],
    );
    assert.deepEqual(
      formatRecord({ ...base, partialMonths: ['2017-12'], conflictMonths: ['2017-11', '2017-12'], lowestSince: null }),
      ['Lowest reported', 'since Sep 2017 (partial figures; sources disagree for Nov–Dec 2017)'],
    );
  });
  it('no line for a tie with an earlier month, the first month reported, or a month not reported', () => {
    assert.equal(formatRecord(base), null);
    assert.equal(formatRecord({ ...base, lowestSince: '2018-02', highestSince: '2018-02' }), null);
    assert.equal(formatRecord({ ...base, earlierReportedMonths: 0, lowestSince: null, highestSince: null }), null);
    assert.equal(formatRecord({ ...base, value: null }), null);
  });
});
