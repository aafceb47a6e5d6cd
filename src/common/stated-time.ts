import { DomainError } from './errors/domain-error.js';
import { HOSPITAL_TIME_FORMS, hospitalInstant } from './hospital-time.js';

/**
 * How far ahead of the service's clock a time a client states may be: a station's clock a little
 * fast is not a back-filled record. Such a time is recorded as the service's now — it never lies in
 * the service's future, so it cannot count before its time (a B-D "at 11:00" entered at 08:20).
 */
export const CLOCK_SKEW_MS = 2 * 60_000;

/**
 * A time the client states (tested, placed, measured, read) — default now: refused
 * (STATED_TIME_IN_FUTURE) beyond the skew tolerance, and (STATED_TIME_TOO_EARLY) before the record
 * it belongs to began, when `earliest` is given. Read as the hospital reads it (§4.1,
 * hospital-time.ts): a time without a zone is the hospital's wall clock in `timezone`, never the
 * server process's; the DTOs admit only those forms (IsHospitalTime).
 */
export function statedInstant(
  value: string | undefined,
  now: Date,
  field: string,
  opts: { timezone: string; earliest?: Date | null },
): Date {
  if (!value) return now;
  const at = hospitalInstant(value, opts.timezone);
  // The edge validated the form: another one here is a caller's bug, not a client's.
  if (!at) throw new RangeError(`${field}: not a hospital time (${HOSPITAL_TIME_FORMS})`);
  const earliest = opts.earliest;
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) throw new DomainError('STATED_TIME_IN_FUTURE', { field, now: now.toISOString() });
  const recorded = at > now ? now : at;
  if (earliest && recorded < earliest)
    throw new DomainError(
      'STATED_TIME_TOO_EARLY',
      { field, earliest: earliest.toISOString() },
      { field, earliest: earliest.toISOString() },
    );
  return recorded;
}
