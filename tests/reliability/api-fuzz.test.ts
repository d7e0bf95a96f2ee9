/**
 * Query-parameter fuzzing of every endpoint: random strings, huge values, repeated parameters, SQL fragments,
 * unicode, empty values, array and object syntax, unknown names. Whatever the query, the answer is never a 500 and
 * never a hang: a 4xx is the one JSON error shape naming a parameter that was given (or a required one that was
 * not), a 2xx parses. The cases come from a fixed seed, so a failure names a URL that fails again.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { parse as parseQuery } from 'node:querystring';
import { createServer, type Server } from 'node:http';
import request from 'supertest';
import type { Db } from '../../server/db/connection.ts';
import { createApiApp } from '../integration/api-app.ts';
import { fingerprintDb } from '../helpers/db.ts';
// mulberry32, the bench generator's: the same seed gives the same cases on every machine.
import { createRandom } from '../../scripts/bench/generate-flows.ts';

interface Endpoint {
  path: string;
  /** A valid value for every parameter the endpoint takes (the fuzz starts from these). */
  params: Record<string, string>;
  required: string[];
  body: 'json' | 'csv';
}

const seriesParams = {
  commodity: 'corn',
  reporter: 'CHN',
  partner: 'PRK',
  direction: 'export',
  source: 'customs',
  measure: 'quantity',
  unit: 't',
  interval: 'month',
  from: '2017-01',
  to: '2017-12',
};

const endpoints: Endpoint[] = [
  { path: '/api/series', params: seriesParams, required: ['commodity'], body: 'json' },
  { path: '/api/series.csv', params: seriesParams, required: ['commodity'], body: 'csv' },
  {
    path: '/api/headline',
    params: {
      commodity: 'rice',
      reporter: 'CHN',
      month: '2017-11',
      partner: 'PRK',
      direction: 'export',
      source: 'customs',
      measure: 'quantity',
      unit: 't',
    },
    required: ['commodity', 'month'],
    body: 'json',
  },
  { path: '/api/cap', params: { year: '2021' }, required: ['year'], body: 'json' },
  {
    path: '/api/shipments',
    params: { from: '2024-01-01', to: '2024-12-31', origin: 'RUS', destination: 'PRK', unit: 'bbl' },
    required: [],
    body: 'json',
  },
  {
    path: '/api/events',
    params: { from: '2016-01-01', to: '2024-12-31', category: 'sanctions,resolution' },
    required: [],
    body: 'json',
  },
  { path: '/api/commodities', params: {}, required: [], body: 'json' },
  { path: '/api/datasets', params: {}, required: [], body: 'json' },
  {
    path: '/api/datasets/china-customs-exports-prk/rows',
    params: {
      offset: '0',
      limit: '10',
      from: '2017-01',
      to: '2017-12',
      commodity: 'rice',
      reporter: 'CHN',
      partner: 'PRK',
    },
    required: [],
    body: 'json',
  },
  { path: '/api/datasets/events/versions', params: {}, required: [], body: 'json' },
  { path: '/api/health', params: {}, required: [], body: 'json' },
];

const nastyValues = [
  // SQL fragments
  "' OR '1'='1",
  "corn' OR 1=1 --",
  '1; DROP TABLE trade_flows; --',
  "corn' UNION SELECT sql, name FROM sqlite_master --",
  "%' OR period LIKE '%",
  '") OR 1=1 --',
  'corn/**/OR/**/1=1',
  "2017-01' --",
  'CHN); DELETE FROM datasets; --',
  "json_each('[1]')",
  // unicode
  '北朝鮮',
  'Ｃｏｒｎ',
  'corn\u0000',
  '\u202Ecorn',
  '🌽',
  'chı',
  'İCHN',
  '\uFEFFcorn',
  'coŕn',
  '\uD800',
  // numbers and dates that are almost right
  '9'.repeat(400),
  '-1',
  '1e309',
  'NaN',
  'Infinity',
  '0x7E1',
  '2017-1',
  '+2017',
  '2017-01-01T00:00:00Z',
  '99999-12',
  '0000-00',
  '2017-02-29',
  '-2017',
  // empty, blank and structural
  '',
  ' ',
  '\t',
  ',',
  ',,,',
  'corn,',
  ',corn',
  'corn,,rice',
  '[]',
  '{}',
  'null',
  'undefined',
  'true',
  '__proto__',
  'constructor',
  '[object Object]',
  '../../etc/passwd',
  'a'.repeat(41),
  Array.from({ length: 13 }, (_, i) => `10${String(i).padStart(2, '0')}`).join(','),
  'CHN,RUS,USA,JPN,KOR,IND,BRA,DEU,FRA,THA,VNM',
  '%',
  '%%',
  '%00',
  '&',
  '=',
  '#',
  '?',
  '+',
];

const unknownNames = [
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'toString',
  'commodity[]',
  'from[$gt]',
  'a.b',
  'COMMODITY',
  'form',
  ' commodity',
  '',
  '🌽',
  'x'.repeat(200),
];

