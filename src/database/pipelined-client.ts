import { Client } from 'pg';
import type { Socket } from 'node:net';

/**
 * The pool's connections to a PostgreSQL server. They run in pg's pipeline mode: a query
 * made while an earlier one of the same connection is still running (the independent reads
 * of one transaction, started together) is sent at once instead of after the earlier answer,
 * and PostgreSQL answers them in order, each as if sent alone (its own Sync: an error fails
 * that query, and in a transaction every later one, as without pipelining). The queries made
 * before the process next turns to I/O (one callback and its promise reactions) also leave
 * in one write to the socket, not one each.
 */
export class PipelinedClient extends Client {
  private corked = false;

  constructor(config: ConstructorParameters<typeof Client>[0]) {
    super({
      ...(typeof config === 'string' ? { connectionString: config } : config),
      pipeline: true,
    });
  }

  // pg's overloads of `query`, passed on as they came (pg-pool and TypeORM call it).
  override query(...args: unknown[]): never {
    const stream = (this as unknown as { connection?: { stream?: Socket } }).connection?.stream;
    if (!this.corked && stream && typeof stream.cork === 'function') {
      this.corked = true;
      stream.cork();
      process.nextTick(() => {
        this.corked = false;
        stream.uncork();
      });
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}
