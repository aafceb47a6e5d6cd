import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module.js';
import { Clock } from '../../src/common/clock.js';
import { TestClock, testNow, useTestClock } from './clock.js';
import { loadConfig, type AppConfig } from '../../src/config/config.js';
import { configureHttpApp } from '../../src/http-app.js';
import { ContractRecorder } from './contract.js';
import { refuseSecondConnectionInTransactions } from './one-connection.js';
import { migrateScratchDatabase, migrateTestDatabase, testRuntimeDatabaseUrl } from './test-db.js';

export { TestClock, testNow };

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
export async function createTestApp(
  env: Record<string, string> = {},
  opts: {
    clock?: TestClock;
    /** a scratch database's owner URL (createScratchDatabase) instead of the shared one */ ownerUrl?: string;
  } = {},
): Promise<TestApp> {
  // As the runtime role, as in production (issue 13 §2): the owner's rights would hide a missing grant.
  const url = opts.ownerUrl ? await migrateScratchDatabase(opts.ownerUrl) : (await migrateTestDatabase(), testRuntimeDatabaseUrl());
  const config = {
    // No sealing timer unless a test asks (issue 15): tests seal on demand through GET /api/audit/verify.
    ...loadConfig({
      DATABASE_URL: url,
      JWT_SECRET: TEST_JWT_SECRET,
      CSSD_LEDGER_SEAL_SECONDS: '0',
      CSSD_REPORT_TALLY_SECONDS: '0',
      // Most suites run loads without the week's BI: they warn only. The default (block) has its own
      // tests: test/e2e/sterilizer-history.e2e-spec.ts and test/e2e/bi-default-policy.e2e-spec.ts.
      CSSD_BI_OVERDUE_POLICY: 'warn',
      ...env,
    }),
    databaseUrl: url,
    jwtSecret: TEST_JWT_SECRET,
  };
  const clock = opts.clock ?? new TestClock();
  useTestClock(clock);
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
  if (newest && new Date(newest).getTime() >= clock.instant().getTime()) clock.set(new Date(new Date(newest).getTime() + 1000));
  // A file's tests start at 08:00 of a hospital day (the next one ahead), not at whatever hour CI
  // runs: a file that runs cycles and incubations for hours would otherwise cross midnight on some
  // runs only (cycle numbers restart, the morning's B-D no longer counts, "today" moves).
  // CSSD_TEST_START_AT=23:50 starts them at that hour instead: a sweep for tests that assume the day.
  const startAt = /^(\d{1,2}):(\d{2})$/.exec(process.env.CSSD_TEST_START_AT ?? '');
  if (!opts.clock) clock.nextLocalTime(config.timezone, startAt ? Number(startAt[1]) + Number(startAt[2]) / 60 : 8);
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
