import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

describe('loadConfig', () => {
  it('has working defaults for the embedded database', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      databaseUrl: null,
      port: 3000,
      jwtTtlHours: 12,
      timezone: 'Asia/Shanghai',
      defaultLocale: 'zh-CN',
      jwtSecret: null,
    });
    expect(c.login).toEqual({ maxFailures: 5, windowSeconds: 60, lockSeconds: 300, sourceMaxFailures: 30, maxDelayMs: 4000 });
    expect(c.pool).toEqual({ size: 20, waitMs: 10_000 });
  });

  it('takes the connection pool size and wait from the environment, within bounds', () => {
    expect(loadConfig({ CSSD_DB_POOL_SIZE: '40', CSSD_DB_POOL_WAIT_MS: '2500' }).pool).toEqual({ size: 40, waitMs: 2500 });
    const problems = problemsOf({ CSSD_DB_POOL_SIZE: '1', CSSD_DB_POOL_WAIT_MS: 'forever' });
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/CSSD_DB_POOL_SIZE/);
    expect(problems.join('\n')).toMatch(/CSSD_DB_POOL_WAIT_MS/);
  });

  it('believes no X-Forwarded-For unless told which proxies to trust, and says what it accepts', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ CSSD_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ CSSD_TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ CSSD_TRUST_PROXY: '10.20.0.5, 10.30.0.0/16,loopback,fd00::/8' }).trustProxy).toEqual([
      '10.20.0.5',
      '10.30.0.0/16',
      'loopback',
      'fd00::/8',
    ]);
    for (const raw of ['true', '0', '11', 'proxy.hospital.local', '10.0.0.0/33', '10.0.0.1/8/8', ',']) {
      const problems = problemsOf({ CSSD_TRUST_PROXY: raw });
      expect({ raw, problems }).toEqual({
        raw,
        problems: [expect.stringMatching(/^CSSD_TRUST_PROXY must be false, the number of reverse proxies/)],
      });
    }
    expect(problemsOf({ CSSD_TRUST_PROXY: 'true' })[0]).toMatch(/any client can write/);
  });

  it('requires JWT_SECRET when DATABASE_URL is set', () => {
    expect(problemsOf({ DATABASE_URL: 'postgres://u@h/db' })).toEqual(['JWT_SECRET is required when DATABASE_URL is set']);
    expect(problemsOf({ DATABASE_URL: 'postgres://u@h/db', JWT_SECRET: 'short' })).toEqual(['JWT_SECRET must be at least 32 characters']);
  });

  it('names every bad variable at once', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      CSSD_TIMEZONE: 'Mars/Olympus',
      DATABASE_URL: 'mysql://x',
      JWT_SECRET: 'x'.repeat(40),
      CSSD_JWT_TTL_HOURS: '48',
      CSSD_DEFAULT_LOCALE: 'fr',
    });
    expect(problems.join('\n')).toMatch(/PORT/);
    expect(problems.join('\n')).toMatch(/CSSD_TIMEZONE/);
    expect(problems.join('\n')).toMatch(/DATABASE_URL/);
    expect(problems.join('\n')).toMatch(/CSSD_JWT_TTL_HOURS/);
    expect(problems.join('\n')).toMatch(/CSSD_DEFAULT_LOCALE/);
    expect(problems).toHaveLength(5);
  });

  it('wants the first admin’s username and password together, and a real password', () => {
    expect(problemsOf({ CSSD_ADMIN_USERNAME: 'root' })).toEqual(['CSSD_ADMIN_USERNAME and CSSD_ADMIN_PASSWORD must be set together']);
    expect(problemsOf({ CSSD_ADMIN_USERNAME: 'root', CSSD_ADMIN_PASSWORD: 'short' })).toEqual([
      'CSSD_ADMIN_PASSWORD must be at least 10 characters',
    ]);
    expect(loadConfig({ CSSD_ADMIN_USERNAME: 'root', CSSD_ADMIN_PASSWORD: 'long-enough-pw' }).adminUsername).toBe('root');
  });
});
