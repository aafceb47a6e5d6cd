import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

/** The calendar date (YYYY-MM-DD) of an instant in the hospital's time zone. */
export function localDate(instant: Date, timezone: string): string {
  return format(new TZDate(instant.getTime(), timezone), 'yyyy-MM-dd');
}
