import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { AppModule } from './app.module.js';
import { prepareDatabase } from './bootstrap.js';
import { ConfigError, loadConfig } from './config/config.js';
import { configureHttpApp } from './http-app.js';

const logger = new Logger('cssd-trace');
const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version as string;

let config;
try {
  config = loadConfig(undefined, version);
} catch (e) {
  if (e instanceof ConfigError) {
    console.error(e.message);
    process.exit(78);
  }
  throw e;
}

// A duration, not a business time: monotonic, and not the service's Clock (src/common/clock.ts).
const started = process.hrtime.bigint(); // a duration, not a time of day: not the service's Clock
const db = await prepareDatabase(config, (m) => logger.log(m)).catch((e: Error) => {
  console.error(`Start-up failed: ${e.message}`);
  process.exit(1);
});

const app = await NestFactory.create(AppModule.forRoot(db.config), { logger: ['log', 'warn', 'error'] });
configureHttpApp(app, db.config);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.log(`${signal}: stopping`);
  await app.close().catch(() => undefined);
  await db.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen(db.config.port);
logger.log(
  `listening on http://localhost:${db.config.port}/api (docs: /api/docs) — started in ${Number((process.hrtime.bigint() - started) / 1_000_000n)} ms`,
);
if (db.demoCredentials) {
  logger.warn('DEMO HOSPITAL 演示医院 — demo data and accounts, not for clinical use. Accounts:');
  for (const c of db.demoCredentials) {
    logger.warn(
      `  ${c.role.padEnd(11)} ${c.username.padEnd(13)} password ${c.password}${c.badgeCode ? `  badge ${c.badgeCode} PIN ${c.pin}` : ''}`,
    );
  }
}
