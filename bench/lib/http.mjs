// A small keep-alive JSON client on node:http, timed per request. The benchmark's own cost
// per request has to stay small: the service, PostgreSQL and this client share the machine.
import http from 'node:http';

export class HttpClient {
  /** @param {string} base e.g. http://127.0.0.1:3000 */
  constructor(base, { sockets = 64 } = {}) {
    const u = new URL(base);
    this.host = u.hostname;
    this.port = Number(u.port);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  }

  /**
   * One request. Never throws for an HTTP status: `{ status, body, ms, bytes }`; a network
   * failure gives status 0 and `error`.
   */
  async request(method, path, opts = {}) {
    // A kept-alive socket the server closed while idle fails on reuse: send again (what the
    // node:http documentation advises) — the pool may hold several such sockets after a pause.
    // A failure on a fresh socket is a real one.
    for (let attempt = 0; ; attempt++) {
      const res = await this.once(method, path, opts);
      if (!(res.status === 0 && res.reusedSocket && /ECONNRESET|EPIPE|socket hang up/.test(res.error ?? '')) || attempt >= 100) return res;
    }
  }

  once(method, path, { token, body, station, headers = {}, raw = false, timeoutMs = 60_000 } = {}) {
    const payload = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const h = { Accept: raw ? '*/*' : 'application/json', ...headers };
    if (payload) {
      h['Content-Type'] = 'application/json';
      h['Content-Length'] = payload.length;
    }
    if (token) h.Authorization = `Bearer ${token}`;
    if (station) h['X-Station'] = station;
    const t0 = performance.now();
    return new Promise((resolve) => {
      const req = http.request({ host: this.host, port: this.port, method, path, headers: h, agent: this.agent }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const ms = performance.now() - t0;
          const buf = Buffer.concat(chunks);
          let parsed = buf;
          if (!raw && /json/.test(res.headers['content-type'] ?? '')) {
            try {
              parsed = JSON.parse(buf.toString('utf8'));
            } catch {
              parsed = buf.toString('utf8');
            }
          }
          resolve({ status: res.statusCode, body: parsed, ms, bytes: buf.length, t0, headers: res.headers });
        });
        res.on('error', (e) => resolve({ status: 0, error: e.message, body: null, ms: performance.now() - t0, bytes: 0, t0 }));
      });
      req.setTimeout(timeoutMs, () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
      req.on('error', (e) =>
        resolve({
          status: 0,
          error: `${e.code ?? ''} ${e.message}`.trim(),
          reusedSocket: req.reusedSocket,
          body: null,
          ms: performance.now() - t0,
          bytes: 0,
          t0,
        }),
      );
      if (payload) req.write(payload);
      req.end();
    });
  }

  get(path, opts) {
    return this.request('GET', path, opts);
  }

  post(path, body, opts = {}) {
    return this.request('POST', path, { ...opts, body });
  }

  close() {
    this.agent.destroy();
  }
}

/** Thrown by `expectOk` when a set-up call the benchmark depends on is refused. */
export class SetupError extends Error {}

export function expectOk(res, what) {
  if (res.status >= 200 && res.status < 300) return res.body;
  const detail =
    res.error ??
    (typeof res.body === 'object' && res.body && !Buffer.isBuffer(res.body) ? JSON.stringify(res.body) : String(res.body)).slice(0, 400);
  throw new SetupError(`${what}: HTTP ${res.status} ${detail}`);
}

/** POST /api/auth/login: a real access token. */
export async function login(client, username, password) {
  const res = await client.post('/api/auth/login', { username, password });
  return expectOk(res, `login as ${username}`).accessToken;
}
