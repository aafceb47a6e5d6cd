import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { indexHtml, webRoot } from '../../src/http-app.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { bearer, createUser, type TestUser } from '../support/factories.js';

// The pages as a station PC gets them: the built bundle (npm run build:web, which `npm test` runs
// first) compressed on the wire and kept by the browser; index.html asked again at every visit.
const root = webRoot();

/**
 * The scripts and styles index.html makes the browser fetch before anything shows; those under
 * 1 KB (the bundler's runtime) the build leaves uncompressed, as a few bytes are not worth it.
 */
function entryAssets(): string[] {
  const html = readFileSync(join(root!, 'index.html'), 'utf8');
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.(?:js|css))"/g)]
    .map((m) => m[1])
    .filter((a) => statSync(join(root!, a)).size >= 1024);
}

describe('the web pages: compressed bundles, cached by their hash', () => {
  let t: TestApp;
  let nurse: TestUser;
  beforeAll(async () => {
    if (!root) throw new Error('dist/web/index.html is missing: run `npm run build:web` first');
    t = await createTestApp();
    nurse = await createUser(t, 'nurse');
  });
  afterAll(() => t?.close());

  it('a browser that accepts brotli gets each bundle brotli-compressed, kept for good; decompressed it is the built file', async () => {
    const assets = entryAssets();
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      const file = join(root!, asset);
      const res = await t.http().get(asset).set('Accept-Encoding', 'gzip, deflate, br, zstd');
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe('br');
      expect(res.headers['vary']).toMatch(/accept-encoding/i);
      expect(res.headers['content-type']).toMatch(
        asset.endsWith('.js') ? /^text\/javascript; charset=utf-8$/ : /^text\/css; charset=utf-8$/,
      );
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      // What went over the wire is the build's .br file, far smaller than a bundle (a script of
      // about 1 KB, as the start-up one, shrinks by less: the build keeps a copy 10 % smaller)…
      const size = statSync(file).size;
      expect(Number(res.headers['content-length'])).toBe(statSync(`${file}.br`).size);
      expect(Number(res.headers['content-length'])).toBeLessThan(size * (size > 4096 ? 0.5 : 0.9));
      // …and what the browser unpacks (supertest decompresses as a browser does) is the bundle itself.
      expect(res.text).toBe(readFileSync(file, 'utf8'));
    }
  });

  it('a browser without brotli gets gzip; one that refuses brotli (q=0) too', async () => {
    const [asset] = entryAssets().filter((a) => a.endsWith('.js'));
    const file = join(root!, asset);
    for (const accept of ['gzip, deflate', 'br;q=0, gzip']) {
      const res = await t.http().get(asset).set('Accept-Encoding', accept);
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.headers['vary']).toMatch(/accept-encoding/i);
      expect(Number(res.headers['content-length'])).toBe(statSync(`${file}.gz`).size);
      expect(res.text).toBe(readFileSync(file, 'utf8'));
    }
  });

  it('a client that takes no compression gets the file as it is, with the same type and caching, and Vary for the caches between', async () => {
    const [asset] = entryAssets().filter((a) => a.endsWith('.js'));
    const res = await t.http().get(asset).set('Accept-Encoding', 'identity');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['vary']).toMatch(/accept-encoding/i);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(res.headers['content-length'])).toBe(statSync(join(root!, asset)).size);
  });

  it('a browser that has the bundle is told it has not changed (ETag of the compressed copy)', async () => {
    const [asset] = entryAssets().filter((a) => a.endsWith('.js'));
    const first = await t.http().get(asset).set('Accept-Encoding', 'br');
    const again = await t.http().get(asset).set('Accept-Encoding', 'br').set('If-None-Match', first.headers['etag']);
    expect(again.status).toBe(304);
    const other = await t.http().get(asset).set('Accept-Encoding', 'gzip');
    expect(other.headers['etag']).not.toBe(first.headers['etag']);
  });

  it('index.html, and every page address that serves it, is asked again at each visit: a new build shows at once', async () => {
    for (const path of ['/', '/station/recycling', '/index.html']) {
      const res = await t.http().get(path).set('Accept-Encoding', 'gzip, deflate, br');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toBe(indexHtml(root!, t.config.timezone));
    }
  });

  it('index.html names the hospital’s time zone, so a station PC set to another zone still shows and states hospital times', async () => {
    const built = readFileSync(join(root!, 'index.html'), 'utf8');
    const served = (await t.http().get('/station/unloading')).text;
    expect(served).toContain('<meta name="cssd-timezone" content="Asia/Shanghai" />');
    // Nothing else of the built page is changed.
    expect(served.replace(/\s*<meta name="cssd-timezone"[^>]*>/, '')).toBe(built);
    expect(indexHtml(root!, 'Europe/Berlin')).toContain('<meta name="cssd-timezone" content="Europe/Berlin" />');
  });

  it("the API's answers are as they were: never stored, not compressed", async () => {
    const res = await t.http().get('/api/auth/me').set(bearer(nurse.token)).set('Accept-Encoding', 'gzip, deflate, br');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-encoding']).toBeUndefined();
  });
});
