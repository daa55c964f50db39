import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * Metrics of the whole process, whichever service instance in it they come from: memory,
 * CPU and event loop (prom-client's defaults), and background job runs. `/metrics` serves
 * them with the instance's own (see MetricsService).
 */
export const processMetrics = new Registry();

collectDefaultMetrics({ register: processMetrics });

const jobRuns = new Counter({
  name: 'rfe_job_runs_total',
  help: 'Runs of background jobs, by job and outcome (ok, failed)',
  labelNames: ['job', 'outcome'] as const,
  registers: [processMetrics],
});

const jobDuration = new Histogram({
  name: 'rfe_job_duration_seconds',
  help: 'How long a background job run took',
  labelNames: ['job'] as const,
  buckets: [0.01, 0.05, 0.25, 1, 5, 30, 120],
  registers: [processMetrics],
});

/** Counts one run of `job` and how long it took. */
export function recordJobRun(job: string, outcome: 'ok' | 'failed', seconds: number): void {
  jobRuns.inc({ job, outcome });
  jobDuration.observe({ job }, seconds);
}
