/** Request planning for `npm run fetch -- comtrade`: pure functions, table tests. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseAreaList } from '../../server/fetch/comtrade/areas.ts';
import { FetchUsageError } from '../../server/fetch/comtrade/errors.ts';
import {
  allPartnersEstimate,
  callPath,
  defaultRange,
  estimateRecords,
  keyedLimits,
  maxUrlLength,
  planCalls,
  previewLimits,
  splitCall,
  type Call,
  type FetchSelection,
} from '../../server/fetch/comtrade/plan-calls.ts';

const base = 'https://comtradeapi.un.org';
const chnToPrk: FetchSelection = {
  reporters: [156],
  partners: [408],
  hsCodes: ['1005', '1006', '2709', '2710', '2711'],
  flows: ['X'],
  frequency: 'M',
  from: '2011-12',
  to: '2026-11',
};

function query(path: string): URLSearchParams {
  return new URL(`${base}/${path}`).searchParams;
}

describe('callPath: the real URL patterns and parameter names', () => {
  const call: Call = {
    frequency: 'M',
    reporters: [156],
    partners: [408],
    hsCodes: ['1005', '1006'],
    flows: ['X', 'M'],
    periods: ['2017-11', '2017-12'],
  };

  it('the public preview without a key, the keyed endpoint with one', () => {
    assert.match(callPath(call, false, 500), /^public\/v1\/preview\/C\/M\/HS\?/);
    assert.match(callPath(call, true, 100000), /^data\/v1\/get\/C\/M\/HS\?/);
    assert.match(
      callPath({ ...call, frequency: 'A', periods: ['2017'] }, false, 500),
      /^public\/v1\/preview\/C\/A\/HS\?/,
    );
  });

  it('comma-separated lists, Comtrade periods, totals only, descriptions on, the record limit asked for', () => {
    const params = query(callPath(call, false, 500));
    assert.deepEqual(Object.fromEntries(params), {
      reporterCode: '156',
      period: '201711,201712',
      partnerCode: '408',
      partner2Code: '0',
      cmdCode: '1005,1006',
      flowCode: 'X,M',
      customsCode: 'C00',
      motCode: '0',
      maxRecords: '500',
      includeDesc: 'true',
    });
  });

  it('every partner: no partnerCode at all', () => {
    const params = query(callPath({ ...call, partners: 'all' }, false, 500));
    assert.equal(params.has('partnerCode'), false);
    assert.equal(params.get('partner2Code'), '0');
  });

  it('never holds the key', () => {
    assert.doesNotMatch(callPath(call, true, 100000), /key/i);
  });
});

/** Every (period, code, reporter, partner, flow) a call asks for. */
function combinations(call: Call): string[] {
  const partners = call.partners === 'all' ? ['all'] : call.partners;
  return call.periods.flatMap((p) =>
    call.hsCodes.flatMap((h) =>
      call.reporters.flatMap((r) => partners.flatMap((q) => call.flows.map((f) => [p, h, r, q, f].join('|')))),
    ),
  );
}

/** The selection as one call, limits ignored. */
function wholeCall(selection: FetchSelection): Call {
  const periods = planCalls(selection, {
    keyed: true,
    limits: { ...keyedLimits, recordLimit: Infinity, maxUrlLength: Infinity, maxPeriods: Infinity },
    base,
  }).flatMap((c) => c.periods);
  return { ...selection, periods };
}

describe('planCalls', () => {
  it('China → North Korea, 15 years monthly, five codes: 15 calls of 12 months each, every month once, in order', () => {
    const calls = planCalls(chnToPrk, { keyed: false, limits: previewLimits, base });
    assert.equal(calls.length, 15);
    for (const call of calls) {
      assert.equal(call.periods.length, 12);
      assert.deepEqual(call.hsCodes, chnToPrk.hsCodes);
    }
    const months = calls.flatMap((c) => c.periods);
    assert.equal(months.length, 180);
    assert.equal(new Set(months).size, 180);
    assert.equal(months[0], '2011-12');
    assert.equal(months.at(-1), '2026-11');
    assert.deepEqual([...months].sort(), months);
  });

  const cases: Array<{
    name: string;
    selection: Partial<FetchSelection>;
    keyed: boolean;
    calls: number;
    check?: (calls: Call[]) => void;
  }> = [
    {
      name: 'a range shorter than 12 months: one call',
      selection: { from: '2017-01', to: '2017-05' },
      keyed: false,
      calls: 1,
    },
    { name: '13 months: 12 + 1', selection: { from: '2017-01', to: '2018-01' }, keyed: false, calls: 2 },
    {
      name: 'annual, 15 years: 12 + 3',
      selection: { frequency: 'A', from: '2010', to: '2024' },
      keyed: false,
      calls: 2,
    },
    {
      name: 'every partner from the preview: one month and one code a call (250 estimated < 500)',
      selection: { partners: 'all', from: '2017-01', to: '2017-03', hsCodes: ['1005', '1006'] },
      keyed: false,
      calls: 6,
      check: (calls) => calls.forEach((c) => assert.ok(estimateRecords(c) < 500)),
    },
    {
      name: 'every partner with a key: 12 months of every code in one call',
      selection: { partners: 'all', from: '2017-01', to: '2017-12' },
      keyed: true,
      calls: 1,
      check: (calls) => assert.equal(estimateRecords(calls[0]!), allPartnersEstimate * 12 * 5),
    },
    {
      name: 'imports and exports of two reporters: the lists stay in one call while under the limit',
      selection: { reporters: [156, 643], flows: ['X', 'M'], from: '2017-01', to: '2017-12' },
      keyed: false,
      calls: 1,
      check: (calls) => assert.equal(query(callPath(calls[0]!, false, 500)).get('flowCode'), 'X,M'),
    },
    {
      name: 'over 500 from the preview: split until each call is under it',
      selection: {
        reporters: [156, 643],
        partners: [408, 410, 643],
        flows: ['X', 'M'],
        from: '2017-01',
        to: '2017-12',
      },
      keyed: false,
      calls: 2,
      check: (calls) => calls.forEach((c) => assert.ok(estimateRecords(c) < 500)),
    },
  ];
  for (const test of cases) {
    it(test.name, () => {
      const calls = planCalls(
        { ...chnToPrk, ...test.selection },
        { keyed: test.keyed, limits: test.keyed ? keyedLimits : previewLimits, base },
      );
      assert.equal(calls.length, test.calls);
      test.check?.(calls);
      // However the selection was cut, every combination is asked for exactly once.
      const selection = { ...chnToPrk, ...test.selection };
      const combos = calls.flatMap(combinations);
      assert.equal(new Set(combos).size, combos.length, 'no combination twice');
      assert.deepEqual(new Set(combos), new Set(combinations(wholeCall(selection))));
    });
  }

  it('a URL over 4,096 characters is split: a long list of partners', () => {
    const partners = Array.from({ length: 900 }, (_, i) => 100 + i);
    const calls = planCalls(
      { ...chnToPrk, partners, hsCodes: ['1005'], from: '2017-01', to: '2017-01' },
      { keyed: true, limits: keyedLimits, base },
    );
    assert.ok(calls.length > 1);
    for (const call of calls) assert.ok(`${base}/${callPath(call, true, 100000)}`.length <= maxUrlLength);
    assert.deepEqual(
      calls.flatMap((c) => c.partners as number[]),
      partners,
    );
  });
});

