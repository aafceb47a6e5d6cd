import createClient from 'openapi-fetch';
import i18n from '../i18n';
import { takeEarly } from './early-requests';
import { requestHeaders, tokenStore } from './headers';
import type { paths } from './schema';

/** The service's `{ code, message, details }` error answer. */
export interface ApiError {
  code: string;
  message: string;
  details?: unknown;
  status: number;
}

export { tokenStore };

/** Called when the service answers 401 (token expired): back to sign-in, keeping the page. */
let onUnauthenticated: () => void = () => undefined;
export function setUnauthenticatedHandler(fn: () => void): void {
  onUnauthenticated = fn;
}

/** Whether the last request reached the service: the pages say so in red when it did not. */
type Listener = (online: boolean) => void;
const listeners = new Set<Listener>();
export function onConnectivity(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}
function connectivity(online: boolean) {
  for (const l of listeners) l(online);
}

/** The typed client (types generated from the service's own OpenAPI document, docs/openapi.json). */
export const api = createClient<paths>({ baseUrl: '/' });
api.use({
  onRequest({ request }) {
    const token = tokenStore.get();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    request.headers.set('Accept-Language', i18n.language === 'en' ? 'en' : 'zh-CN');
    const station = localStorage.getItem('cssd.station');
    if (station) request.headers.set('X-Station', station);
    return request;
  },
  onResponse({ response }) {
    connectivity(true);
    if (response.status === 401 && !response.url.endsWith('/api/auth/login')) onUnauthenticated();
    return response;
  },
});

function asError(status: number, body: unknown): ApiError {
  const b = (body ?? {}) as Partial<ApiError>;
  return { status, code: b.code ?? `HTTP_${status}`, message: b.message ?? `HTTP ${status}`, details: b.details };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The headers every call carries: the page's language, the signed-in token, the station's name. */
function headers(extra: Record<string, string> = {}): Record<string, string> {
  return requestHeaders(i18n.language, extra);
}

const OFFLINE = (): ApiError => ({ status: 0, code: 'OFFLINE', message: i18n.t('offline') });

/**
 * One request; an unreachable service is reported (the red banner) and thrown as OFFLINE.
 * `early`: the same request, already sent at start-up (./early-requests.ts), whose answer stands for this one.
 */
async function send(path: string, init: RequestInit, early: Promise<Response> | null = null): Promise<Response> {
  try {
    const res = await (early ?? fetch(path, init));
    connectivity(true);
    if (res.status === 401 && !path.endsWith('/auth/login')) onUnauthenticated();
    return res;
  } catch {
    connectivity(false);
    throw OFFLINE();
  }
}

async function json<T>(res: Response): Promise<T> {
  const text = await res.text();
  const body = text ? JSON.parse(text) : null;
  if (!res.ok) throw asError(res.status, body);
  return body as T;
}

/**
 * A POST that must be recorded exactly once: the same Idempotency-Key on every retry, so a lost
 * answer (network blip, service restarting) is asked again without recording the scan twice.
 * Retries while the service cannot be reached or answers 503; then fails loudly.
 */
export async function postOnce<T>(path: string, body: unknown, opts: { retries?: number; method?: 'POST' | 'PATCH' } = {}): Promise<T> {
  const key = crypto.randomUUID();
  const retries = opts.retries ?? 6;
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      // PATCH edits are sent once the same way.
      res = await send(path, {
        method: opts.method ?? 'POST',
        headers: headers({ 'Content-Type': 'application/json', 'Idempotency-Key': key }),
        body: JSON.stringify(body ?? {}),
      });
    } catch (e) {
      if (attempt >= retries) throw e;
      await sleep(Math.min(4000, 250 * 2 ** attempt));
      continue;
    }
    // The service is restarting, or another attempt of this very request is still running (its answer was lost): ask again.
    const inProgress =
      res.status === 409 &&
      res.headers.get('content-type')?.includes('json') &&
      (await res.clone().json()).code === 'IDEMPOTENCY_IN_PROGRESS';
    if ((res.status === 503 || inProgress) && attempt < retries) {
      await sleep(Math.min(4000, 250 * 2 ** attempt));
      continue;
    }
    return json<T>(res);
  }
}

/** A GET through the same headers, as JSON; throws ApiError. */
export async function getJson<T>(path: string): Promise<T> {
  const h = headers();
  return json<T>(await send(path, { headers: h }, takeEarly(path, h)));
}

/** A file from the service (e.g. a CSV report) with the bearer token, and the name it suggests. */
export async function getFile(path: string): Promise<{ blob: Blob; filename: string }> {
  const res = await send(path, { headers: headers() });
  if (!res.ok) await json(res);
  const filename = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'download';
  return { blob: await res.blob(), filename };
}

/** A POST answered by a file (a printed label): recorded by the service, so no automatic retry. */
export async function postFile(path: string, body: unknown): Promise<Blob> {
  const res = await send(path, {
    method: 'POST',
    headers: headers({ 'Content-Type': 'application/json' }),
    body: JSON.stringify(body ?? {}),
  });
  if (!res.ok) await json(res);
  return res.blob();
}

/** Saves a blob as a file through the browser's download. */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
