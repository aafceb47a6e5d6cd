/**
 * The hospital's time zone, as the service states it in index.html (src/http-app.ts): every time a
 * page shows or states is read in it, whatever zone the station PC itself is set to. The Vite dev
 * server's page has no such tag: the service's default zone then.
 */
export const HOSPITAL_TZ: string = document.querySelector<HTMLMetaElement>('meta[name="cssd-timezone"]')?.content || 'Asia/Shanghai';

/** A wall time in the hospital's zone as a datetime-local field holds it (YYYY-MM-DDTHH:mm:ss). */
export function hospitalLocal(at: Date | number = Date.now()): string {
  return new Date(at).toLocaleString('sv-SE', { timeZone: HOSPITAL_TZ }).replace(' ', 'T');
}
