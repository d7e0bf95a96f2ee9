import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  agreementLabel,
  alsoReportedBy,
  formatSourceLine,
  pointNotes,
  shortenNote,
  sourceLines,
} from '../../client/src/format-sources.ts';
import { capPngTitle, formatReporterTotal } from '../../client/src/format-cap.ts';
import { formatDateRange } from '../../client/src/views/ship-range.ts';
import type { OtherSource } from '../../server/queries/series-math.ts';
import { point } from '../helpers/points.ts';

const bundled: OtherSource = {
  dataset: 'china-customs-exports-prk',
  value: 672,
  status: 'reported',
  sources: ['https://www.scmp.com/news/a', 'data/china-customs.csv'],
  agrees: false,
  notes: ['SCMP (Reuters)'],
};

describe('client format: every source of a month', () => {
  it('lists the figure shown first, then each other dataset with its own figure and whether it agrees', () => {
    const rice = point('2017-11', 700, {
      datasets: ['second-report'],
      sources: ['https://example.org/second-report/2017-11'],
      otherSources: [bundled],
      conflict: true,
      notes: ['a second report'],
    });
    const lines = sourceLines(rice, 't');
    assert.deepEqual(lines.map(formatSourceLine), [
      'second-report: 700 t (reported; used)',
      'china-customs-exports-prk: 672 t (reported; differs)',
    ]);
    assert.deepEqual(lines[0]?.links, ['https://example.org/second-report/2017-11']);
    // A file name is not an address a reader can open: it is never offered as a link.
    assert.deepEqual(lines[1]?.links, ['https://www.scmp.com/news/a']);
    assert.deepEqual(lines[1]?.notes, ['SCMP (Reuters)']);
  });
  it('formats other figures in the series unit, and a gap as not reported', () => {
    const oil = point('2018-01', 1000.5, {
      datasets: ['mine'],
      otherSources: [{ ...bundled, value: null, status: 'not-reported', agrees: null }],
    });
    assert.deepEqual(sourceLines(oil, 'bbl').map(formatSourceLine), [
      'mine: 1,001 bbl (reported; used)',
      'china-customs-exports-prk: not reported (not reported; no figure to compare)',
    ]);
  });
  it('a point with one source has no list', () => {
    assert.deepEqual(sourceLines(point('2017-11', 672), 't'), []);
  });
  it('agreement words', () => {
    assert.equal(agreementLabel(true), 'agrees');
    assert.equal(agreementLabel(false), 'differs');
    assert.equal(agreementLabel(null), 'no figure to compare');
  });
  it('"also reported by" only for agreeing sources, and never across a conflict', () => {
    const agreeing = { ...bundled, agrees: true };
    assert.equal(
      alsoReportedBy({ otherSources: [agreeing], conflict: false }),
      'Also reported by china-customs-exports-prk (agrees)',
    );
    assert.equal(alsoReportedBy({ otherSources: [agreeing, bundled], conflict: true }), null);
    assert.equal(alsoReportedBy({ otherSources: [{ ...bundled, agrees: null }], conflict: false }), null);
    assert.equal(alsoReportedBy({ otherSources: [], conflict: false }), null);
  });
});

describe('client format: notes', () => {
  it('shortens at a word boundary with an ellipsis, and leaves short notes alone', () => {
    const note = 'SCMP (Reuters): down 82% y/y, the lowest since January 2017';
    assert.equal(shortenNote(note), note);
    assert.equal(shortenNote(note, 30), 'SCMP (Reuters): down 82% y/y…');
    assert.ok(shortenNote(note, 30).length <= 30);
    assert.equal(shortenNote('a   b\n c'), 'a b c');
  });
  it("collects the rows' notes and the partial note, without repeats", () => {
    const p = point('2017-12', 5, { notes: ['one', 'two', 'one'], note: 'sum of the parts published' });
    assert.deepEqual(pointNotes(p), ['one', 'two', 'sum of the parts published']);
    assert.deepEqual(pointNotes(point('2017-12', 5)), []);
  });
});

describe('client format: the cap per reporter', () => {
  it('a total with its share, months covered as runs; nothing notified is said, never 0', () => {
    assert.equal(
      formatReporterTotal({
        reporter: 'RUS',
        barrels: 105843,
        months: ['2023-01', '2023-02', '2023-03', '2023-05'],
        shareOfCap: 0.2117,
        sources: [],
      }),
      'Russia: 105,843 bbl, 21.2% of the cap, from 4 months (Jan–Mar 2023, May 2023)',
    );
    assert.equal(
      formatReporterTotal({ reporter: 'CHN', barrels: 4893, months: ['2021-03'], shareOfCap: 0.0098, sources: [] }),
      'China: 4,893 bbl, 1% of the cap, from 1 month (Mar 2021)',
    );
    assert.equal(
      formatReporterTotal({ reporter: 'CHN', barrels: null, months: [], shareOfCap: null, sources: [] }),
      'China: nothing notified',
    );
  });
  it('the PNG title names the year', () => {
    assert.equal(
      capPngTitle({ year: 2023, capBarrels: 500000 }),
      'Refined petroleum notified to the UN 1718 Committee against the 500,000-barrel cap, 2023',
    );
  });
});

describe('client format: the shipments range in the page’s date format', () => {
  it('writes both ends as "7 Mar 2024"', () => {
    assert.equal(formatDateRange('2024-03-07', '2024-11-30'), '7 Mar 2024 to 30 Nov 2024');
  });
});
