import { INestApplication, VersioningType } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { rejectHostileShapes } from './common/hostile-shapes';
import { requestIdMiddleware } from './common/request-id';
import { appConfig } from './config/app-config';
import { XLSX_TYPE } from './imports/xlsx';

/** HTTP-level set-up shared by main.ts and the e2e tests. */
export function configureApp(app: NestExpressApplication): void {
  const config = appConfig();
  app.use(requestIdMiddleware);
  app.use(helmet({ contentSecurityPolicy: false }));
  app.useBodyParser('json', { limit: config.BODY_LIMIT });
  // Imports (POST /v1/imports) arrive as raw bytes: a CSV may be Shift_JIS, a workbook is a zip.
  app.useBodyParser('raw', { type: ['text/csv', 'application/csv', 'application/octet-stream', XLSX_TYPE], limit: config.IMPORT_BODY_LIMIT });
  app.use(rejectHostileShapes);
  // A hop count or the proxies' addresses, never `true` (see src/common/trust-proxy.ts).
  if (config.trustProxy !== false) app.set('trust proxy', config.trustProxy);
  if (config.corsOrigins.length) app.enableCors({ origin: config.corsOrigins, exposedHeaders: ['ETag', 'X-Request-Id'] });
  app.enableVersioning({ type: VersioningType.URI });
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('LINE service continuity tracker')
      .setDescription('LINE-based public services of Japan\'s local governments and national bodies, their status history and fallback channels. Local-government codes: 総務省「全国地方公共団体コード」.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

export async function createApp(): Promise<INestApplication> {
  // Boot messages wait for pino, then go through it like everything else.
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bodyParser: false, bufferLogs: true, logger: appConfig().logLevels });
  app.useLogger(app.get(Logger));
  configureApp(app);
  return app;
}
