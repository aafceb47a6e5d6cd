/**
 * Configuration, read once at start and validated. Nothing else in src/ reads process.env:
 * every other part receives an AppConfig.
 */
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { passwordProblem } from './secret-policy.js';

export type Locale = 'zh-CN' | 'en';

export interface DatabasePool {
  size: number;
  waitMs: number;
}
/** 20 connections; a request that finds them all busy for 10 s is answered 503 DATABASE_BUSY. */
export const DEFAULT_POOL: DatabasePool = { size: 20, waitMs: 10_000 };

export interface AppConfig {
  /** Set: use that PostgreSQL. Unset: start the embedded PostgreSQL kept in dataDir. */
  databaseUrl: string | null;
  /**
   * The owner role's URL (runs migrations, owns the tables); DATABASE_URL is then the service's
   * runtime role, set up by the owner at start (src/database/roles.ts). Unset: one role for both.
   */
  migrationDatabaseUrl: string | null;
  /** Accept a runtime role that could rewrite history (a superuser or the tables' owner). */
  allowSuperuser: boolean;
  dataDir: string;
  embeddedPort: number;
  port: number;
  /** Null only in embedded mode, where the launcher generates and keeps one in dataDir. */
  jwtSecret: string | null;
  jwtTtlHours: number;
  timezone: string;
  /** The hospital's name as the printed registers and reports head it (CSSD_HOSPITAL_NAME). */
  hospitalName: string;
  defaultLocale: Locale;
  adminUsername: string | null;
  adminPassword: string | null;
  login: { maxFailures: number; sourceMaxFailures: number; windowSeconds: number; lockSeconds: number; maxDelayMs: number };
  /**
   * Which reverse proxies' X-Forwarded-For to believe (express 'trust proxy'): false (the
   * default: the socket's address is the source), a number of proxy hops, or the proxies'
   * addresses. Sources are what the sign-in throttle counts by.
   */
  trustProxy: TrustProxy;
  /** Hospital policy for monitoring and recall (§4.2, §4.4). */
  policy: {
    /** An overdue BI only warns (default) or blocks new loads. */
    biOverdue: 'warn' | 'block';
    /** CDC rule: a single positive steam BI recalls implants only. Off by default. */
    steamBiRecallsImplantsOnly: boolean;
    /** A failed chemical result on packs sent out recalls everything since the last passing BI (seed 19.2), or only the failed load. */
    chemicalRecallScope: 'since_last_bi' | 'load';
  };
  webhook: { url: string | null; maxAttempts: number; backoffMs: number };
  /** Zebra (ZPL) label printers the stations may send to, by name: the service connects to them (raw TCP, port 9100). */
  labelPrinters: LabelPrinter[];
  /** The service's PostgreSQL connections, and how long a request waits for one before a 503. */
  pool: DatabasePool;
  /** Hours an Idempotency-Key's answer is kept for retries before it is purged. */
  idempotencyRetentionHours: number;
  /** Seconds between the tamper-evident record's sealing runs (issue 15); 0: no timer (verify still seals first). */
  ledgerSealSeconds: number;
  /** How often the reports' day tallies take in the events written since (0: no timer; reports still read the rest live). */
  reportTallySeconds: number;
  /** Serve the OpenAPI UI at /api/docs (turn off in production with CSSD_API_DOCS=false). */
  apiDocs: boolean;
  version: string;
}

export type TrustProxy = false | number | string[];

/** express/proxy-addr's names for address ranges. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * CSSD_TRUST_PROXY: unset/false → false; 1–10 → hops; else a comma-separated list of proxy
 * addresses, CIDR ranges or range names. `true` (every address) is refused: any station could
 * then name its own source in X-Forwarded-For and escape the throttle.
 */
function parseTrustProxy(raw: string | null, problems: string[]): TrustProxy {
  if (raw === null || raw === 'false' || raw === 'off') return false;
  const explain =
    'CSSD_TRUST_PROXY must be false, the number of reverse proxies in front of the service (1–10), or their addresses (IP, CIDR such as 10.0.0.0/8, or loopback / linklocal / uniquelocal), comma-separated';
  if (raw === 'true') {
    problems.push(`${explain} — "true" would believe an X-Forwarded-For that any client can write`);
    return false;
  }
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops < 1 || hops > 10) problems.push(`${explain} (got "${raw}")`);
    return hops >= 1 && hops <= 10 ? hops : false;
  }
  const entries = raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => {
    if (PROXY_RANGE_NAMES.includes(e)) return false;
    const [address, prefix, ...rest] = e.split('/');
    const family = isIP(address);
    if (!family || rest.length > 0) return true;
    return prefix !== undefined && !(/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  });
  if (entries.length === 0 || bad.length > 0) {
    problems.push(`${explain} (not understood: ${bad.length ? bad.map((b) => `"${b}"`).join(', ') : `"${raw}"`})`);
    return false;
  }
  return entries;
}