function encode(text: string): string {
  // Lone surrogates cannot be percent-encoded as UTF-8; send the replacement character's bytes instead.
  return encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
}

function queryString(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&');
}

/** A printable-ASCII or percent-encoded random string: what a broken client or a scanner sends. */
function randomText(random: () => number, maxLength: number): string {
  const length = Math.floor(random() * maxLength);
  let text = '';
  for (let i = 0; i < length; i += 1) {
    const r = random();
    if (r < 0.7) text += String.fromCharCode(33 + Math.floor(random() * 94));
    else if (r < 0.9)
      text += `%${Math.floor(random() * 256)
        .toString(16)
        .padStart(2, '0')}`;
    else text += String.fromCodePoint(0x80 + Math.floor(random() * 0x2000));
  }
  // Node's HTTP client refuses characters outside \u0021-\u00ff in a path; anything not plain ASCII is encoded.
  return text.replace(/[^\u0021-\u007e]/gu, (c) => encodeURIComponent(c));
}

/** The valid value of a parameter; 'x' for a name the endpoint does not take (`__proto__` included). */
function valueOf(endpoint: Endpoint, name: string): string {
  return Object.hasOwn(endpoint.params, name) ? (endpoint.params[name] ?? 'x') : 'x';
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

interface Case {
  url: string;
  /** Parameter names present in the query, as the server decodes them. */
  names: string[];
}

/** One fuzzed request for `endpoint`: the valid parameters, some kept, then one or two mutations. */
function makeCase(endpoint: Endpoint, random: () => number): Case {
  const names = Object.keys(endpoint.params);
  let pairs: Array<[string, string]> = Object.entries(endpoint.params).filter(
    ([name]) => endpoint.required.includes(name) || random() < 0.5,
  );
  const mutations = 1 + Math.floor(random() * 2);
  let raw: string | undefined;
  for (let m = 0; m < mutations; m += 1) {
    const name = names.length > 0 ? pick(random, names) : pick(random, unknownNames);
    const kind = Math.floor(random() * 9);
    if (kind <= 2) {
      // a nasty value for a real parameter (the most common case)
      pairs = pairs.filter(([n]) => n !== name);
      pairs.push([name, pick(random, nastyValues)]);
    } else if (kind === 3) {
      pairs.push([pick(random, unknownNames), pick(random, nastyValues)]);
    } else if (kind === 4) {
      // repeated: the same value twice, or two different ones
      const value = valueOf(endpoint, name);
      pairs.push([name, random() < 0.5 ? value : pick(random, nastyValues)], [name, value]);
    } else if (kind === 5) {
      // array and object syntax, which the "simple" query parser must not turn into nested values
      pairs = pairs.filter(([n]) => n !== name);
      pairs.push([`${name}${pick(random, ['[]', '[0]', '[a]', '[__proto__]'])}`, valueOf(endpoint, name)]);
    } else if (kind === 6) {
      pairs = pairs.filter(([n]) => n !== name);
      pairs.push([name, pick(random, ['x', '2017-01', 'corn,']).repeat(50 + Math.floor(random() * 600))]);
    } else if (kind === 7) {
      pairs = pairs.filter(([n]) => !endpoint.required.includes(n) || random() < 0.5);
    } else {
      raw = randomText(random, 120);
    }
  }
  const query = [queryString(pairs), raw].filter((part) => part !== undefined && part !== '').join('&');
  // The names as the server reads them: what is after a '#' is never sent, and Express's "simple" query parser is
  // node:querystring (invalid UTF-8 becomes U+FFFD).
  const sent = query.split('#')[0] ?? '';
  return { url: query === '' ? endpoint.path : `${endpoint.path}?${query}`, names: Object.keys(parseQuery(sent)) };
}

function checkAnswer(endpoint: Endpoint, fuzz: Case, response: request.Response): void {
  const where = `GET ${fuzz.url.slice(0, 300)} → ${response.status} ${response.text.slice(0, 300)}`;
  assert.ok([200, 400, 414].includes(response.status), `unexpected status: ${where}`);
  if (response.status === 200) {
    if (endpoint.body === 'csv') {
      assert.match(response.headers['content-type'] ?? '', /^text\/csv/, where);
      assert.ok(response.text.startsWith('\uFEFFseries,commodity,'), where);
    } else {
      assert.match(response.headers['content-type'] ?? '', /^application\/json/, where);
      const body = JSON.parse(response.text) as Record<string, unknown>;
      assert.equal(typeof body, 'object', where);
      assert.ok(!('error' in body), where);
    }
    return;
  }
  assert.match(response.headers['content-type'] ?? '', /^application\/json/, where);
  const body = JSON.parse(response.text) as { error?: { code?: unknown; message?: unknown; parameter?: unknown } };
  assert.deepEqual(Object.keys(body), ['error'], where);
  const error = body.error ?? {};
  assert.equal(typeof error.message, 'string', where);
  assert.ok(String(error.message).length > 10, where);
  assert.doesNotMatch(
    response.text,
    /\bat .*\.(ts|js):\d+|node_modules|Error:|SQLITE/,
    `stack trace or SQL error: ${where}`,
  );
  if (response.status === 414) {
    assert.equal(error.code, 'uri-too-long', where);
    return;
  }
  assert.equal(error.code, 'invalid-parameter', where);
  assert.equal(typeof error.parameter, 'string', where);
  const parameter = String(error.parameter);
  assert.ok(
    fuzz.names.includes(parameter) || endpoint.required.includes(parameter),
    `the error names "${parameter}", which was neither given nor required: ${where}`,
  );
  // A nameless parameter (`?=x`) has no name to start the message with (see the test below).
  assert.ok(String(error.message).startsWith(parameter === '' ? 'a parameter has no name' : `${parameter}: `), where);
}

describe('query-parameter fuzzing (fixed seed)', () => {
  let db: Db;
  let server: Server;
  let before_: string;
  before(async () => {
    const built = await createApiApp({ bundled: true });
    db = built.db;
    // One listening server for every request (supertest would otherwise open one per request).
    server = createServer(built.app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    before_ = fingerprintDb(db);
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    db.close();
  });

  async function send(fuzz: Case, method: 'get' | 'head' = 'get'): Promise<request.Response> {
    try {
      // A response that does not come is a hang: the deadline turns it into a failure naming the URL.
      return await request(server)[method](fuzz.url).timeout({ response: 5000, deadline: 10000 });
    } catch (error) {
      throw new Error(
        `${method.toUpperCase()} ${fuzz.url.slice(0, 300)}: ${error instanceof Error ? error.message : error}`,
        {
          cause: error,
        },
      );
    }
  }

  it('answers the valid parameters of every endpoint with 200 (the fuzz starts from a working request)', async () => {
    for (const endpoint of endpoints) {
      const url =
        Object.keys(endpoint.params).length > 0
          ? `${endpoint.path}?${queryString(Object.entries(endpoint.params))}`
          : endpoint.path;
      const response = await send({ url, names: Object.keys(endpoint.params) });
      assert.equal(response.status, 200, `${url}: ${response.text.slice(0, 300)}`);
    }
  });

  it('never answers a fuzzed query with a 500 or not at all, and every 4xx is the JSON error shape', async () => {
    const random = createRandom(20180101);
    const statuses = new Map<number, number>();
    for (const endpoint of endpoints) {
      for (let i = 0; i < 30; i += 1) {
        const fuzz = makeCase(endpoint, random);
        const response = await send(fuzz);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        checkAnswer(endpoint, fuzz, response);
      }
    }
    // The fuzz reached both sides: requests that were refused and requests that were answered.
    assert.ok((statuses.get(400) ?? 0) > 50, `400s: ${JSON.stringify([...statuses])}`);
    assert.ok((statuses.get(200) ?? 0) > 10, `200s: ${JSON.stringify([...statuses])}`);
    assert.ok((statuses.get(414) ?? 0) > 0, `414s: ${JSON.stringify([...statuses])}`);
  });

  it('gives nasty values to every parameter of every endpoint, the others valid, without a 500', async () => {
    for (const endpoint of endpoints) {
      for (const [index, name] of Object.keys(endpoint.params).entries()) {
        // Every fourth value, starting at a different one for each parameter: all values over the parameters,
        // about 15 per parameter (a few hundred requests, not every combination).
        for (const value of nastyValues.filter((_, i) => (i + index) % 4 === 0)) {
          const pairs = Object.entries({ ...endpoint.params, [name]: value });
          const fuzz = { url: `${endpoint.path}?${queryString(pairs)}`, names: Object.keys(endpoint.params) };
          checkAnswer(endpoint, fuzz, await send(fuzz));
        }
      }
    }
  });

  it('answers HEAD like GET, without a body', async () => {
    const random = createRandom(7);
    for (const endpoint of endpoints) {
      for (let i = 0; i < 3; i += 1) {
        const fuzz = makeCase(endpoint, random);
        const [head, get] = [await send(fuzz, 'head'), await send(fuzz)];
        assert.equal(head.status, get.status, fuzz.url);
        assert.ok(head.status < 500, fuzz.url);
        assert.equal(head.text ?? '', '', fuzz.url);
      }
    }
  });

  it('refuses a parameter without a name (?=x), saying so, with parameter "" in the error', async () => {
    for (const url of ['/api/series?commodity=corn&=x', '/api/health?=', '/api/cap?year=2021&=2021']) {
      const response = await send({ url, names: [''] });
      assert.equal(response.status, 400, url);
      assert.equal(response.body.error.code, 'invalid-parameter', url);
      assert.equal(response.body.error.parameter, '', url);
      assert.match(response.body.error.message, /^a parameter has no name/, url);
    }
  });

  it('changed nothing in the database', () => {
    assert.equal(fingerprintDb(db), before_);
  });
});
