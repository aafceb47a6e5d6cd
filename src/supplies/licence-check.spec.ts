import { describe, expect, it } from '@jest/globals';
import { licenceProblem, type LicenceInForce } from './licence-check.js';

const all: LicenceInForce[] = [
  { kind: 'manufacturing_licence', number: 'M1', validUntil: '2027-01-31' },
  { kind: 'registration_certificate', number: 'R1', validUntil: '2027-01-31' },
  { kind: 'distribution_licence', number: 'D1', validUntil: '2027-01-31' },
];

describe('licenceProblem (seed 16)', () => {
  it('accepts a domestic product whose three licences are valid, through their last day', () => {
    expect(licenceProblem(false, all, '2027-01-15')).toBeNull();
    expect(licenceProblem(false, all, '2027-01-31')).toBeNull();
  });

  it('names an expired licence from the day after its last valid day', () => {
    const licences = all.map((l) => (l.kind === 'distribution_licence' ? { ...l, validUntil: '2027-01-10' } : l));
    expect(licenceProblem(false, licences, '2027-01-10')).toBeNull();
    expect(licenceProblem(false, licences, '2027-01-11')).toEqual({
      kind: 'distribution_licence',
      problem: 'expired',
      number: 'D1',
      validUntil: '2027-01-10',
    });
  });

  it('names a missing licence; an imported product also needs its import registration', () => {
    expect(licenceProblem(false, all.slice(1), '2027-01-01')).toEqual({ kind: 'manufacturing_licence', problem: 'missing' });
    expect(licenceProblem(true, all, '2027-01-01')).toEqual({ kind: 'import_registration', problem: 'missing' });
    expect(
      licenceProblem(true, [...all, { kind: 'import_registration', number: 'I1', validUntil: '2027-01-01' }], '2027-01-01'),
    ).toBeNull();
  });
});
