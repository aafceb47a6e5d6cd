import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig } from './config/config.js';

/** Everything main.ts and the e2e tests configure alike: prefix, validation, OpenAPI. */
export function configureHttpApp(app: INestApplication, config: AppConfig): void {
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  (app as NestExpressApplication).useBodyParser('json', { limit: '1mb' });
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
}
