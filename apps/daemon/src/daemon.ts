import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { daemonControlConnection, type DaemonConfig } from '@confiture/domain';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { pinoHttp } from 'pino-http';
import type { Logger as PinoLogger } from 'pino';
import { AppModule } from './app.module';
import { documentGate } from './auth/document-gate';
import { runtimeSettings, type RuntimeSettings } from './config/runtime-settings';
import { DaemonLifecycle } from './daemon-lifecycle';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { createLogger } from './logging/logger';
import { PinoNestLogger } from './logging/pino-nest-logger';
import { SecretValues } from './logging/secret-values';

/** A running daemon. */
export interface RunningDaemon {
  /** Where the API listens, e.g. `http://127.0.0.1:8080`. */
  url: string;
  logger: PinoLogger;
  /** SIGTERM's path: no new work, running jobs handed back, then the server closed. */
  stop(): Promise<void>;
}

/** Starts the daemon for `config`: the control schema, the queue, the schedules, the HTTP API. */
export async function startDaemon(
  config: DaemonConfig,
  runtime: RuntimeSettings = runtimeSettings(),
): Promise<RunningDaemon> {
  const secrets = new SecretValues(runtime.env);
  secrets.add(daemonControlConnection(config, runtime.env).password);
  const logger = createLogger(secrets);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ config, runtime, secrets, logger }),
    { logger: new PinoNestLogger(logger) },
  );
  // One JSON line per request; health probes every few seconds would drown the log.
  app.use(
    pinoHttp({ logger, autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') } }),
  );
  app.useBodyParser('json', { limit: '64kb' });
  app.disable('x-powered-by');
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('confiture-daemon')
      .setDescription('Scheduled, approvable, rollback-safe Confiture syncs. See docs/daemon.md.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  // Swagger serves these outside Nest's routes, so outside the guard: the gate asks for viewer.
  app.use(
    ['/docs', '/openapi.json', '/openapi.yaml'],
    documentGate(config.auth.tokens, 'viewer', new ProblemDetailsFilter(secrets)),
  );
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
  });
  await app.listen(config.listen.port, config.listen.host);
  const address = app.getHttpServer().address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ url, replica: runtime.replica }, 'confiture-daemon listening');
  let stopping: Promise<void> | undefined;
  return {
    url,
    logger,
    stop: () =>
      (stopping ??= (async () => {
        await app.get(DaemonLifecycle).shutdown();
        await app.close();
        logger.info({ replica: runtime.replica }, 'confiture-daemon stopped');
      })()),
  };
}
