import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { AppModule } from '../app.module.js';
import { loadConfig } from '../config/config.js';
import { configureHttpApp } from '../http-app.js';

/** The repository root: the nearest folder with a package.json (src/ in tests, dist/src/ when built). */
function repoRoot(): URL {
  for (let dir = new URL('./', import.meta.url); ; dir = new URL('../', dir)) {
    if (existsSync(new URL('package.json', dir))) return dir;
    if (dir.pathname === '/') throw new Error('package.json not found above ' + import.meta.url);
  }
}

/** Where the committed contract lives (the web client's types are generated from it). */
export const OPENAPI_FILE = new URL('docs/openapi.json', repoRoot());

/**
 * The OpenAPI document exactly as `GET /api/docs-json` serves it, built without a database:
 * the real AppModule in preview mode (modules and routes scanned, no provider instantiated,
 * so nothing connects) and the real configureHttpApp, asked over a loopback socket.
 */
export async function generateOpenApiDocument(): Promise<unknown> {
  const version = JSON.parse(readFileSync(new URL('package.json', repoRoot()), 'utf8')).version as string;
  // Never connected to (preview mode); present only because the module wants a URL and a secret.
  const databaseUrl = 'postgres://openapi@127.0.0.1:1/none';
  const jwtSecret = 'openapi-document-only-0123456789abcdefghijkl';
  const config = { ...loadConfig({ DATABASE_URL: databaseUrl, JWT_SECRET: jwtSecret }, version), databaseUrl, jwtSecret };
  const app = await NestFactory.create(AppModule.forRoot(config), { preview: true, logger: false, abortOnError: false });
  try {
    configureHttpApp(app, config);
    await app.init();
    const server = app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/api/docs-json`);
    if (!res.ok) throw new Error(`GET /api/docs-json answered ${res.status}`);
    return await res.json();
  } finally {
    await app.close();
  }
}

/** Stable text for review: keys sorted at every level (arrays keep their order), 2-space indent. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.keys(v)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}
