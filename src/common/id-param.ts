import { ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from './errors/domain-error.js';

/** Path ids are uuids; anything else is a 400 VALIDATION_FAILED before any query runs. */
export const IdPipe = new ParseUUIDPipe({
  exceptionFactory: () =>
    new DomainError(
      'VALIDATION_FAILED',
      { fields: 'id' },
      { fields: [{ field: 'id', problems: [{ zh: 'id 必须是 UUID', en: 'id must be a UUID' }] }] },
    ),
});
