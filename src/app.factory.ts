import { ApplicationConfig, NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from 'helmet';
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { messageCatalogue } from './common/i18n/message-catalogue';
import { ProblemRenderer } from './common/errors/problem';
import { ProblemFilter } from './common/errors/problem.filter';
import { HttpEdge } from './common/http/http-edge';
import { createLogger, NestPinoLogger } from './common/logging/logger';
import { serveMetrics } from './common/metrics/metrics-route';
import { setupOpenApi } from './common/openapi/openapi';
import { createValidationPipe } from './common/validation/validation';
import { openDatabase } from './database/data-source';
import { DatabaseChanges } from './database/database-changes';
import { Assets } from './web/shell/assets';
import { PageErrors } from './web/shell/page-errors';
import { WEB_ASSETS } from './web/shell/pages.service';
import { registerWebShell } from './web/shell/web-setup';

export interface RunningApp {
  app: NestFastifyApplication;
  logger: Logger;
  /** Stops HTTP, closes the database connection, then stops an embedded database. */
  close(): Promise<void>;
  /** The embedded database only: a consistent copy for `npm run backup`. */
  dumpDatabase?: () => Promise<Blob>;
}

const REQUEST_ID = /^[\w.-]{1,64}$/;
/** Methods that change nothing (RFC 9110, 9.2.1). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Builds the whole service; `main.ts` and the tests start it the same way. */
export async function createApp(config: AppConfig): Promise<RunningApp> {
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config.database);
  // Refusals before a route runs (bad URL, oversized request line, body limits) as problems.
  const renderer = new ProblemRenderer(messageCatalogue());
  const edge = new HttpEdge(renderer);
  let app: NestFastifyApplication;
  try {
    const adapter = new FastifyAdapter({
      ...edge.serverOptions(),
      loggerInstance: logger,
      bodyLimit: config.bodyLimitBytes,
      requestIdHeader: false,
      genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
        const given = request.headers['x-request-id'];
        return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      },
      trustProxy: config.trustProxy,
    });
    app = await NestFactory.create<NestFastifyApplication>(
      AppModule.forRoot(config, database.connection),
      adapter,
      // JSON only: Fastify's own parser; Nest would add urlencoded forms we never accept.
      { logger: new NestPinoLogger(logger), abortOnError: false, bodyParser: false },
    );
  } catch (error) {
    await database.close();
    throw error;
  }

  const fastify = app.getHttpAdapter().getInstance();
  // The JSON parser with its limits and the rule for all text, before app.init adds routes.
  edge.register(fastify);
  // Errors Fastify raises itself (body too large, malformed JSON) reach the same filter:
  // Nest's error handler turns them into HttpExceptions with Fastify's status code.
  const changes = app.get(DatabaseChanges);
  fastify.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Whatever this request changed has committed: answers read from memory after it wait
    // for its notifications (DatabaseChanges.caughtUp), so that it reads its own writes.
    if (!SAFE_METHODS.has(request.method)) changes.ownWriteDone();
  });
  serveMetrics(app, config, renderer);
  // Only a service reached over https may tell browsers to insist on https: on a plain-http
  // LAN address, HSTS and upgrade-insecure-requests would break every page and asset.
  const https = new URL(config.publicUrl).protocol === 'https:';
  // Strict for the pages: no inline script or style, no eval; forms post only here.
  const headers = securityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    strictTransportSecurity: https,
    // Not helmet's `no-referrer`: under it browsers send `Origin: null` with every form post
    // (Fetch standard, "append a request Origin header"), and the pages' Origin check
    // refuses their own forms. `same-origin` still tells other sites nothing (feed links
    // carry secrets).
    referrerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
  // The same for every answer: worked out once, not per request.
  fastify.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  // The API's documentation page (Swagger UI's template, not ours) has inline <style>
  // blocks: the policy allows exactly those, by their hashes, and no other inline style.
  fastify.addHook('onSend', async (request, reply, payload) => {
    const csp = reply.getHeader('content-security-policy');
    if (!request.url.startsWith('/api/docs') || typeof csp !== 'string') return payload;
    if (typeof payload !== 'string') return payload;
    const hashes = [...payload.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
      ([, css]) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`,
    );
    if (hashes.length) {
      reply.header(
        'content-security-policy',
        csp.replace("style-src 'self'", `style-src 'self' ${hashes.join(' ')}`),
      );
    }
    return payload;
  });
  await registerWebShell(app, app.get<Assets>(WEB_ASSETS));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemFilter(renderer, app.get(PageErrors)));
  setupOpenApi(app, config);
  dropIdleInterceptors(app);
  await app.init();

  return {
    app,
    logger,
    dumpDatabase: database.dump,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/**
 * nestjs-cls registers a global interceptor that does nothing unless mounted (ours is not: the
 * ambient transaction opens its own context). Any global interceptor makes Nest wrap every
 * request in RxJS and two `AsyncResource.bind` calls, which on Node 20 build a deprecation
 * wrapper each time: about 4 % of the service's CPU in the bench's profile. No other global
 * interceptor exists, so the idle one is dropped before the routes are built.
 */
function dropIdleInterceptors(app: NestFastifyApplication): void {
  const { config } = app as unknown as { config?: ApplicationConfig };
  const interceptors = config?.getGlobalInterceptors();
  if (!interceptors) return;
  const busy = interceptors.filter((interceptor) => interceptor.constructor !== Object);
  interceptors.splice(0, interceptors.length, ...busy);
}

/**
 * The headers helmet sets with these options. They depend on nothing of the request (no
 * nonces), so helmet's middleware runs once, against a response that only records them.
 */
function securityHeaders(options: Parameters<typeof helmet>[0]): Record<string, string> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: unknown) => headers.set(name, String(value)),
    removeHeader: (name: string) => headers.delete(name),
  };
  helmet(options)(
    {} as IncomingMessage,
    recorder as unknown as ServerResponse,
    (error?: unknown) => {
      // helmet reports a bad option here; the service must not start with it.
      if (error) throw error instanceof Error ? error : new Error('helmet refused its options');
    },
  );
  return Object.fromEntries(headers);
}
