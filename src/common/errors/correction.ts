import { DomainError } from './domain-error.js';

/**
 * A correction of an append-only record (a licence, a preparation) names the record it corrects and
 * says why — both or neither (400 VALIDATION_FAILED on `reason` otherwise).
 */
export function assertCorrectionNamesWhy(correctsId: string | undefined, reason: string | undefined): void {
  if ((correctsId === undefined) === (reason === undefined)) return;
  throw new DomainError(
    'VALIDATION_FAILED',
    { fields: 'reason' },
    {
      fields: [
        {
          field: 'reason',
          problems: [{ zh: '更正时必须同时给出更正的记录和原因', en: 'a correction names the record it corrects and why' }],
        },
      ],
    },
  );
}
