import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { MetricsService } from '../common/metrics/metrics.service';
import { Database } from '../database/database';

const UNFINISHED = ['pending', 'sending', 'failed'] as const;

/**
 * The outbox in /metrics: how many e-mails wait, are being sent, or were given up, and how
 * long the oldest has waited. Sent ones are not counted: they only grow, and counting them
 * would read the whole table on every scrape.
 */
@Injectable()
export class OutboxMetrics {
  constructor(db: Database, metrics: MetricsService) {
    new Gauge({
      name: 'rfe_outbox_messages',
      help: 'E-mails in the outbox not sent: waiting (pending), being sent (sending), given up (failed)',
      labelNames: ['status'] as const,
      registers: [metrics.registry],
      async collect() {
        const rows = await db.query<{ status: string; count: number }[]>(
          `SELECT status, count(*)::int AS count FROM outbox WHERE status = ANY($1) GROUP BY status`,
          [UNFINISHED],
        );
        for (const status of UNFINISHED) {
          this.set({ status }, rows.find((row) => row.status === status)?.count ?? 0);
        }
      },
    });
    new Gauge({
      name: 'rfe_outbox_oldest_waiting_seconds',
      help: 'Age of the oldest e-mail not sent yet (pending or sending); 0 when there is none',
      registers: [metrics.registry],
      async collect() {
        const [row] = await db.query<{ seconds: number | null }[]>(
          `SELECT extract(epoch FROM now() - min(created_at))::float8 AS seconds
             FROM outbox WHERE status IN ('pending', 'sending')`,
        );
        this.set(row.seconds ?? 0);
      },
    });
  }
}
