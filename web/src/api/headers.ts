/**
 * What every call to the service carries, from the browser's own storage only: the start-up
 * requests (web/src/boot.ts) build the same headers before i18next, the typed client or React
 * have loaded, and the client (./client.ts) builds them from here too, so the two cannot drift.
 */
const TOKEN = 'cssd.token';
export const tokenStore = {
  get: () => sessionStorage.getItem(TOKEN),
  set: (t: string) => sessionStorage.setItem(TOKEN, t),
  clear: () => sessionStorage.removeItem(TOKEN),
};

/** Where the page's language is remembered per browser (web/src/i18n.ts). */
export const LANGUAGE_KEY = 'cssd.lang';

/** The headers every call carries: the page's language, the signed-in token, the station's name. */
export function requestHeaders(language: string, extra: Record<string, string> = {}): Record<string, string> {
  const token = tokenStore.get();
  const station = localStorage.getItem('cssd.station');
  return {
    'Accept-Language': language === 'en' ? 'en' : 'zh-CN',
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
    ...(station ? { 'X-Station': station } : {}),
    ...extra,
  };
}
