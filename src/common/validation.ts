import { Injectable, ValidationPipe, type ArgumentMetadata, type PipeTransform, type ValidationError } from '@nestjs/common';
import { PartialType } from '@nestjs/swagger';
import type { Type } from '@nestjs/common';
import { IsOptional, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import { DomainError, type Localized } from './errors/domain-error.js';
import { HOSPITAL_TIME_FORMS, isHospitalTime } from './hospital-time.js';
import { localizeProblem } from './validation-messages.js';

export interface FieldProblem {
  field: string;
  problems: Localized[];
}

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints
      ? [{ field, problems: Object.entries(e.constraints).map(([constraint, en]) => localizeProblem(constraint, field, en)) }]
      : [];
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

/**
 * A field a request may leave out. Unlike class-validator's IsOptional, null is not "left out":
 * it is validated like any other value and refused (400 VALIDATION_FAILED naming the field)
 * unless the field is declared {@link OptionalOrNull}. IsOptional let a null through to a NOT NULL
 * column — a 500 the fuzzer found (PATCH /api/instrument-sets/{id} with homeDepartmentId null).
 */
export const Optional = (options?: ValidationOptions): PropertyDecorator => ValidateIf((_o, v) => v !== undefined, options);

/**
 * A field a request may leave out or send as null — null meaning "none" (no limit, no GTIN, no
 * department), which clears it on an update. Its ApiProperty must say `nullable: true`: the
 * OpenAPI document is the pages' contract (test/e2e/null-contract.e2e-spec.ts checks both ways).
 */
export const OptionalOrNull = (options?: ValidationOptions): PropertyDecorator => IsOptional(options);

/**
 * An update body: every field of the create body may be left out; a null is refused unless the
 * create body declares the field {@link OptionalOrNull} (swagger's PartialType alone would let it
 * through, as IsOptional does).
 */
export const UpdateOf = <T>(create: Type<T>): Type<Partial<T>> => PartialType(create, { skipNullProperties: false });

/** Deeper than any request body of this API; validation recurses, so a deeper body would overflow the stack (issue 13.4). */
export const MAX_BODY_DEPTH = 32;

/**
 * body-parser `verify` hook: counts the nesting of a JSON body before it is parsed and refuses
 * one deeper than MAX_BODY_DEPTH with 400 BODY_TOO_DEEP (the error filter maps the type).
 */
export function refuseDeepJson(_req: unknown, _res: unknown, buf: Buffer): void {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (const b of buf) {
    if (inString) {
      if (escaped) escaped = false;
      else if (b === 0x5c) escaped = true;
      else if (b === 0x22) inString = false;
    } else if (b === 0x22) inString = true;
    else if (b === 0x7b || b === 0x5b) {
      if (++depth > MAX_BODY_DEPTH) throw Object.assign(new Error('body nested too deeply'), { status: 400, type: 'entity.too.deep' });
    } else if (b === 0x7d || b === 0x5d) depth--;
  }
}

/**
 * PostgreSQL cannot store a NUL character in text (22P05): any string of a body, query or path
 * parameter holding one is refused up front with 400 INVALID_CHARACTERS naming the field.
 */
@Injectable()
export class RefuseNulPipe implements PipeTransform {
  transform(value: unknown, meta: ArgumentMetadata): unknown {
    if (meta.type === 'custom') return value;
    const field = fieldWithNul(value, meta.data ?? '');
    if (field !== null) throw new DomainError('INVALID_CHARACTERS', {}, { field: field || meta.type });
    return value;
  }
}

function fieldWithNul(value: unknown, root: string): string | null {
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return path;
    } else if (Array.isArray(v)) v.forEach((x, i) => stack.push([x, `${path}[${i}]`]));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) stack.push([x, path ? `${path}.${k}` : k]);
  }
  return null;
}

/**
 * A finite number with at most `places` decimals. class-validator's IsNumber({ maxDecimalPlaces })
 * throws on numbers written with an exponent (5e-324 → TypeError → 500, issue 13.4).
 */
export function IsDecimal(places: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDecimal',
      constraints: [places],
      validator: {
        validate: (v: unknown) => typeof v === 'number' && Number.isFinite(v) && Number(v.toFixed(places)) === v,
        defaultMessage: (args) => `${args?.property} must be a number with at most ${places} decimal places`,
      },
    },
    options,
  );
}

/** A date or date-time as the hospital reads it (src/common/hospital-time.ts): never silently UTC or the server's zone. */
export const IsHospitalTime = () =>
  ValidateBy({
    name: 'isHospitalTime',
    validator: { validate: isHospitalTime, defaultMessage: (a) => `${a?.property}: ${HOSPITAL_TIME_FORMS}` },
  });
