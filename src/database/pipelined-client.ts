import { Client } from 'pg';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Socket } from 'node:net';

/** Set while a transaction starts whose first statements only read (see `readingFirst`). */
const readsFirst = new AsyncLocalStorage<true>();

/** What pg answers for a BEGIN, for TypeORM, which reads the command of every answer. */
const BEGUN = Object.freeze({ command: 'BEGIN', rows: [], rowCount: null, fields: [] });

/**
 * Runs `work`, whose transaction's first statements (those started before the first of them
 * is answered) only read or take locks: its BEGIN is not waited for but leaves with them, one
 * round trip less. Should that BEGIN fail (a connection in a wrong state, a cancel arriving
 * just then), those statements ran outside any transaction — reads, and locks released at
 * once — and every later statement of the transaction is refused unsent with the BEGIN's
 * error, until the ROLLBACK that follows: nothing is written outside the transaction.
 */
export function readingFirst<T>(work: () => Promise<T>): Promise<T> {
  return readsFirst.run(true, work);
}

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
  /** The error of a BEGIN not waited for (`readingFirst`), until the ROLLBACK after it. */
  private failedBegin: Error | null = null;

  constructor(config: ConstructorParameters<typeof Client>[0]) {
    super({
      ...(typeof config === 'string' ? { connectionString: config } : config),
      pipeline: true,
    });
  }

  // pg's overloads of `query`, passed on as they came (pg-pool and TypeORM call it).
  override query(...args: unknown[]): never {
    const text = typeof args[0] === 'string' ? args[0] : undefined;
    if (this.failedBegin) {
      if (text !== 'ROLLBACK') return this.refuse(this.failedBegin, args);
      this.failedBegin = null;
    }
    const stream = (this as unknown as { connection?: { stream?: Socket } }).connection?.stream;
    if (!this.corked && stream && typeof stream.cork === 'function') {
      this.corked = true;
      stream.cork();
      process.nextTick(() => {
        this.corked = false;
        stream.uncork();
      });
    }
    const send = (...sent: unknown[]) => (super.query as (...a: unknown[]) => never)(...sent);
    if (
      text?.startsWith('START TRANSACTION') &&
      args.length <= 2 &&
      args[1] === undefined &&
      readsFirst.getStore()
    ) {
      (send(text) as Promise<unknown>).catch((error: Error) => {
        this.failedBegin = error;
      });
      return Promise.resolve(BEGUN) as never;
    }
    return send(...args);
  }

  /** A query not sent: its promise rejects, or its callback is called, with `error`. */
  private refuse(error: Error, args: unknown[]): never {
    const callback = args.findLast((arg) => typeof arg === 'function') as
      ((error: Error) => void) | undefined;
    if (callback) {
      process.nextTick(() => callback(error));
      return undefined as never;
    }
    return Promise.reject(error) as never;
  }
}
