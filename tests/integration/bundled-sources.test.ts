import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { listBundledFiles } from '../../server/import/bundled.ts';
import { repoRoot } from '../helpers/paths.ts';

const dataDir = join(repoRoot, 'data');

/**
 * Why a source is not an address a reader can open, or undefined when it is one: exactly one http(s) URL, nothing
 * around it (a file name, a citation in words or a list of several addresses cannot be opened with one click).
 */
function whyNotAnAddress(source: string | undefined): string | undefined {
  if (source === undefined || source.trim() === '') return 'no source';
  if (/\s/.test(source)) return 'not a single address (contains whitespace)';
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `protocol ${url.protocol} is not http(s)`;
  if (url.hostname === '') return 'no host';
  return undefined;
}

function readRows(file: string): Array<Record<string, string>> {
  return parse(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true }) as Array<
    Record<string, string>
  >;
}

describe('the source check itself', () => {
  it('accepts one http(s) address', () => {
    assert.equal(whyNotAnAddress('https://www.reuters.com/article/x-idUSKBN1DO0HV'), undefined);
    assert.equal(whyNotAnAddress('http://www.koreaherald.com/view.php?ud=20200221000428'), undefined);
  });

  it('rejects a file name, a citation in words, another protocol, several addresses and an empty cell', () => {
    assert.equal(whyNotAnAddress('seed-facts.md (Reuters/wire reports)'), 'not a single address (contains whitespace)');
    assert.equal(whyNotAnAddress('seed-facts.md'), 'not a URL');
    assert.equal(whyNotAnAddress('ftp://example.org/figures.csv'), 'protocol ftp: is not http(s)');
    assert.equal(whyNotAnAddress('file:///work/shared/data/seed-facts.md'), 'protocol file: is not http(s)');
    assert.equal(
      whyNotAnAddress('https://a.example/x ; https://b.example/y'),
      'not a single address (contains whitespace)',
    );
    assert.equal(whyNotAnAddress(''), 'no source');
    assert.equal(whyNotAnAddress(undefined), 'no source');
  });
});

describe('every bundled figure and event has a source a reader can open', () => {
  const files = listBundledFiles(dataDir);

  it('finds the six bundled files', () => {
    assert.deepEqual(files.map((f) => basename(f)).sort(), [
      'china-customs-exports-prk.csv',
      'conversion-factors.csv',
      'events.csv',
      'published-claims.csv',
      'russia-shipments-2024.csv',
      'un1718-refined-petroleum.csv',
    ]);
  });

  for (const file of files) {
    it(`${basename(file)}: every row's source is one http(s) address`, () => {
      const rows = readRows(file);
      assert.ok(rows.length > 0, 'the file has rows');
      assert.ok('source' in rows[0]!, 'the file has a source column');
      // Line numbers as an editor shows them: the header is line 1 (no bundled field spans lines).
      const bad = rows.flatMap((row, i) => {
        const why = whyNotAnAddress(row.source);
        return why === undefined ? [] : [`line ${i + 2}: ${why}: ${JSON.stringify(row.source ?? '')}`];
      });
      assert.deepEqual(bad, []);
    });
  }
});
