import { Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { recordJobRun } from '../metrics/process-metrics';

/**
 * A background job of this instance: runs every `intervalSeconds` (0: never), never twice
 * at once, and lets a shutdown wait for the run in progress. That each piece of work is done
 * once across several instances comes from the database (SKIP LOCKED, unique keys), not
 * from here.
 */
export class PeriodicJob {
  private readonly logger: Logger;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly name: string,
    private readonly intervalSeconds: number,
    private readonly work: () => Promise<unknown>,
  ) {
    this.logger = new Logger(name);
  }

  start(): void {
    if (this.intervalSeconds <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.intervalSeconds * 1000);
    // A pending run must not keep a stopping process alive.
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    this.running = this.work().then(
      () => recordJobRun(this.name, 'ok', seconds()),
      (error: Error) => {
        recordJobRun(this.name, 'failed', seconds());
        this.logger.error(`${this.name} failed: ${error.message}`);
      },
    );
    await this.running;
    this.running = undefined;
  }
}
