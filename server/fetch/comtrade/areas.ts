/**
 * Reporters and partners on the command line: an ISO 3166-1 alpha-3 code Tradeflow knows Comtrade's number for, or
 * Comtrade's numeric code itself. Comtrade's numbers are its own (M49-based) and are not always ISO numeric codes
 * (India is 699, the USA 842: docs/comtrade.md#areas), so an ISO code is never translated by ISO's numbering; only
 * the areas this project is about are listed, and any other area is given by its Comtrade number.
 */
import { FetchUsageError } from './errors.ts';

/**
 * Comtrade's codes for the areas Tradeflow watches, from Comtrade+'s reference lists of reporters and partner areas
 * (https://comtradeapi.un.org/files/v1/app/reference/Reporters.json and partnerAreas.json).
 */
export const comtradeAreaCodes: Readonly<Record<string, number>> = {
  CHN: 156, // China
  PRK: 408, // Dem. People's Rep. of Korea
  RUS: 643, // Russian Federation
  KOR: 410, // Rep. of Korea
  W00: 0, // World (Comtrade+'s code; legacy files write WLD)
  WLD: 0,
};

export interface AreaList {
  /** Comtrade's numeric codes, in the order given, without repeats; 'all' asks the API for every partner. */
  codes: number[] | 'all';
  /** The codes as the user wrote them (upper case), for the dataset's name and messages. */
  labels: string[];
}

/** `CHN`, `156`, `CHN,RUS`, and for partners `all`. */
export function parseAreaList(text: string, option: '--reporter' | '--partner'): AreaList {
  const items = text
    .split(',')
    .map((item) => item.trim().toUpperCase())
    .filter((item) => item !== '');
  if (items.length === 0)
    throw new FetchUsageError(option, 'give at least one area (ISO3 such as CHN, or a Comtrade code)');
  if (items.includes('ALL')) {
    if (option === '--reporter') {
      throw new FetchUsageError(option, '"all" is for partners only: name the reporting countries');
    }
    if (items.length > 1) throw new FetchUsageError(option, '"all" cannot be combined with other partners');
    return { codes: 'all', labels: ['all'] };
  }
  const codes: number[] = [];
  for (const item of items) {
    const code = /^\d{1,4}$/.test(item) ? Number(item) : comtradeAreaCodes[item];
    if (code === undefined) {
      const known = Object.keys(comtradeAreaCodes).join(', ');
      throw new FetchUsageError(
        option,
        `"${item}" is not a Comtrade area Tradeflow knows (${known}); give its numeric Comtrade code instead ` +
          '(see https://comtradeapi.un.org/files/v1/app/reference/partnerAreas.json; they are not always ISO ' +
          'numeric codes: the USA is 842, India 699)',
      );
    }
    if (!codes.includes(code)) codes.push(code);
  }
  return { codes, labels: [...new Set(items)] };
}
