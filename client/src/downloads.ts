/**
 * "Download data (ZIP)": the chart's figures as a CSV made for spreadsheets, with a README beside it (what it is,
 * the view's address, when it was retrieved, who published the figures, their addresses, how to cite), as Our World
 * in Data's downloads are. Pure (tests/unit/client-downloads.test.ts); views/share.ts wires the button.
 *
 * The API's own CSV (/api/series.csv, the "Download CSV" link) keeps its documented columns, `period` as `2017-11`.
 * Excel and Sheets read that as 1 November 2017 and show "Nov-17"; here the period is two whole numbers, `year` and
 * `month`, which no spreadsheet turns into a date.
 */
import type { CapResponse, Series, Shipment } from './api-types.ts';
import { formatDate, formatStatus, publisherName, reporterName, seriesLabel } from './format.ts';
import { commodityName, nameKeysIn } from './labels.ts';
import { zipStored } from './zip.ts';

/** As the API's CSV does (server/http/csv.ts): a cell a spreadsheet would run as a formula gets a leading `'`. */
export function textCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function numberCell(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '' : String(value);
}

export const spreadsheetColumns = [
  'series',
  'commodity',
  'reporter',
  'partner',
  'publisher',
  'year',
  'month',
  'value',
  'unit',
  'status',
  'partial',
  'mom_percent',
  'yoy_percent',
  'note',
  'sources',
] as const;

/** UTF-8 with a byte-order mark (so Excel reads it as UTF-8) and CRLF line ends, as the API's CSV. */
export function spreadsheetCsv(series: readonly Series[]): string {
  const lines = [spreadsheetColumns.join(',')];
  for (const s of series) {
    for (const point of s.points) {
      const month = /^\d{4}-(\d{2})$/.exec(point.period)?.[1];
      lines.push(
        [
          textCell(seriesLabel(s)),
          textCell(s.commodityLabel),
          textCell(reporterName(s.reporter)),
          textCell(reporterName(s.partner)),
          textCell(publisherName(s.source, [s.reporter])),
          numberCell(Number(point.period.slice(0, 4))),
          month === undefined ? '' : numberCell(Number(month)),
          numberCell(point.status === 'not-reported' ? null : point.value),
          textCell(s.unit),
          textCell(formatStatus(point.status)),
          point.partial ? 'yes' : 'no',
          numberCell(point.change.mom?.percent),
          numberCell(point.change.yoy?.percent),
          textCell(point.note === undefined ? '' : nameKeysIn(point.note)),
          textCell(point.sources.join(' | ')),
        ].join(','),
      );
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export interface ReadmeFacts {
  title: string;
  /** The view's address (location.href). */
  address: string;
  /** The API request the figures came from. */
  apiAddress: string;
  retrieved: Date;
  series: readonly Series[];
  csvName: string;
}

export function readmeText(facts: ReadmeFacts): string {
  const day = facts.retrieved.toISOString().slice(0, 10);
  const reporters = [...new Set(facts.series.map((s) => s.reporter))];
  const sourceKey = facts.series[0]?.source ?? 'customs';
  const publishers = publisherName(sourceKey, reporters);
  const sources = [...new Set(facts.series.flatMap((s) => s.points.flatMap((p) => p.sources)))];
  const periods = facts.series[0]?.points.map((p) => p.period) ?? [];
  const first = periods[0] ?? '';
  const last = periods[periods.length - 1] ?? '';
  return [
    facts.title,
    '',
    `Periods: ${first} to ${last}`,
    `Published by: ${publishers}`,
    `View: ${facts.address}`,
    `Retrieved: ${formatDate(day)} from ${facts.apiAddress}`,
    '',
    'Files',
    `- ${facts.csvName}: one row per series and period.`,
    '  year and month are whole numbers (month is empty in a yearly series), so a spreadsheet does not turn a',
    '  month into a date. value is empty where the month was not reported: that is not a zero. A reported zero',
    '  is 0, with status "reported zero". partial = yes: a sum known to be incomplete (see note).',
    '  mom_percent and yoy_percent: change from the month before and from a year earlier, in percent; empty',
    '  where either side was not reported or the earlier figure was zero.',
    '  sources: the addresses of the published figures, separated by " | ".',
    '',
    'How to cite',
    `${facts.title}. ${publishers}, via Tradeflow, ${facts.address} (retrieved ${formatDate(day)}).`,
    '',
    `Sources (${sources.length})`,
    ...sources.map((source) => `- ${source}`),
    '',
  ].join('\r\n');
}

/** The ZIP: the spreadsheet CSV and README.txt, in a folder named after the view. */
export function dataZip(facts: ReadmeFacts, folder: string): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  return zipStored(
    [
      { name: `${folder}/${facts.csvName}`, data: encoder.encode(spreadsheetCsv(facts.series)) },
      { name: `${folder}/README.txt`, data: encoder.encode(readmeText(facts)) },
    ],
    facts.retrieved,
  );
}

function csvText(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return `\uFEFF${[header.join(','), ...rows.map((row) => row.join(','))].join('\r\n')}\r\n`;
}

/**
 * The cap panel's year: one row per month and reporter, as notified and in barrels, with the month's total and the
 * running total. A month not notified has empty figures and status "not reported", never 0.
 */
export function capCsv(report: CapResponse): string {
  const header = [
    'year',
    'month',
    'reporter',
    'status',
    'notified',
    'notified_unit',
    'barrels_per_tonne',
    'barrels',
    'month_total_barrels',
    'cumulative_barrels',
    'cap_barrels',
    'source',
    'note',
  ];
  const rows = report.months.flatMap((month) =>
    report.reporters.map((reporter) => {
      const entry = month.reporters[reporter];
      return [
        numberCell(Number(month.period.slice(0, 4))),
        numberCell(Number(month.period.slice(5, 7))),
        textCell(reporterName(reporter)),
        textCell(month.future ? 'not due yet' : formatStatus(entry?.status ?? 'not-reported')),
        numberCell(entry?.notified.value),
        textCell(entry?.notified.value === null || entry === undefined ? '' : entry.notified.unit),
        numberCell(entry?.factor),
        numberCell(entry?.barrels),
        numberCell(month.totalBarrels),
        numberCell(month.cumulativeBarrels),
        numberCell(report.capBarrels),
        textCell(entry?.source),
        textCell(entry?.note),
      ];
    }),
  );
  return csvText(header, rows);
}

/** The shipments panel's list: one row per dated call, the quantity empty where none was published. */
export function shipmentsCsv(shipments: readonly Shipment[]): string {
  const header = [
    'date',
    'vessel',
    'imo',
    'from',
    'load_port',
    'to',
    'discharge_port',
    'cargo',
    'quantity',
    'unit',
    'status',
    'source',
    'note',
  ];
  const rows = shipments.map((s) => [
    textCell(s.date),
    textCell(s.vessel),
    textCell(s.imo),
    textCell(reporterName(s.origin)),
    textCell(s.loadPort),
    textCell(reporterName(s.destination)),
    textCell(s.dischargePort),
    textCell(commodityName(s.commodity)),
    numberCell(s.quantity),
    textCell(s.quantity === null ? '' : s.unit),
    textCell(s.status),
    textCell(s.source),
    textCell(s.note === null ? '' : nameKeysIn(s.note)),
  ]);
  return csvText(header, rows);
}
