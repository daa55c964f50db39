import { MetricsService } from '../../src/common/metrics/metrics.service';
import { TestApp } from './test-app';

/**
 * How many batches of single booking requests the service has decided, and how many requests
 * they held (group commit: `rfe_booking_batch_size` in /metrics), read from its registry.
 */
export async function bookingBatches(app: TestApp): Promise<{ count: number; sum: number }> {
  const metric = app.running.app
    .get(MetricsService)
    .registry.getSingleMetric('rfe_booking_batch_size');
  if (!metric) throw new Error('no rfe_booking_batch_size metric');
  const values = (await metric.get()).values as { metricName?: string; value: number }[];
  const value = (name: string) => values.find((v) => v.metricName === name)?.value ?? 0;
  return {
    count: value('rfe_booking_batch_size_count'),
    sum: value('rfe_booking_batch_size_sum'),
  };
}
