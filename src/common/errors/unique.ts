import { QueryFailedError } from 'typeorm';
import { DomainError } from './domain-error.js';

/** A unique-constraint violation becomes 409 DUPLICATE_CODE naming the value. */
export async function uniqueOr409<T>(work: () => Promise<T>, code: string): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof QueryFailedError && (e.driverError as { code?: string }).code === '23505') {
      throw new DomainError('DUPLICATE_CODE', { code }, { constraint: (e.driverError as { constraint?: string }).constraint });
    }
    throw e;
  }
}
