import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError } from './errors/domain-error.js';

export interface FieldProblem {
  field: string;
  problems: string[];
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** One shape for every validation failure: code VALIDATION_FAILED, details.fields lists each field. */
export function validationError(errors: ValidationError[]): DomainError {
  const fields = flatten(errors);
  return new DomainError('VALIDATION_FAILED', { fields: fields.map((f) => f.field).join(', ') }, { fields });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: validationError,
  });
}
