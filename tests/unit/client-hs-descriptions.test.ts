/**
 * The HS description table (client/src/hs-descriptions.ts): every entry is a well-formed heading or sub-heading,
 * listed once, with text and an http(s) address it was read from; sub-headings sit under a heading of the table
 * or of the HS; lookups and labels fall back to the bare code.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hsDescription, hsDescriptions, hsLabel } from '../../client/src/hs-descriptions.ts';

describe('HS descriptions', () => {
  it('every entry has a well-formed code, a text and an http(s) source, and no code twice', () => {
    assert.ok(hsDescriptions.length > 0);
    const seen = new Set<string>();
    for (const entry of hsDescriptions) {
      assert.match(entry.code, /^(\d{4}|\d{6}|\d{8})$/, `code ${entry.code}`);
      assert.ok(!seen.has(entry.code), `${entry.code} listed once`);
      seen.add(entry.code);
      assert.ok(entry.text.trim().length > 0 && entry.text === entry.text.trim(), `${entry.code}: text`);
      const url = new URL(entry.source);
      assert.ok(url.protocol === 'https:' || url.protocol === 'http:', `${entry.code}: ${entry.source}`);
    }
  });

  it('the sub-headings the catalogue uses have their heading described too', () => {
    for (const entry of hsDescriptions.filter((e) => e.code.length > 4)) {
      assert.ok(hsDescription(entry.code.slice(0, 4)) !== null, `heading of ${entry.code}`);
    }
    // A national line sits under its HS sub-heading: 10063020 (long-grain milled rice) under 100630 (milled rice).
    for (const entry of hsDescriptions.filter((e) => e.code.length === 8)) {
      assert.ok(hsDescription(entry.code.slice(0, 6)) !== null, `sub-heading of ${entry.code}`);
    }
  });

  it('labels a described code with its text and an unknown one bare; dots and spaces are ignored', () => {
    const entry = hsDescriptions.find((e) => e.code === '100630');
    assert.ok(entry);
    assert.equal(hsLabel('100630'), `HS 100630 — ${entry.text}`);
    assert.equal(hsDescription('1006.30'), entry.text);
    assert.equal(hsDescription('999999'), null);
    assert.equal(hsLabel('999999'), 'HS 999999');
  });
});
