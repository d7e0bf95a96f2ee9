/**
 * Words for version changes: a summary's series key (migration 0007's JSON arrays) as a name a reader knows
 * ("China rice (HS 1006) exports to North Korea"), and a period's summary as a figure ("672 t"). Pure functions.
 */
import { countryName } from './headline.ts';

export interface SeriesName {
  /** The whole name: "China rice (HS 1006) exports to North Korea". */
  label: string;
  /** The name a change's sentence starts with: "China rice". */
  short: string;
  unit: string | null;
  /** What a count of rows is called in a sentence ("calls"), or null when the count is only worth saying if > 1. */
  countNoun: string | null;
  /** Rows without figures of their own (events, claims): a period says how many there are, never "not reported". */
  countsOnly: boolean;
}

/** A stored period as the API writes it: 201711 → "2017-11", 2017 → "2017". */
export function periodText(period: number): string {
  if (period < 10000) return String(period);
  return `${Math.floor(period / 100)}-${String(period % 100).padStart(2, '0')}`;
}

const directionWords: Readonly<Record<string, string>> = {
  export: 'exports to',
  import: 'imports from',
  're-export': 're-exports to',
  're-import': 're-imports from',
};

function country(code: unknown): string {
  if (typeof code !== 'string' || code === '') return 'any reporter';
  return code === 'W00' ? 'the world' : countryName(code);
}

function text(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

/** Comtrade's breakdown of a series, when it is one slice rather than the total (migration 0005 breakdown_total). */
function sliceOf(partner2: string | null, customs: string | null, mot: string | null, mos: string | null): string[] {
  const parts: string[] = [];
  if (partner2 !== null && partner2 !== 'W00') parts.push(`second partner ${partner2}`);
  if (customs !== null && customs !== 'C00') parts.push(`customs procedure ${customs}`);
  if (mot !== null && mot !== '0') parts.push(`transport ${mot}`);
  if (mos !== null && mos.trim() !== '0') parts.push(`supply ${mos.trim()}`);
  return parts;
}

export function describeSeries(key: string): SeriesName {
  const parts = JSON.parse(key) as unknown[];
  const [kind] = parts;
  const at = (i: number): string | null => text(parts[i]);
  switch (kind) {
    case 'flows': {
      // [kind, reporter, partner, direction, frequency, hs_code, product, commodity_group, quantity_unit,
      //  reporter_code, partner_code, hs_revision, flow_code, partner2, partner2_code, customs_code, mot_code, mos_code]
      const hsCode = at(5) ?? '';
      const subject = at(6) ?? at(7);
      const details = [`HS ${hsCode}`, ...(at(11) === null ? [] : [at(11) as string])];
      details.push(...sliceOf(at(13), at(15), at(16), at(17)));
      const reporter = country(at(1));
      const named = subject === null ? `${reporter} HS ${hsCode}` : `${reporter} ${subject}`;
      const detailText = subject === null ? details.slice(1) : details;
      return {
        label: `${named}${detailText.length > 0 ? ` (${detailText.join(', ')})` : ''} ${directionWords[at(3) ?? ''] ?? at(3)} ${country(at(2))}`,
        short: named,
        unit: at(8),
        countNoun: null,
        countsOnly: false,
      };
    }
    case 'un1718':
      return {
        label: `${country(at(1))} refined petroleum notified to the UN 1718 Committee`,
        short: `${country(at(1))} 1718 notifications`,
        unit: at(2),
        countNoun: 'notifications',
        countsOnly: false,
      };
    case 'shipments':
      return {
        label: `${country(at(1))} ${at(3) ?? ''} shipments to ${country(at(2))}`,
        short: `${country(at(1))} ${at(3) ?? ''} shipments`,
        unit: at(4),
        countNoun: 'calls',
        countsOnly: false,
      };
    case 'events':
      return {
        label: `Events: ${at(1) ?? ''}`,
        short: `${at(1) ?? ''} events`,
        unit: null,
        countNoun: 'events',
        countsOnly: true,
      };
    case 'claims':
      return {
        label: `Claims (${at(4) ?? ''}) about ${country(at(1))} ${at(3) ?? ''} to ${country(at(2))}`,
        short: `${country(at(1))} ${at(3) ?? ''} claims (${at(4) ?? ''})`,
        unit: null,
        countNoun: 'claims',
        countsOnly: true,
      };
    case 'factors': {
      const reporter = at(1) === null || at(1) === '' ? '' : ` (${country(at(1))})`;
      const name = `Barrels per tonne for ${at(2) ?? ''}${reporter}`;
      return { label: name, short: name, unit: 'bbl/t', countNoun: null, countsOnly: false };
    }
    default:
      return { label: key, short: key, unit: null, countNoun: null, countsOnly: true };
  }
}

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 4 });

/**
 * A period's summary in words: "672 t", "US$7,300,000", "16,450 t, US$7,300,000", "3 events". A period whose rows
 * have no figure is "not reported" (never 0). The row count is said when the kind counts (calls, events) or when
 * there is more than one row.
 */
export function describeSummary(
  summary: { rows: number; quantity: number | null; unit: string | null; valueUsd: number | null } | null,
  name: Pick<SeriesName, 'countNoun' | 'countsOnly'>,
): string {
  if (summary === null) return 'nothing';
  const count = `${numberFormat.format(summary.rows)} ${summary.rows === 1 ? (name.countNoun ?? 'rows').replace(/s$/, '') : (name.countNoun ?? 'rows')}`;
  if (name.countsOnly) return count;
  const figures: string[] = [];
  if (summary.quantity !== null)
    figures.push(`${numberFormat.format(summary.quantity)}${summary.unit === null ? '' : ` ${summary.unit}`}`);
  if (summary.valueUsd !== null) figures.push(`US$${numberFormat.format(summary.valueUsd)}`);
  const said = figures.length > 0 ? figures.join(', ') : 'not reported';
  if (name.countNoun !== null) return `${count}, ${said}`;
  return summary.rows > 1 ? `${said} (${count})` : said;
}
