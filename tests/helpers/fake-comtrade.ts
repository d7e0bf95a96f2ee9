/**
 * A fake UN Comtrade API on 127.0.0.1 (random port) for the fetch tests: no test calls the real API. It follows the
 * real URL patterns (`/public/v1/preview/C/{M|A}/HS` without a key, `/data/v1/get/C/{M|A}/HS` with the key in the
 * `Ocp-Apim-Subscription-Key` header) and envelope (`{elapsedTime, count, data, error}`), answers from a list of
 * records, and, like the real API, returns at most its record limit (500 from the preview) without saying that it
 * cut anything. It refuses what the real API refuses: more than 12 periods, an address over 4,096 characters, and
 * (Tradeflow's own rule, checked here) a call that does not ask for totals only.
 *
 * `script` replaces the answer to chosen requests: an HTTP error, a body cut short, a request left hanging.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import countries from 'i18n-iso-countries';

export type ComtradeRecord = Record<string, unknown>;

export interface RecordInput {
  reporter?: number;
  partner?: number;
  flow?: 'X' | 'M';
  /** Comtrade's period: `YYYYMM` or `YYYY`. */
  period: string;
  cmdCode: string;
  netWgt: number | null;
  primaryValue: number | null;
  classification?: string;
}

/** ISO3 for a Comtrade code, as the API writes it with includeDesc=true (Comtrade's codes are ISO numeric here). */
function isoOf(code: number): string {
  if (code === 0) return 'W00';
  return countries.numericToAlpha3(String(code).padStart(3, '0')) ?? `X${code}`;
}

/** A record as the full API sends it: every field, null where a figure is not given. */
export function comtradeRecord(input: RecordInput): ComtradeRecord {
  const reporter = input.reporter ?? 156;
  const partner = input.partner ?? 408;
  const monthly = input.period.length === 6;
  return {
    typeCode: 'C',
    freqCode: monthly ? 'M' : 'A',
    refPeriodId: Number(`${input.period.slice(0, 4)}${monthly ? input.period.slice(4, 6) : '01'}01`),
    refYear: Number(input.period.slice(0, 4)),
    refMonth: monthly ? Number(input.period.slice(4, 6)) : 52,
    period: input.period,
    reporterCode: reporter,
    reporterISO: isoOf(reporter),
    reporterDesc: `Reporter ${reporter}`,
    flowCode: input.flow ?? 'X',
    flowDesc: input.flow === 'M' ? 'Import' : 'Export',
    partnerCode: partner,
    partnerISO: isoOf(partner),
    partnerDesc: `Partner ${partner}`,
    partner2Code: 0,
    partner2ISO: 'W00',
    partner2Desc: 'World',
    classificationCode: input.classification ?? 'H5',
    classificationSearchCode: 'HS',
    isOriginalClassification: true,
    cmdCode: input.cmdCode,
    cmdDesc: `HS ${input.cmdCode}`,
    aggrLevel: input.cmdCode.length,
    isLeaf: false,
    customsCode: 'C00',
    customsDesc: 'TOTAL CPC',
    mosCode: '0',
    motCode: 0,
    motDesc: 'TOTAL MOT',
    qtyUnitCode: 8,
    qtyUnitAbbr: 'kg',
    qty: input.netWgt,
    isQtyEstimated: false,
    altQtyUnitCode: -1,
    altQtyUnitAbbr: 'N/A',
    altQty: null,
    isAltQtyEstimated: false,
    netWgt: input.netWgt,
    isNetWgtEstimated: false,
    grossWgt: null,
    isGrossWgtEstimated: false,
    cifvalue: null,
    fobvalue: input.primaryValue,
    primaryValue: input.primaryValue,
    legacyEstimationFlag: 0,
    isReported: true,
    isAggregate: false,
  };
}

/** The figures the real preview writes as 0 where the full API writes null (docs/comtrade.md#the-preview-api). */
const figureFields = ['qty', 'altQty', 'netWgt', 'grossWgt', 'cifvalue', 'fobvalue', 'primaryValue'];

function asPreview(record: ComtradeRecord): ComtradeRecord {
  const copy = { ...record };
  for (const field of figureFields) if (copy[field] === null) copy[field] = 0;
  return copy;
}

export interface FakeRequest {
  /** 1-based, in arrival order. */
  n: number;
  /** Path and query as received, relative to the base (no leading slash). */
  path: string;
  endpoint: 'preview' | 'keyed';
  query: URLSearchParams;
  key: string | undefined;
}

export type Scripted =
  | { status: number; headers?: Record<string, string>; body: string }
  /** Promise the whole body, send part of it, then close the connection. */
  | { truncate: true }
  /** Never answer (until the server closes). */
  | { hang: true };

