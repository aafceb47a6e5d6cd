/** The zones that have a scanning station; apart from the station page, so the home page's tiles do not load it. */
export const ZONES = ['recycling', 'cleaning', 'packing', 'loading', 'storage', 'dispatch'] as const;
export type Zone = (typeof ZONES)[number];

/** Who opens a station (web/src/auth.tsx PAGE_ROLES; the service enforces the same). */
export const STATION_ROLES = ['nurse', 'head_nurse'] as const;

/** The catalogs a station looks scanned codes up in (web/src/pages/Station.tsx), asked for as its page opens. */
export const STATION_CATALOGS = ['/api/departments', '/api/washers', '/api/sterilizers', '/api/set-templates'] as const;
/** The loading station's label printers (its pick list). */
export const LABEL_PRINTERS = '/api/labels/printers';

/** What a zone's station asks the service for as it opens, besides who is signed in. */
export function stationStartupRequests(zone: string): string[] {
  return zone === 'loading' ? [...STATION_CATALOGS, LABEL_PRINTERS] : [...STATION_CATALOGS];
}
