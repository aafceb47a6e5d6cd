import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { GENESIS, batchHash, compareBatch } from './ledger-chain.js';

const d = (s: string) => createHash('sha256').update(s).digest();
const ids = ['3', '4', '7', '8'];
const digests = Buffer.concat(ids.map((i) => d(`row ${i}`)));
const rows = () => new Map(ids.map((i) => [i, d(`row ${i}`)]));

describe('a sealed batch compared with the rows now in its range', () => {
  it('finds nothing when the rows are as sealed', () => {
    expect(compareBatch('pack_events', '5', ids, digests, rows())).toBeNull();
  });

  it('names the first row edited, deleted, inserted into a gap, or moved to another id', () => {
    const edited = rows().set('7', d('forged'));
    expect(compareBatch('pack_events', '5', ids, digests, edited)).toEqual({
      table: 'pack_events',
      rowId: '7',
      batch: '5',
      kind: 'edited',
    });
    const deleted = rows();
    deleted.delete('4');
    expect(compareBatch('pack_events', '5', ids, digests, deleted)?.kind).toBe('deleted');
    const inserted = rows().set('5', d('back-dated'));
    expect(compareBatch('pack_events', '5', ids, digests, inserted)).toMatchObject({ rowId: '5', kind: 'inserted' });
    const swapped = rows().set('4', d('row 8')).set('8', d('row 4'));
    expect(compareBatch('pack_events', '5', ids, digests, swapped)).toMatchObject({ rowId: '4', kind: 'reordered' });
  });

  it('takes a row that is gone as archived only when a mark names it with the digest it was sealed with', () => {
    const gone = rows();
    gone.delete('4');
    gone.delete('7');
    const withMarks = (marks: [string, string][], now = gone) =>
      compareBatch('pack_events', '5', ids, digests, now, new Map(marks.map(([id, row]) => [id, d(row)])));
    expect(
      withMarks([
        ['4', 'row 4'],
        ['7', 'row 7'],
      ]),
    ).toBeNull();
    // A mark for one of the two only, or with another digest, leaves the other deleted.
    expect(withMarks([['4', 'row 4']])).toMatchObject({ rowId: '7', kind: 'deleted' });
    expect(
      withMarks([
        ['4', 'row 4'],
        ['7', 'forged'],
      ]),
    ).toMatchObject({ rowId: '7', kind: 'deleted' });
    // A row still there is compared as always, marked or not.
    expect(withMarks([['4', 'row 4']], rows().set('4', d('x')))).toMatchObject({ rowId: '4', kind: 'edited' });
  });

  it('orders ids as numbers, not as text (10 after 9)', () => {
    const many = ['9', '10'];
    const changed = new Map([
      ['9', d('x')],
      ['10', d('y')],
    ]);
    expect(compareBatch('t', '1', many, Buffer.concat([d('a'), d('b')]), changed)?.rowId).toBe('9');
  });
});

describe('the batch hash', () => {
  it('changes with the previous hash, the table, an id or a digest', () => {
    const h = batchHash(GENESIS, 'pack_events', ids, digests);
    expect(batchHash(GENESIS, 'pack_events', ids, digests).equals(h)).toBe(true);
    expect(batchHash(d('other'), 'pack_events', ids, digests).equals(h)).toBe(false);
    expect(batchHash(GENESIS, 'load_items', ids, digests).equals(h)).toBe(false);
    expect(batchHash(GENESIS, 'pack_events', ['3', '4', '7', '9'], digests).equals(h)).toBe(false);
    expect(batchHash(GENESIS, 'pack_events', ids, Buffer.concat([digests.subarray(32), digests.subarray(0, 32)])).equals(h)).toBe(false);
  });
});
