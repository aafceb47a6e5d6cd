/**
 * The first script a page runs (index.html names it before the application's entry): a few
 * hundred bytes that start, while React, antd and the page's code are still on their way, what
 * a signed-in station would otherwise ask for one after the other — who is signed in, then the
 * station's code, then its catalogs (issue 12: a station's first page within 1 s on a LAN).
 * The station's code follows as soon as the shell's scripts are in (DOMContentLoaded), before
 * the shell has rendered.
 * The answers wait in ./api/early-requests.ts for the calls that stand for them; nothing else
 * changes: without this script (the development server) the page asks for the same itself.
 */
import { requestEarly } from './api/early-requests';
import { LANGUAGE_KEY, requestHeaders, tokenStore } from './api/headers';
import { STATION_ROLES, stationStartupRequests, ZONES } from './zones';

/**
 * The role the token was issued for, read from its payload without checking it: only to leave
 * alone a page this person cannot open (it asks the service for nothing); the service decides.
 */
function tokenRole(token: string): string | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { role?: unknown };
    return typeof payload.role === 'string' ? payload.role : null;
  } catch {
    return null;
  }
}

const token = tokenStore.get();
if (token) {
  const headers = requestHeaders(localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'zh-CN');
  requestEarly('/api/auth/me', headers);
  const zone = /^\/station\/([^/]+)\/?$/.exec(window.location.pathname)?.[1];
  const role = tokenRole(token);
  if (zone && (ZONES as readonly string[]).includes(zone) && role && (STATION_ROLES as readonly string[]).includes(role)) {
    for (const path of stationStartupRequests(zone)) requestEarly(path, headers);
    // The station's chunk and the antd components it uses (App.tsx imports the same module when
    // the route renders: one fetch; a failure shows there). Asked for once the shell's scripts
    // have arrived, not beside them: on the same wire they only slowed the vendor chunk, which
    // everything waits for (measured: bench/first-page-ab.mjs, docs/scaling.md).
    document.addEventListener('DOMContentLoaded', () => void import('./pages/Station').catch(() => undefined), { once: true });
  }
}
