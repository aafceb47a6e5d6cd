import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { checkInRefusal, visitStatus, zonesNotApproved, type VisitFacts } from './visit-status.js';

const facts = fc.record<VisitFacts>({
  approved: fc.constantFrom(null, true, false),
  cancelled: fc.boolean(),
  checkedIn: fc.boolean(),
  checkedOut: fc.boolean(),
});

describe('a visit’s status and whether it may be checked in', () => {
  it('walks pending → approved → checked in → checked out', () => {
    const v: VisitFacts = { approved: null, cancelled: false, checkedIn: false, checkedOut: false };
    expect(visitStatus(v)).toBe('pending');
    expect(visitStatus({ ...v, approved: true })).toBe('approved');
    expect(visitStatus({ ...v, approved: true, checkedIn: true })).toBe('checked_in');
    expect(visitStatus({ ...v, approved: true, checkedIn: true, checkedOut: true })).toBe('checked_out');
    expect(visitStatus({ ...v, approved: false })).toBe('refused');
    expect(visitStatus({ ...v, approved: true, cancelled: true })).toBe('cancelled');
  });

  it('checks in only an approved visit, not cancelled, not checked in before', () => {
    fc.assert(
      fc.property(facts, (v) => {
        const refusal = checkInRefusal(v);
        expect(refusal === null).toBe(v.approved === true && !v.cancelled && !v.checkedIn);
      }),
    );
  });

  it('names the zones entered that were not approved', () => {
    expect(zonesNotApproved(['packing', 'storage'], ['packing', 'cleaning'])).toEqual(['storage']);
    expect(zonesNotApproved(['packing'], ['packing'])).toEqual([]);
  });
});