export interface LabelPrinter {
  name: string;
  host: string;
  port: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export interface DatabaseConfig {
  databaseUrl: string | null;
  migrationDatabaseUrl: string | null;
  dataDir: string;
  embeddedPort: number;
  /** The hospital's time zone (an operator command judges ages in hospital days). */
  timezone: string;
}

/** Just what the operator commands need (migrations, verify, archive): where the database is, the hospital's time zone. */
export function loadDatabaseConfig(env: Env = process.env): DatabaseConfig {
  const { databaseUrl, migrationDatabaseUrl, dataDir, embeddedPort, timezone } = loadConfig({
    ...env,
    JWT_SECRET: env.JWT_SECRET ?? 'x'.repeat(32),
  });
  return { databaseUrl, migrationDatabaseUrl, dataDir, embeddedPort, timezone };
}

export function loadConfig(env: Env = process.env, version = '0.1.0'): AppConfig {
  const problems: string[] = [];
  const str = (name: string): string | null => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? null : v.trim();
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = str(name);
    if (raw === null) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
      return fallback;
    }
    return n;
  };

  const databaseUrl = str('DATABASE_URL');
  if (databaseUrl !== null && !/^postgres(ql)?:\/\/.+/.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const migrationDatabaseUrl = str('CSSD_MIGRATION_DATABASE_URL');
  if (migrationDatabaseUrl !== null && !/^postgres(ql)?:\/\/.+/.test(migrationDatabaseUrl)) {
    problems.push('CSSD_MIGRATION_DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  if (migrationDatabaseUrl !== null && databaseUrl === null) {
    problems.push('CSSD_MIGRATION_DATABASE_URL needs DATABASE_URL (the runtime role) beside it');
  }

  const jwtSecret = str('JWT_SECRET');
  if (jwtSecret !== null && jwtSecret.length < 32) {
    problems.push('JWT_SECRET must be at least 32 characters');
  }
  if (databaseUrl !== null && jwtSecret === null) {
    problems.push('JWT_SECRET is required when DATABASE_URL is set');
  }

  const timezone = str('CSSD_TIMEZONE') ?? 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    problems.push(`CSSD_TIMEZONE must be an IANA time zone such as Asia/Shanghai (got "${timezone}")`);
  }

  const localeRaw = str('CSSD_DEFAULT_LOCALE') ?? 'zh-CN';
  if (localeRaw !== 'zh-CN' && localeRaw !== 'en') {
    problems.push(`CSSD_DEFAULT_LOCALE must be zh-CN or en (got "${localeRaw}")`);
  }

  const adminUsername = str('CSSD_ADMIN_USERNAME');
  const adminPassword = str('CSSD_ADMIN_PASSWORD');
  if (adminPassword !== null && adminPassword.length < 10) {
    problems.push('CSSD_ADMIN_PASSWORD must be at least 10 characters');
  }
  const weakAdmin = adminPassword !== null && adminPassword.length >= 10 ? passwordProblem(adminPassword, adminUsername ?? '') : null;
  if (weakAdmin) problems.push(`CSSD_ADMIN_PASSWORD is not accepted: ${weakAdmin.en}`);
  if ((adminUsername === null) !== (adminPassword === null)) {
    problems.push('CSSD_ADMIN_USERNAME and CSSD_ADMIN_PASSWORD must be set together');
  }

  const choice = <T extends string>(name: string, options: readonly T[], fallback: T): T => {
    const raw = str(name);
    if (raw === null) return fallback;
    if (!(options as readonly string[]).includes(raw)) {
      problems.push(`${name} must be one of ${options.join(', ')} (got "${raw}")`);
      return fallback;
    }
    return raw as T;
  };
  const webhookUrl = str('CSSD_RECALL_WEBHOOK_URL');
  if (webhookUrl !== null && !/^https?:\/\/\S+$/.test(webhookUrl)) problems.push('CSSD_RECALL_WEBHOOK_URL must be an http(s) URL');

  // CSSD_LABEL_PRINTERS=PACK-1=10.1.2.21:9100,LOAD-1=10.1.2.22 — a name per printer; port 9100 unless given.
  const labelPrinters: LabelPrinter[] = [];
  for (const entry of (str('CSSD_LABEL_PRINTERS') ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const m = /^([A-Za-z0-9_-]{1,32})=([A-Za-z0-9.-]{1,253}|\[[0-9a-fA-F:]+\])(?::(\d{1,5}))?$/.exec(entry);
    const port = m?.[3] ? Number(m[3]) : 9100;
    if (!m || port < 1 || port > 65535) {
      problems.push(`CSSD_LABEL_PRINTERS entries must be NAME=host[:port] (got "${entry}")`);
      continue;
    }
    if (labelPrinters.some((p) => p.name === m[1])) problems.push(`CSSD_LABEL_PRINTERS names ${m[1]} twice`);
    labelPrinters.push({ name: m[1], host: m[2].replace(/^\[|\]$/g, ''), port });
  }

  const config: AppConfig = {
    databaseUrl,
    migrationDatabaseUrl,
    allowSuperuser: choice('CSSD_ALLOW_SUPERUSER', ['true', 'false'] as const, 'false') === 'true',
    dataDir: resolve(str('CSSD_DATA_DIR') ?? 'data'),
    embeddedPort: int('CSSD_EMBEDDED_PG_PORT', 54329, 1024, 65535),
    port: int('PORT', 3000, 1, 65535),
    jwtSecret,
    jwtTtlHours: int('CSSD_JWT_TTL_HOURS', 12, 1, 24),
    timezone,
    hospitalName: str('CSSD_HOSPITAL_NAME') ?? '消毒供应中心 CSSD',
    defaultLocale: localeRaw === 'en' ? 'en' : 'zh-CN',
    adminUsername,
    adminPassword,
    login: {
      maxFailures: int('CSSD_LOGIN_MAX_FAILURES', 5, 1, 100),
      windowSeconds: int('CSSD_LOGIN_WINDOW_SECONDS', 60, 1, 3600),
      lockSeconds: int('CSSD_LOGIN_LOCK_SECONDS', 300, 1, 86400),
      sourceMaxFailures: int('CSSD_LOGIN_SOURCE_MAX_FAILURES', 30, 1, 10000),
      maxDelayMs: int('CSSD_LOGIN_MAX_DELAY_MS', 4000, 0, 60000),
    },
    trustProxy: parseTrustProxy(str('CSSD_TRUST_PROXY'), problems),
    policy: {
      // §4.2: a load the calendar's BI is due in does not start without one (issue 18); `warn` only on purpose.
      biOverdue: choice('CSSD_BI_OVERDUE_POLICY', ['warn', 'block'] as const, 'block'),
      steamBiRecallsImplantsOnly: choice('CSSD_RECALL_STEAM_BI_IMPLANTS_ONLY', ['true', 'false'] as const, 'false') === 'true',
      chemicalRecallScope: choice('CSSD_RECALL_CHEMICAL_SCOPE', ['since_last_bi', 'load'] as const, 'since_last_bi'),
    },
    labelPrinters,
    webhook: {
      url: webhookUrl,
      maxAttempts: int('CSSD_WEBHOOK_MAX_ATTEMPTS', 5, 1, 20),
      backoffMs: int('CSSD_WEBHOOK_BACKOFF_MS', 1000, 1, 600000),
    },
    pool: {
      size: int('CSSD_DB_POOL_SIZE', DEFAULT_POOL.size, 2, 500),
      waitMs: int('CSSD_DB_POOL_WAIT_MS', DEFAULT_POOL.waitMs, 100, 600000),
    },
    idempotencyRetentionHours: int('CSSD_IDEMPOTENCY_RETENTION_HOURS', 48, 1, 8760),
    ledgerSealSeconds: int('CSSD_LEDGER_SEAL_SECONDS', 60, 0, 86400),
    reportTallySeconds: int('CSSD_REPORT_TALLY_SECONDS', 60, 0, 86400),
    apiDocs: choice('CSSD_API_DOCS', ['true', 'false'] as const, 'true') === 'true',
    version,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** Nest injection token for the AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