export interface FakeComtradeOptions {
  records: ComtradeRecord[];
  /** The key the keyed endpoint accepts. */
  validKey?: string;
  previewLimit?: number;
  keyedLimit?: number;
  script?: (request: FakeRequest) => Scripted | undefined;
  /** Told about every request as it arrives (the kill test kills its child on one). */
  onRequest?: (request: FakeRequest) => void;
}

export interface FakeComtrade {
  base: string;
  requests: FakeRequest[];
  close(): Promise<void>;
}

const pathPattern = /^\/(public\/v1\/preview|data\/v1\/get)\/C\/(M|A)\/HS$/;

function list(query: URLSearchParams, name: string): string[] | undefined {
  const value = query.get(name);
  return value === null ? undefined : value.split(',');
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function answer(options: FakeComtradeOptions, request: FakeRequest, freq: string, response: ServerResponse): void {
  const { query } = request;
  if (request.endpoint === 'keyed' && (options.validKey === undefined || request.key !== options.validKey)) {
    send(response, 401, {
      statusCode: 401,
      message:
        'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.',
    });
    return;
  }
  const periods = list(query, 'period') ?? [];
  const problems: string[] = [];
  if (periods.length === 0 || periods.length > 12) problems.push(`period: ${periods.length} periods (1 to 12)`);
  if (query.get('partner2Code') !== '0') problems.push('partner2Code is not 0');
  if (query.get('motCode') !== '0') problems.push('motCode is not 0');
  if (query.get('customsCode') !== 'C00') problems.push('customsCode is not C00');
  if (query.get('reporterCode') === null) problems.push('no reporterCode');
  if (problems.length > 0) {
    send(response, 400, { statusCode: 400, message: problems.join('; ') });
    return;
  }
  const reporters = list(query, 'reporterCode');
  const partners = list(query, 'partnerCode');
  const codes = list(query, 'cmdCode');
  const flows = list(query, 'flowCode');
  const matches = options.records.filter(
    (r) =>
      r.freqCode === freq &&
      periods.includes(String(r.period)) &&
      (reporters?.includes(String(r.reporterCode)) ?? true) &&
      (partners?.includes(String(r.partnerCode)) ?? true) &&
      (codes?.includes(String(r.cmdCode)) ?? true) &&
      (flows?.includes(String(r.flowCode)) ?? true),
  );
  const endpointLimit =
    request.endpoint === 'preview' ? (options.previewLimit ?? 500) : (options.keyedLimit ?? 100_000);
  const asked = Number(query.get('maxRecords') ?? endpointLimit);
  // Like the real API: no more than the limit, and nothing in the answer says that records were left out.
  const data = matches.slice(0, Math.min(asked, endpointLimit));
  send(response, 200, {
    elapsedTime: '0.01 secs',
    count: data.length,
    data: request.endpoint === 'preview' ? data.map(asPreview) : data,
    error: '',
  });
}

export async function startFakeComtrade(options: FakeComtradeOptions): Promise<FakeComtrade> {
  const requests: FakeRequest[] = [];
  const server = createServer((req: IncomingMessage, response: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if ((req.url ?? '').length + 'http://127.0.0.1:00000'.length > 4096) {
      send(response, 414, { statusCode: 414, message: 'Request URL Too Long' });
      return;
    }
    const match = pathPattern.exec(url.pathname);
    if (!match) {
      send(response, 404, { statusCode: 404, message: 'Resource not found' });
      return;
    }
    const keyHeader = req.headers['ocp-apim-subscription-key'];
    const request: FakeRequest = {
      n: requests.length + 1,
      path: (req.url ?? '').replace(/^\//, ''),
      endpoint: match[1] === 'data/v1/get' ? 'keyed' : 'preview',
      query: url.searchParams,
      key: typeof keyHeader === 'string' ? keyHeader : undefined,
    };
    requests.push(request);
    options.onRequest?.(request);
    const scripted = options.script?.(request);
    if (scripted === undefined) {
      answer(options, request, match[2] ?? 'M', response);
    } else if ('hang' in scripted) {
      // Left open: the client is expected to be killed, or the server closed.
    } else if ('truncate' in scripted) {
      const text = JSON.stringify({
        elapsedTime: '0.01 secs',
        count: 1,
        data: [comtradeRecord({ period: '201701', cmdCode: '1005', netWgt: 1, primaryValue: 1 })],
        error: '',
      });
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      response.write(text.slice(0, Math.floor(text.length / 2)));
      setImmediate(() => response.destroy());
    } else {
      response.writeHead(scripted.status, { 'content-type': 'application/json', ...scripted.headers });
      response.end(scripted.body);
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
