import { afterEach, describe, expect, it } from '@jest/globals';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp, type TestApp } from '../support/app.js';
import { createUser, TEST_PASSWORD } from '../support/factories.js';

/**
 * Issue 13 §3 behind a hospital reverse proxy: every request reaches the service from the
 * proxy's address (here 127.0.0.1), the station's own address only in X-Forwarded-For.
 * CSSD_TRUST_PROXY decides whether that header is believed.
 */
describe('sign-in throttle behind a reverse proxy (CSSD_TRUST_PROXY)', () => {
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  async function start(env: Record<string, string>): Promise<number> {
    t = await createTestApp({ CSSD_LOGIN_SOURCE_MAX_FAILURES: '5', CSSD_LOGIN_MAX_DELAY_MS: '0', ...env });
    const server = t.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  /** A sign-in as the proxy forwards it: from 127.0.0.1, with the X-Forwarded-For it wrote (or a client forged). */
  function login(port: number, forwardedFor: string, username: string, password: string): Promise<{ status: number; code?: string }> {
    const data = JSON.stringify({ username, password });
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/api/auth/login',
          method: 'POST',
          localAddress: '127.0.0.1',
          headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data), 'X-Forwarded-For': forwardedFor },
        },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, code: text ? JSON.parse(text).code : undefined }));
        },
      );
      req.on('error', reject);
      req.end(data);
    });
  }
  /** One wrong guess at each of `n` made-up usernames: only the per-source count can stop them. */
  async function spray(port: number, n: number, forwardedFor: (i: number) => string): Promise<(string | undefined)[]> {
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < n; i++) codes.push((await login(port, forwardedFor(i), `spray-${i}-${Date.now()}`, 'Summer2024!x')).code);
    return codes;
  }

  it('off (the default): X-Forwarded-For is ignored — a client that writes a new source into it each time is still stopped', async () => {
    const port = await start({});
    const codes = await spray(port, 8, (i) => `203.0.113.${i + 1}`);
    expect(codes).toEqual([...Array(5).fill('INVALID_CREDENTIALS'), ...Array(3).fill('LOGIN_LOCKED')]);
  });

  it('on: stations behind the proxy are throttled each on its own; a forged X-Forwarded-For does not help the sprayer', async () => {
    const port = await start({ CSSD_TRUST_PROXY: 'loopback' });
    // The sprayer at 10.8.0.66 puts a fresh address first; the proxy appends the one it saw.
    const codes = await spray(port, 8, (i) => `203.0.113.${i + 1}, 10.8.0.66`);
    expect(codes).toEqual([...Array(5).fill('INVALID_CREDENTIALS'), ...Array(3).fill('LOGIN_LOCKED')]);
    // The ward's station, through the same proxy, signs its nurse in.
    const nurse = await createUser(t!, 'nurse');
    expect(await login(port, '10.8.1.21', nurse.user.username, TEST_PASSWORD)).toEqual({ status: 200, code: undefined });
  });

  it('a hop count takes the address the last proxy recorded', async () => {
    const port = await start({ CSSD_TRUST_PROXY: '1' });
    await spray(port, 6, () => '10.8.0.77');
    const nurse = await createUser(t!, 'nurse');
    expect((await login(port, '10.8.0.77', nurse.user.username, TEST_PASSWORD)).code).toBe('LOGIN_LOCKED');
    expect((await login(port, '10.8.0.78', nurse.user.username, TEST_PASSWORD)).status).toBe(200);
  });
});
