import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { MetricsService } from '../common/metrics/metrics.service';

/** The database connection pool in /metrics: a pool that is always used up is too small. */
@Injectable()
export class PoolMetrics {
  constructor(@InjectDataSource() dataSource: DataSource, metrics: MetricsService) {
    new Gauge({
      name: 'rfe_database_pool_connections',
      help: 'Connections of the database pool: open in all, idle, and requests waiting for one',
      labelNames: ['state'] as const,
      registers: [metrics.registry],
      collect() {
        const pool = (dataSource.driver as PostgresDriver).master as
          { totalCount: number; idleCount: number; waitingCount: number } | undefined;
        if (!pool) return;
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }
}
