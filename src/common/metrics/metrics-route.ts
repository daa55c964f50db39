import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config';
import { CommonErrors, DomainError } from '../errors/domain-error';
import { ProblemRenderer } from '../errors/problem';
import { MetricsService } from './metrics.service';

const digest = (text: string) => createHash('sha256').update(text).digest();

/**
 * Who may read the metrics: with METRICS_TOKEN, whoever sends it as a bearer token; without,
 * only a client on this machine — and not one that forwards for others (a reverse proxy on
 * this machine makes every visitor look local, but says so in X-Forwarded-For / Forwarded).
 */
function refusal(request: FastifyRequest, token: string | undefined): DomainError | null {
  if (token) {
    const given = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    return given && timingSafeEqual(digest(given), digest(token))
      ? null
      : CommonErrors.UNAUTHENTICATED();
  }
  const address = request.socket.remoteAddress ?? '';
  const local = /^(127\.|::1$|::ffff:127\.)/.test(address);
  const forwarded = request.headers['x-forwarded-for'] || request.headers.forwarded;
  return local && !forwarded ? null : CommonErrors.FORBIDDEN();
}

/**
 * `GET /metrics` and the request counting behind it. A plain Fastify route, not a Nest
 * controller: it has its own credentials (not a login), and it is no part of the JSON API.
 */
export function serveMetrics(
  app: NestFastifyApplication,
  config: AppConfig,
  renderer: ProblemRenderer,
): void {
  const metrics = app.get(MetricsService);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onResponse', async (request, reply) => metrics.countRequest(request, reply));
  fastify.get('/metrics', async (request, reply) => {
    const refused = refusal(request, config.metricsToken);
    if (refused) {
      renderer.send(refused, request, reply);
      return reply;
    }
    const { contentType, text } = await metrics.render();
    return reply.header('content-type', contentType).header('cache-control', 'no-store').send(text);
  });
}
