import { TZDate } from '@date-fns/tz';
// One function per import: the package's index loads all of date-fns (0.3 s at every start).
import { addDays } from 'date-fns/addDays';
import { addMonths } from 'date-fns/addMonths';
import { format } from 'date-fns/format';
import type { PackagingMaterial } from '../catalog/catalog.enums.js';
import { localDate } from '../common/clock.js';

/** A shelf life is counted either in calendar days or in calendar months, never both. */
export type ShelfLife = { days: number; months?: never } | { months: number; days?: never };

/**
 * §4.1 (seed 13.4, WS 310.2): the packaging material decides the shelf life.
 * `storageCompliant` means the sterile store meets the standard (below 24 °C and below 70 % RH);
 * only cotton cloth depends on it.
 */
export function shelfLife(material: PackagingMaterial, storageCompliant: boolean): ShelfLife {
  switch (material) {
    case 'cotton':
      return { days: storageCompliant ? 14 : 7 };
    case 'paper_bag':
      return { months: 1 };
    // Non-woven (polypropylene too) and pouches (Tyvek too): 6 months, as §4.1's non-woven and pouch rows.
    case 'crepe_nonwoven':
    case 'nonwoven_polypropylene':
    case 'paper_plastic_pouch':
    case 'tyvek_pouch':
    case 'rigid_container':
      return { months: 6 };
    default:
      // Reached only when an unchecked value slips past the type system (e.g. a raw DB row).
      throw new RangeError(`Unknown packaging material: ${String(material satisfies never)}`);
  }
}

/**
 * §4.1: the label's expiry date is the sterilization date plus the shelf life, in calendar
 * days or months. Months follow date-fns `addMonths`: a day missing from the target month
 * falls back to its last day (2026-08-31 + 6 months = 2027-02-28).
 */
export function computeExpiry(sterilizationDate: string, material: PackagingMaterial, storageCompliant: boolean): string {
  const start = parseCalendarDate(sterilizationDate);
  const life = shelfLife(material, storageCompliant);
  const expiry = life.days !== undefined ? addDays(start, life.days) : addMonths(start, life.months);
  return format(expiry, 'yyyy-MM-dd');
}

/** The sterilization date is the hospital-local calendar date on which the load started. */
export function sterilizationDateOf(startedAt: Date, timezone: string): string {
  assertValidInstant(startedAt);
  assertValidTimezone(timezone);
  return localDate(startedAt, timezone);
}

/**
 * §4.1: the dates a load's start at `startedAt` gives a pack — its sterilization date (the
 * hospital-local day the load started) and its expiry by packaging material and the storage climate
 * then. A pack in a load not started yet is labelled with the dates a start now would give; the start
 * fixes them (sterilization.service) and refuses a printed label they no longer match (labels-at-start).
 */
export function datesAtStart(
  startedAt: Date,
  timezone: string,
  material: PackagingMaterial,
  storageCompliant: boolean,
): { sterilizationDate: string; expiryDate: string } {
  const sterilizationDate = sterilizationDateOf(startedAt, timezone);
  return { sterilizationDate, expiryDate: computeExpiry(sterilizationDate, material, storageCompliant) };
}

/**
 * §4.1: a pack is usable through the end of its expiry day in the hospital's time zone and
 * refused from the next local day on.
 */
export function isExpired(expiryDate: string, now: Date, timezone: string): boolean {
  parseCalendarDate(expiryDate);
  assertValidInstant(now);
  assertValidTimezone(timezone);
  // Both sides are zero-padded YYYY-MM-DD, so string order is calendar order.
  return localDate(now, timezone) > expiryDate;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A YYYY-MM-DD string as a calendar date pinned to UTC, so that date-fns arithmetic on it
 * never depends on the machine's own time zone.
 */
function parseCalendarDate(value: string): TZDate {
  const match = ISO_DATE.exec(value);
  if (!match) throw new RangeError(`Not a YYYY-MM-DD date: "${value}"`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new TZDate(year, month - 1, day, 'UTC');
  // The Date constructor silently rolls 2026-02-30 over to March; refuse it instead.
  if (date.getFullYear() !== year || date.getMonth() !== month - 1 || date.getDate() !== day) {
    throw new RangeError(`Impossible date: "${value}"`);
  }
  return date;
}

function assertValidInstant(instant: Date): void {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) throw new RangeError('Invalid instant');
}

const validTimezones = new Set<string>();

function assertValidTimezone(timezone: string): void {
  if (validTimezones.has(timezone)) return;
  // Throws a RangeError for an unknown IANA zone, before TZDate would silently produce NaN.
  new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  validTimezones.add(timezone);
}
