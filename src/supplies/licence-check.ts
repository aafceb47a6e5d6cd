import type { Localized } from '../common/errors/domain-error.js';
import type { LicenceKind } from './register.entity.js';

/** What each licence is called, in both languages. */
export const LICENCE_NAMES: Record<LicenceKind, Localized> = {
  manufacturing_licence: { zh: '医疗器械生产许可证', en: 'manufacturing licence' },
  registration_certificate: { zh: '医疗器械注册证', en: 'registration certificate' },
  distribution_licence: { zh: '医疗器械经营许可证', en: 'distribution licence' },
  import_registration: { zh: '进口医疗器械注册证', en: 'import registration certificate' },
};

/**
 * The licences a receipt needs (seed 16): the manufacturer's manufacturing licence and the
 * product's registration certificate, the supplier's distribution licence, and for an imported
 * product its import registration as well.
 */
export function requiredLicences(imported: boolean): LicenceKind[] {
  return [
    'manufacturing_licence',
    'registration_certificate',
    'distribution_licence',
    ...(imported ? (['import_registration'] as const) : []),
  ];
}

export interface LicenceInForce {
  kind: LicenceKind;
  number: string;
  validUntil: string;
}

export type LicenceProblem =
  { kind: LicenceKind; problem: 'missing' } | { kind: LicenceKind; problem: 'expired'; number: string; validUntil: string };

/**
 * The first licence a receipt on hospital day `today` lacks: missing, or expired (its last valid
 * day before `today`; valid through its `validUntil` day). Null when every one is in force.
 */
export function licenceProblem(imported: boolean, inForce: readonly LicenceInForce[], today: string): LicenceProblem | null {
  for (const kind of requiredLicences(imported)) {
    const licence = inForce.find((l) => l.kind === kind);
    if (!licence) return { kind, problem: 'missing' };
    if (licence.validUntil < today) return { kind, problem: 'expired', number: licence.number, validUntil: licence.validUntil };
  }
  return null;
}