describe('splitCall: the longest list in halves, periods first', () => {
  const call: Call = {
    frequency: 'M',
    reporters: [156],
    partners: [408],
    hsCodes: ['1005', '1006'],
    flows: ['X'],
    periods: ['2017-01', '2017-02', '2017-03'],
  };
  const cases: Array<[string, Call, Array<Partial<Call>> | undefined]> = [
    ['3 months, 2 codes: the months', call, [{ periods: ['2017-01', '2017-02'] }, { periods: ['2017-03'] }]],
    [
      '2 months, 2 codes: a tie goes to the months',
      { ...call, periods: ['2017-01', '2017-02'] },
      [{ periods: ['2017-01'] }, { periods: ['2017-02'] }],
    ],
    ['1 month, 2 codes: the codes', { ...call, periods: ['2017-01'] }, [{ hsCodes: ['1005'] }, { hsCodes: ['1006'] }]],
    [
      '1 month, 1 code, 2 flows: the flows',
      { ...call, periods: ['2017-01'], hsCodes: ['1005'], flows: ['X', 'M'] },
      [{ flows: ['X'] }, { flows: ['M'] }],
    ],
    ['nothing left to split', { ...call, periods: ['2017-01'], hsCodes: ['1005'] }, undefined],
    [
      'every partner cannot be listed',
      { ...call, periods: ['2017-01'], hsCodes: ['1005'], partners: 'all' },
      undefined,
    ],
  ];
  for (const [name, input, halves] of cases) {
    it(name, () => {
      assert.deepEqual(
        splitCall(input),
        halves?.map((half) => ({ ...input, ...half })),
      );
    });
  }
});

describe('defaultRange: the last 15 years from an injected now', () => {
  const cases: Array<[string, 'M' | 'A', { from: string; to: string }]> = [
    ['2026-12-01T00:00:00Z', 'M', { from: '2011-12', to: '2026-11' }],
    ['2026-01-15T12:00:00Z', 'M', { from: '2011-01', to: '2025-12' }],
    ['2026-12-01T00:00:00Z', 'A', { from: '2011', to: '2025' }],
  ];
  for (const [now, frequency, range] of cases) {
    it(`${frequency} at ${now}`, () => assert.deepEqual(defaultRange(frequency, new Date(now)), range));
  }
});

describe('parseAreaList: ISO3 for the areas Tradeflow watches, Comtrade numbers for any other', () => {
  const cases: Array<[string, number[] | 'all']> = [
    ['CHN', [156]],
    ['prk', [408]],
    ['CHN,RUS', [156, 643]],
    ['156, 643', [156, 643]],
    ['842', [842]],
    ['all', 'all'],
    ['CHN,156', [156]],
  ];
  for (const [text, codes] of cases) {
    it(text, () => assert.deepEqual(parseAreaList(text, '--partner').codes, codes));
  }
  const bad: Array<[string, '--reporter' | '--partner', RegExp]> = [
    ['USA', '--partner', /^--partner: "USA" is not a Comtrade area .*numeric Comtrade code/],
    ['all', '--reporter', /^--reporter: "all" is for partners only/],
    ['all,CHN', '--partner', /^--partner: "all" cannot be combined/],
    ['', '--reporter', /^--reporter: give at least one area/],
  ];
  for (const [text, option, message] of bad) {
    it(`refuses ${option} "${text}"`, () => {
      assert.throws(
        () => parseAreaList(text, option),
        (error: unknown) => error instanceof FetchUsageError && error.option === option && message.test(error.message),
      );
    });
  }
});
