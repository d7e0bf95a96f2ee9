import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ProblemList, type Problem } from '../../server/import/problems.ts';
import { hash53Parts } from '../../server/hash.ts';

const problem = (line: number, code = 'X'): Problem => ({ line, code, message: `${code} at ${line}` });
const listed = (list: ProblemList): string[] => list.items.map((p) => `${p.line} ${p.code}`);

describe('ProblemList', () => {
  it('keeps every problem under the cap, in file order, problems on one line in the order reported', () => {
    const list = new ProblemList(10);
    for (const p of [
      problem(2, 'A'),
      problem(5, 'B'),
      problem(5, 'C'),
      problem(3, 'D'),
      problem(5, 'E'),
      problem(1, 'F'),
    ])
      list.add(p);
    assert.deepEqual(listed(list), ['1 F', '2 A', '3 D', '5 B', '5 C', '5 E']);
    assert.equal(list.count, 6);
  });

  it('over the cap, keeps the first problems of the file and counts the rest', () => {
    const list = new ProblemList(3);
    for (const line of [4, 5, 6, 7, 8]) list.add(problem(line));
    list.add(problem(3, 'DUP')); // reported after the last row, about an early line
    list.add(problem(9, 'LATE'));
    assert.deepEqual(listed(list), ['3 DUP', '4 X', '5 X']);
    assert.equal(list.count, 7);
    assert.equal(list.droppedCount, 4);
  });

  it('a cap of 0 lists nothing and still counts', () => {
    const list = new ProblemList(0);
    list.add(problem(2));
    assert.deepEqual(list.items, []);
    assert.equal(list.count, 1);
  });
});

describe('hash53Parts', () => {
  it('is cyrb53 of one text (the values bryc publishes for it)', () => {
    assert.equal(hash53Parts(['a'], ''), 7929297801672961);
    assert.equal(hash53Parts(['b'], ''), 8684336938537663);
    assert.equal(hash53Parts(['revenge'], ''), 4051478007546757);
    assert.equal(hash53Parts(['revenue'], ''), 8309097637345594);
    assert.equal(hash53Parts(['revenue'], '', 1), 8697026808958300);
  });

  it('is the hash of the joined text, without joining', () => {
    const cases: string[][] = [[], [''], ['', ''], ['a'], ['CHN', 'PRK', '', '2017-11', 'café', '€']];
    for (const parts of cases) {
      for (const separator of ['\u001f', '', '::']) {
        const joined = parts.join(separator);
        assert.equal(hash53Parts(parts, separator), hash53Parts([joined], ''), JSON.stringify([parts, separator]));
        assert.equal(hash53Parts(parts, separator, 7), hash53Parts([joined], '', 7));
      }
    }
  });
});
