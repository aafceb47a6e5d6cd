import type { INestApplication } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { NextFunction, Request, Response } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createValidationPipe, refuseDeepJson, RefuseNulPipe } from './common/validation.js';
import type { AppConfig } from './config/config.js';

/** Everything main.ts and the e2e tests configure alike: prefix, validation, OpenAPI. */
export function configureHttpApp(app: INestApplication, config: AppConfig): void {
  app.setGlobalPrefix('api');
  app.useGlobalPipes(new RefuseNulPipe(), createValidationPipe());
  const json = { limit: '1mb', verify: refuseDeepJson };
  (app as NestExpressApplication).useBodyParser('json', json);
  (app as NestExpressApplication).disable?.('x-powered-by');
  const doc = new DocumentBuilder()
    .setTitle('cssd-trace API')
    .setDescription(
      'Traceability for the Central Sterile Supply Department (消毒供应中心追溯系统). Every route lists its roles ' +
        '(x-roles) and error codes. Errors are `{ code, message, details }`; send `Accept-Language: en` or `zh-CN`.',
    )
    .setVersion(config.version)
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, doc);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  serveWebPages(app as NestExpressApplication);
}

/**
 * The people's pages (web/, built by `npm run build` into dist/web) at `/`, from this service:
 * no CDN, nothing from outside (hospital networks often have no internet). Any path outside
 * /api that is not a file gets index.html, so a page can be reloaded or bookmarked.
 */
export function webRoot(): string | null {
  // Built: dist/src/http-app.js → dist/web. From the sources (tests): src/http-app.ts → dist/web.
  const here = fileURLToPath(new URL('.', import.meta.url));
  const dir = fileURLToPath(new URL(/[\\/]dist[\\/]src[\\/]$/.test(here) ? '../web/' : '../dist/web/', import.meta.url));
  return existsSync(`${dir}index.html`) ? dir : null;
}

function serveWebPages(app: NestExpressApplication): void {
  const root = webRoot();
  if (!root) return;
  app.useStaticAssets(root, { index: false, maxAge: '1h', setHeaders: (res, path) => {
    // index.html names the hashed bundles: never cached; the bundles themselves are immutable.
    if (path.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
  } });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/api') || req.path.includes('.')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile('index.html', { root });
  });
}
