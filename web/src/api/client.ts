import createClient from 'openapi-fetch';
import i18n from '../i18n';
import type { paths } from './schema';

/** The service's `{ code, message, details }` error answer. */
export interface ApiError {
  code: string;
  message: string;
  details?: unknown;
  status: number;
}

const TOKEN = 'cssd.token';
export const tokenStore = {
  get: () => sessionStorage.getItem(TOKEN),
  set: (t: string) => sessionStorage.setItem(TOKEN, t),
  clear: () => sessionStorage.removeItem(TOKEN),
};

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
      res = await fetch(path, {
        method: opts.method ?? 'POST', // PATCH edits are sent once the same way
        headers: {
          'Content-Type': 'application/json',
          'Idempotency-Key': key,
          'Accept-Language': i18n.language === 'en' ? 'en' : 'zh-CN',
          ...(tokenStore.get() ? { Authorization: `Bearer ${tokenStore.get()}` } : {}),
          ...(localStorage.getItem('cssd.station') ? { 'X-Station': localStorage.getItem('cssd.station')! } : {}),
        },
        body: JSON.stringify(body ?? {}),
      });
    } catch {
      connectivity(false);
      if (attempt >= retries) throw { status: 0, code: 'OFFLINE', message: i18n.t('offline') } satisfies ApiError;
      await sleep(Math.min(4000, 250 * 2 ** attempt));
      continue;
    }
    connectivity(true);
    // Another attempt of this very request is still running (its answer was lost): ask again.
    if ((res.status === 503 || (res.status === 409 && res.headers.get('content-type')?.includes('json') && (await res.clone().json()).code === 'IDEMPOTENCY_IN_PROGRESS')) && attempt < retries) {
      await sleep(Math.min(4000, 250 * 2 ** attempt));
      continue;
    }
    const text = await res.text();
    const json = text ? JSON.parse(text) : null;
    if (res.status === 401 && !path.endsWith('/auth/login')) onUnauthenticated();
    if (!res.ok) throw asError(res.status, json);
    return json as T;
  }
}

/** A GET through the same headers, as JSON; throws ApiError. */
export async function getJson<T>(path: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      headers: {
        'Accept-Language': i18n.language === 'en' ? 'en' : 'zh-CN',
        ...(tokenStore.get() ? { Authorization: `Bearer ${tokenStore.get()}` } : {}),
      },
    });
  } catch {
    connectivity(false);
    throw { status: 0, code: 'OFFLINE', message: i18n.t('offline') } satisfies ApiError;
  }
  connectivity(true);
  const text = await res.text();
  const json = text ? JSON.parse(text) : null;
  if (res.status === 401) onUnauthenticated();
  if (!res.ok) throw asError(res.status, json);
  return json as T;
}

/** A file from the service (e.g. a CSV report) with the bearer token, and the name it suggests. */
export async function getFile(path: string): Promise<{ blob: Blob; filename: string }> {
  let res: Response;
  try {
    res = await fetch(path, {
      headers: {
        'Accept-Language': i18n.language === 'en' ? 'en' : 'zh-CN',
        ...(tokenStore.get() ? { Authorization: `Bearer ${tokenStore.get()}` } : {}),
      },
    });
  } catch {
    connectivity(false);
    throw { status: 0, code: 'OFFLINE', message: i18n.t('offline') } satisfies ApiError;
  }
  connectivity(true);
  if (res.status === 401) onUnauthenticated();
  if (!res.ok) {
    const text = await res.text();
    throw asError(res.status, text ? JSON.parse(text) : null);
  }
  const filename = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'download';
  return { blob: await res.blob(), filename };
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
