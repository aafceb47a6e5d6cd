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
import { refuseSecondConnectionInTransactions } from './one-connection.js';
import { migrateTestDatabase, testDatabaseUrl } from './test-db.js';

export const TEST_JWT_SECRET = 'test-only-secret-0123456789abcdefghijklmnop';

export interface TestApp {
  app: INestApplication;
  ds: DataSource;
  config: AppConfig & { databaseUrl: string; jwtSecret: string };
  http: () => ReturnType<typeof request>;
  jwt: JwtService;
  close(): Promise<void>;
}

/**
 * The real application (same modules, pipes, guards and filter as main.ts) on the test database.
 * Keep one open at a time: passport keeps its strategies in a process-wide registry, so the
 * last app created authenticates for all of them (close one before creating the next, as the
 * describe blocks with their own settings do). One service per process is also how it runs.
 */
export async function createTestApp(env: Record<string, string> = {}, opts: { clock?: Clock } = {}): Promise<TestApp> {
  await migrateTestDatabase();
  const url = testDatabaseUrl();
  const config = { ...loadConfig({ DATABASE_URL: url, JWT_SECRET: TEST_JWT_SECRET, ...env }), databaseUrl: url, jwtSecret: TEST_JWT_SECRET };
  const builder = Test.createTestingModule({ imports: [AppModule.forRoot(config)] });
  if (opts.clock) builder.overrideProvider(Clock).useValue(opts.clock);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ logger: ['error'] });
  configureHttpApp(app, config);
  await app.init();
  const ds = app.get<DataSource>(getDataSourceToken());
  refuseSecondConnectionInTransactions(ds);
  return {
    app,
    ds,
    config,
    http: () => request(app.getHttpServer()),
    jwt: app.get(JwtService),
    close: () => app.close(),
  };
}

/**
 * A clock a test moves by hand (the service's only "now", see src/common/clock.ts). Starts at
 * the real time; `advance` and `set` move it. Each reading ticks it by 1 ms, so that two
 * events never share an instant (as on a real clock) and a test stays deterministic.
 */
export class TestClock extends Clock {
  private at = Date.now();
  now(): Date {
    return new Date(this.at++);
  }
  set(instant: Date | string): void {
    this.at = new Date(instant).getTime();
  }
  advance(ms: number): void {
    this.at += ms;
  }
  advanceMinutes(minutes: number): void {
    this.advance(minutes * 60_000);
  }
}
