import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Counter, Histogram, Registry } from 'prom-client';
import { processMetrics } from './process-metrics';

/**
 * This service instance's metrics for `GET /metrics` (Prometheus text format). HTTP requests
 * are counted here; others register their own metrics in `registry` (the database pool,
 * the outbox).
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly requests = new Counter({
    name: 'rfe_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly duration = new Histogram({
    name: 'rfe_http_request_duration_seconds',
    help: 'Time from receiving a request to the end of its answer, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  /**
   * Counts an answered request under its route pattern (`/api/rooms/:id`), never its URL:
   * URLs hold ids without end and secret feed tokens.
   */
  countRequest(request: FastifyRequest, reply: FastifyReply): void {
    const route = request.routeOptions.url ?? 'unmatched';
    this.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    this.duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  }

  /** Everything, in Prometheus text format. */
  async render(): Promise<{ contentType: string; text: string }> {
    const all = Registry.merge([this.registry, processMetrics]);
    return { contentType: all.contentType, text: await all.metrics() };
  }
}
