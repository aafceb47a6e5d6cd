import type { INestApplication } from '@nestjs/common';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextFunction, Request, Response } from 'express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import helmet from 'helmet';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { documentErrorResponses } from './common/errors/api-errors.js';
import { createValidationPipe, refuseDeepJson, RefuseNulPipe } from './common/validation.js';
import type { AppConfig } from './config/config.js';
import { errorRegistry } from './errors.js';

/** Everything main.ts and the e2e tests configure alike: prefix, validation, security headers, OpenAPI. */
export function configureHttpApp(app: INestApplication, config: AppConfig): void {
  app.setGlobalPrefix('api');
  app.useGlobalPipes(new RefuseNulPipe(), createValidationPipe());
  const json = { limit: '1mb', verify: refuseDeepJson };
  (app as NestExpressApplication).useBodyParser('json', json);
  (app as NestExpressApplication).disable?.('x-powered-by');
  // Behind the hospital's reverse proxy every socket is the proxy's: the client's address (what
  // the sign-in throttle counts by) is then read from the X-Forwarded-For the trusted proxies wrote.
  (app as NestExpressApplication).set?.('trust proxy', config.trustProxy);
  useSecurityHeaders(app);
  const doc = new DocumentBuilder()
    .setTitle('cssd-trace API')
    .setDescription(
      'Traceability for the Central Sterile Supply Department (消毒供应中心追溯系统). Every route lists its roles ' +
        '(x-roles) and error codes. Errors are `{ code, message, details }`; send `Accept-Language: en` or `zh-CN`.',
    )
    .setVersion(config.version)
    .addBearerAuth()
    .build();
  documentErrorResponses(app, errorRegistry);
  const document = SwaggerModule.createDocument(app, doc);
  // CSSD_API_DOCS=false takes the browsable UI down in production (issue 13.6); the JSON
  // document stays at /api/docs-json for clients generated from it (and the tests).
  if (config.apiDocs) SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  else serveOpenApiJson(app as NestExpressApplication, document);
  serveWebPages(app as NestExpressApplication, config);
}

/**
 * Security headers on every answer (issue 13.6), by helmet: nosniff, no framing, and a CSP the
 * station pages (React + antd from this origin) work under — antd writes its styles inline, so
 * style-src allows 'unsafe-inline'; scripts, fonts and API calls come from this origin only.
 * HSTS only on an answer that went out over TLS: over plain HTTP it would be meaningless, and
 * a hospital that serves HTTPS through a proxy sets it there. Answers of /api are never
 * stored by a browser or proxy: provenance carries patient ids, login a token.
 */
function useSecurityHeaders(app: INestApplication): void {
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          'default-src': ["'self'"],
          'script-src': ["'self'"],
          'style-src': ["'self'", "'unsafe-inline'"],
          'font-src': ["'self'", 'data:'],
          'img-src': ["'self'", 'data:', 'blob:'],
          'connect-src': ["'self'"],
          // The station prints a PDF label from a blob: URL in a hidden frame (the browser's print dialog).
          'frame-src': ["'self'", 'blob:'],
          'object-src': ["'none'"],
          'base-uri': ["'self'"],
          'form-action': ["'self'"],
          'frame-ancestors': ["'none'"],
        },
      },
      strictTransportSecurity: false,
      xFrameOptions: { action: 'deny' },
    }),
  );
  const hsts = helmet.strictTransportSecurity({ maxAge: 180 * 24 * 3600 });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/api')) res.setHeader('Cache-Control', 'no-store');
    if (req.secure) return hsts(req, res, next);
    next();
  });
}

function serveOpenApiJson(app: NestExpressApplication, document: OpenAPIObject): void {
  app.use('/api/docs-json', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET') return next();
    res.json(document);
  });
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

/** Hashed by Vite (name-<hash>.ext): a new build gives them new names, so a browser may keep them for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html names the hashed bundles: revalidated at every visit, so a new build shows at once. */
const REVALIDATE = 'no-cache';

/** `file`: relative to the web root, with forward slashes. */
function cacheControl(file: string): string {
  if (file.endsWith('.html')) return REVALIDATE;
  return file.startsWith('assets/') ? IMMUTABLE : 'public, max-age=3600';
}

/** The build's precompressed copies (web/vite.config.ts writes `<file>.br` and `<file>.gz`), best first. */
const PRECOMPRESSED = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;
type Precompressed = (typeof PRECOMPRESSED)[number];

/** URL path → the compressed copies that exist beside that file, read once at start-up (a build restarts the service). */
function precompressedFiles(root: string): Map<string, Precompressed[]> {
  const files = new Set(readdirSync(root, { recursive: true, encoding: 'utf8' }).map((f) => f.split(sep).join('/')));
  const found = new Map<string, Precompressed[]>();
  for (const file of files) {
    const copies = PRECOMPRESSED.filter((p) => files.has(file + p.suffix));
    if (copies.length) found.set(`/${file}`, copies);
  }
  return found;
}

/**
 * index.html with the hospital's time zone in a meta tag (web/src/hospital-time.ts reads it): the
 * pages show and state times in the hospital's zone, whatever the station PC's own zone is.
 */
export function indexHtml(root: string, timezone: string): string {
  const zone = timezone.replace(/[^A-Za-z0-9_+\-/]/g, '');
  return readFileSync(`${root}index.html`, 'utf8').replace('<head>', `<head>\n    <meta name="cssd-timezone" content="${zone}" />`);
}

function serveWebPages(app: NestExpressApplication, config: AppConfig): void {
  const root = webRoot();
  if (!root) return;
  const html = indexHtml(root, config.timezone);
  const sendIndex = (res: Response) => {
    res.setHeader('Cache-Control', REVALIDATE);
    res.type('html').send(html);
  };
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method === 'GET' || req.method === 'HEAD') && req.path === '/index.html') return sendIndex(res);
    next();
  });
  // The bundles go out compressed when the browser accepts it (a fifth of the bytes), from the
  // copies the build wrote: no compressing at each request, and none for the API's small answers.
  const compressed = precompressedFiles(root);
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const copies = compressed.get(req.path);
    if (!copies) return next();
    res.vary('Accept-Encoding');
    const copy = copies.find((c) => req.acceptsEncodings(c.encoding) === c.encoding);
    if (!copy) return next();
    res.type(extname(req.path));
    res.setHeader('Content-Encoding', copy.encoding);
    res.setHeader('Cache-Control', cacheControl(req.path.slice(1)));
    res.sendFile(req.path + copy.suffix, { root, dotfiles: 'deny' }, (err?: Error) => {
      if (err && !res.headersSent) {
        res.removeHeader('Content-Encoding');
        next();
      }
    });
  });
  app.useStaticAssets(root, {
    index: false,
    setHeaders: (res, path) => res.setHeader('Cache-Control', cacheControl(relative(root, path).split(sep).join('/'))),
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || req.path.startsWith('/api') || req.path.includes('.')) return next();
    sendIndex(res);
  });
}
