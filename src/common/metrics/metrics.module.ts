import { Global, Module } from '@nestjs/common';
import { PoolMetrics } from '../../database/pool-metrics';
import { MetricsService } from './metrics.service';

/** One registry per service instance; global, so that any module can add its metrics. */
@Global()
@Module({ providers: [MetricsService, PoolMetrics], exports: [MetricsService] })
export class MetricsModule {}
