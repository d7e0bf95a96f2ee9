import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  defaultState,
  parseState,
  seriesQuery,
  serializeState,
  toQueryString,
  type ViewState,
} from '../../client/src/state.ts';

describe('client state: the URL holds the whole view', () => {
  it('no query string: the default view, nothing ignored', () => {
    const { state, ignored } = parseState('');
    assert.deepEqual(state, { ...defaultState });
    assert.deepEqual(ignored, []);
  });

  it('every choice survives a round trip through the URL', () => {
    const view: ViewState = {
      commodity: ['corn', 'rice'],
      reporter: ['CHN', 'RUS'],
      partner: 'PRK',
      source: 'customs',
      measure: 'value',
      unit: 'usd',
      from: '2016-01',
      to: '2018-12',
      interval: 'year',
      chart: 'line',
      scale: 'log',
      hideUnreported: true,
      change: 'yoy',
      events: ['sanctions', 'test'],
      table: true,
      capYear: 2023,
      shipFrom: '2024-03-01',
      shipTo: '2024-04-30',
      check: '2017-11',
    };
    const query = serializeState(view);
    assert.deepEqual(parseState(query), { state: view, ignored: [] });
    assert.deepEqual(parseState(`?${query}`).state, view);
  });

  it('check=YYYY-MM opens the Check a claim panel; a closed panel leaves no check parameter in the URL', () => {
    const query = serializeState({ ...defaultState, commodity: ['corn'], check: '2017-11' });
    assert.match(query, /(^|&)check=2017-11(&|$)/);
    assert.equal(parseState(query).state.check, '2017-11');
    assert.doesNotMatch(serializeState({ ...defaultState, check: null }), /check=/);
  });

  it('the empty and full event filters round-trip too', () => {
    for (const events of [[], null]) {
      const view = { ...defaultState, events };
      assert.deepEqual(parseState(serializeState(view)).state.events, events);
    }
  });

  it('lists keep readable commas', () => {
    const query = seriesQuery({ ...defaultState, commodity: ['corn', 'rice'], reporter: ['CHN', 'RUS'] });
    assert.equal(query, 'commodity=corn,rice&reporter=CHN,RUS&source=customs&measure=quantity&unit=t');
    assert.equal(toQueryString([['q', 'a b&c=d,e']]), 'q=a%20b%26c%3Dd,e');
  });

  it('the series query has exactly the API parameters, with from/to only when chosen', () => {
    const query = seriesQuery({ ...defaultState, from: '2017-01', to: '2017-12', chart: 'line', table: true });
    assert.equal(
      query,
      'commodity=refined-oil&reporter=CHN&source=customs&measure=quantity&unit=t&from=2017-01&to=2017-12',
    );
  });

  it('a yearly view asks the API for interval=year; a monthly one leaves the query as it was', () => {
    assert.match(seriesQuery({ ...defaultState, interval: 'year' }), /&interval=year$/);
    assert.doesNotMatch(seriesQuery(defaultState), /interval/);
  });

  it("without a unit, the server's default: dollars for values, tonnes for customs, barrels otherwise", () => {
    assert.equal(parseState('measure=value').state.unit, 'usd');
    assert.equal(parseState('measure=quantity').state.unit, 't');
    assert.equal(parseState('source=un1718').state.unit, 'bbl');
    assert.equal(parseState('source=shipments&measure=quantity').state.unit, 'bbl');
    assert.equal(parseState('measure=quantity&unit=kg').state.unit, 'kg');
  });

  it('reporters are upper-cased, partners too', () => {
    const { state } = parseState('reporter=chn,rus&partner=prk');
    assert.deepEqual(state.reporter, ['CHN', 'RUS']);
    assert.equal(state.partner, 'PRK');
  });
});

describe('client state: what it cannot read, it names and defaults', () => {
  const cases: [string, keyof ViewState, string][] = [
    ['chart=pie', 'chart', 'chart=pie (expected bar or line)'],
    ['interval=week', 'interval', 'interval=week (expected month or year)'],
    ['scale=sqrt', 'scale', 'scale=sqrt (expected linear or log)'],
    ['unreported=zero', 'hideUnreported', 'unreported=zero (expected show or hide)'],
    ['change=daily', 'change', 'change=daily (expected none, mom or yoy)'],
    ['from=2017-13', 'from', 'from=2017-13 (expected a month, YYYY-MM)'],
    ['to=Nov%202017', 'to', 'to=Nov 2017 (expected a month, YYYY-MM)'],
    ['table=yes', 'table', 'table=yes (expected 1 or 0)'],
    ['cap=21', 'capYear', 'cap=21 (expected a year, YYYY)'],
    ['shipFrom=2024-02-30x', 'shipFrom', 'shipFrom=2024-02-30x (expected a date, YYYY-MM-DD)'],
    ['commodity=%3Cscript%3E', 'commodity', 'commodity=<script> (expected a comma-separated list of keys)'],
    ['commodity=', 'commodity', 'commodity= (expected a comma-separated list of keys)'],
    ['partner=North%20Korea', 'partner', 'partner=North Korea (expected an ISO3 country code)'],
    ['check=Nov%202017', 'check', 'check=Nov 2017 (expected a month, YYYY-MM)'],
    ['events=%2C', 'events', 'events=, (expected all, none or a comma-separated list of categories)'],
  ];
  for (const [query, field, message] of cases) {
    it(query, () => {
      const { state, ignored } = parseState(query);
      assert.deepEqual(ignored, [message]);
      assert.deepEqual(state[field], defaultState[field]);
    });
  }

  it('a shipments range that ends before it starts falls back to the default range', () => {
    const { state, ignored } = parseState('shipFrom=2024-05-01&shipTo=2024-04-01');
    assert.equal(state.shipFrom, defaultState.shipFrom);
    assert.equal(state.shipTo, defaultState.shipTo);
    assert.equal(ignored.length, 1);
  });

  it('an empty from/to means the extent of the data, not an error', () => {
    const { state, ignored } = parseState('from=&to=');
    assert.equal(state.from, null);
    assert.equal(state.to, null);
    assert.deepEqual(ignored, []);
  });

  it('series keys the form does not know are passed on for the server to judge', () => {
    const { state, ignored } = parseState('commodity=wheat&source=comtrade&unit=m3');
    assert.deepEqual(ignored, []);
    assert.equal(seriesQuery(state), 'commodity=wheat&reporter=CHN&source=comtrade&measure=quantity&unit=m3');
  });
});
