import { TZDate } from '@date-fns/tz';

/**
 * Instants a person types as the hospital reads them (docs/domain.md §4.1: dates are the hospital's
 * calendar days in its time zone, default Asia/Shanghai). JavaScript's `new Date(text)` reads a
 * date alone as UTC midnight (08:00 in Shanghai) and a date-time without a zone in the server
 * process's zone; neither is what a head nurse means by "30 November" or "07:00".
 *
 * Accepted: `YYYY-MM-DD` (the start of that day, local midnight), `YYYY-MM-DDTHH:mm[:ss[.ffffff]]`
 * (a wall-clock time in the hospital's zone), and either followed by `Z` or `±HH:MM` (taken as is).
 */
const PATTERN = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:\d{2})?)?$/;

export const HOSPITAL_TIME_FORMS = 'YYYY-MM-DD, YYYY-MM-DDTHH:mm[:ss[.ffffff]] (hospital time), or either with Z / ±HH:MM';

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  /** Digits below the millisecond were given and are not all zero. */
  subMs: boolean;
  /** Minutes east of UTC when the text names its offset; null: the hospital's zone. */
  offsetMinutes: number | null;
}

function readWallTime(text: string): WallTime | null {
  const m = PATTERN.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  const fraction = (m[7] ?? '').padEnd(6, '0');
  const ms = Number(fraction.slice(0, 3));
  const subMs = Number(fraction.slice(3)) > 0;
  if (year < 1900 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  // The day exists in that month (no 30 February).
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  let offsetMinutes: number | null = null;
  const zone = m[8];
  if (zone === 'Z') offsetMinutes = 0;
  else if (zone) {
    const [hh, mm] = zone.slice(1).split(':').map(Number);
    if (hh > 23 || mm > 59) return null;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (hh * 60 + mm);
  }
  return { year, month, day, hour, minute, second, ms, subMs, offsetMinutes };
}

/** Whether `text` is one of the accepted forms (for validation at the edge). */
export function isHospitalTime(text: unknown): text is string {
  return typeof text === 'string' && readWallTime(text) !== null;
}

/**
 * The instant `text` names, wall-clock times read in `timezone`; null when it is not an accepted
 * form. A local time that does not exist (a daylight-saving gap) is the instant the clocks jumped
 * to; one that happens twice is its first occurrence. Digits below the millisecond are rounded
 * `down` or `up`: a range's start rounds down and its end up, so a range only ever widens.
 */
export function hospitalInstant(text: string, timezone: string, round: 'down' | 'up' = 'down'): Date | null {
  const w = readWallTime(text);
  if (!w) return null;
  const ms =
    w.offsetMinutes === null
      ? new TZDate(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms, timezone).getTime()
      : Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms) - w.offsetMinutes * 60_000;
  return new Date(ms + (round === 'up' && w.subMs ? 1 : 0));
}
