/**
 * GET requests a page makes at start-up, sent before the page's code has arrived (web/src/boot.ts)
 * and handed to the first `getJson` of the same path with the same headers: the answer is then
 * read, checked and reported exactly as if that call had sent it, only earlier. Each is taken
 * once; one whose headers no longer match (another token, language or station), or asked for
 * too long ago to stand for a fresh answer, is left unused and the call asks the service itself.
 */
const early = new Map<string, { headers: string; at: number; response: Promise<Response> }>();

/** Older than this, an early answer is not what the page would get by asking now. */
const FRESH_MS = 10_000;

const same = (h: Record<string, string>) => JSON.stringify(Object.entries(h).sort(([a], [b]) => a.localeCompare(b)));

export function requestEarly(path: string, headers: Record<string, string>): void {
  const response = fetch(path, { headers });
  // A failure is reported by the call that takes it (OFFLINE), as its own fetch's would be; an unused one is dropped.
  response.catch(() => undefined);
  early.set(path, { headers: same(headers), at: performance.now(), response });
}

/** The answer already asked for, if it was asked for with these headers; once. */
export function takeEarly(path: string, headers: Record<string, string>): Promise<Response> | null {
  const e = early.get(path);
  if (!e) return null;
  early.delete(path);
  return e.headers === same(headers) && performance.now() - e.at < FRESH_MS ? e.response : null;
}
