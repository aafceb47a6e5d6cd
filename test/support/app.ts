import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module.js';
import { Clock } from '../../src/common/clock.js';
import { loadConfig, type AppConfig } from '../../src/config/config.js';
import { configureHttpApp } from '../../src/http-app.js';
import { ContractRecorder } from './contract.js';
import { refuseSecondConnectionInTransactions } from './one-connection.js';
import { migrateTestDatabase, testRuntimeDatabaseUrl } from './test-db.js';

export const TEST_JWT_SECRET = 'test-only-secret-0123456789abcdefghijklmnop';

export interface TestApp {
  app: INestApplication;
  ds: DataSource;
  config: AppConfig & { databaseUrl: string; jwtSecret: string };
  http: () => ReturnType<typeof request>;
  jwt: JwtService;
  /** The service's clock: real time unless the test moves it. */
  clock: TestClock;
  close(): Promise<void>;
}

/**
 * The real application (same modules, pipes, guards and filter as main.ts) on the test database.
 * Keep one open at a time: passport keeps its strategies in a process-wide registry, so the
 * last app created authenticates for all of them (close one before creating the next, as the
 * describe blocks with their own settings do). One service per process is also how it runs.
 */
export async function createTestApp(env: Record<string, string> = {}, opts: { clock?: TestClock } = {}): Promise<TestApp> {
  await migrateTestDatabase();
  // As the runtime role, as in production (issue 13 §2): the owner's rights would hide a missing grant.
  const url = testRuntimeDatabaseUrl();
  const config = { ...loadConfig({ DATABASE_URL: url, JWT_SECRET: TEST_JWT_SECRET, ...env }), databaseUrl: url, jwtSecret: TEST_JWT_SECRET };
  const clock = opts.clock ?? new TestClock();
  currentClock = clock;
  const builder = Test.createTestingModule({ imports: [AppModule.forRoot(config)] });
  builder.overrideProvider(Clock).useValue(clock);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  configureHttpApp(app, config);
  const contract = new ContractRecorder(app);
  app.useGlobalInterceptors(contract);
  await app.init();
  const ds = app.get<DataSource>(getDataSourceToken());
  refuseSecondConnectionInTransactions(ds);
  // The test files share one database; a file that moved its clock ahead (across a BI's incubation)
  // left records in the future of real time. A service's clock never runs behind what it wrote:
  // this app's starts after the newest of them.
  const [{ newest }] = await ds.query(
    `SELECT greatest((SELECT max(measured_at) FROM environment_readings), (SELECT max(started_at) FROM sterilizer_loads),
                     (SELECT max(completed_at) FROM sterilizer_loads), (SELECT max(tested_at) FROM bd_tests),
                     (SELECT max(result_recorded_at) FROM bi_tests)) AS newest`,
  );
  if (newest && new Date(newest).getTime() >= clock.now().getTime()) clock.set(new Date(new Date(newest).getTime() + 1000));
  return {
    app,
    ds,
    config,
    http: () => request(app.getHttpServer()),
    jwt: app.get(JwtService),
    clock,
    close: async () => {
      await app.close();
      // Every answer this app gave was checked against the OpenAPI document (test/support/contract.ts).
      if (contract.problems.size > 0) throw new Error(`answers that break the OpenAPI contract:\n  ${[...contract.problems].join('\n  ')}`);
    },
  };
}

/**
 * The service's clock in tests (its only "now", see src/common/clock.ts): real time plus an
 * offset the test moves with `advance` or `set` — across a BI's incubation, a midnight, a week.
 * Each reading is later than the one before (by at least 1 ms), so two events never share an
 * instant.
 */
export class TestClock extends Clock {
  private offset = 0;
  private last = 0;
  now(): Date {
    this.last = Math.max(this.last + 1, Date.now() + this.offset);
    return new Date(this.last);
  }
  /** From now on the clock reads `instant` (and runs on from there). Moving it back is allowed for fresh data only. */
  set(instant: Date | string): void {
    this.offset = new Date(instant).getTime() - Date.now();
    this.last = 0;
  }
  advance(ms: number): void {
    this.offset += ms;
  }
  advanceMinutes(minutes: number): void {
    this.advance(minutes * 60_000);
  }
}

let currentClock: TestClock | null = null;

/**
 * "Now" as the service under test sees it (the clock of the app created last): what a test's
 * "today" and "an hour ago" must be measured from, since tests move that clock.
 */
export function testNow(): Date {
  return currentClock?.now() ?? new Date();
}
