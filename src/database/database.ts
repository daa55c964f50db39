import { Global, Injectable, Module } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ClsPluginTransactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import { EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import { IN_FAILED_TRANSACTION, sqlStateOf } from '../common/errors/sql-state';
import { DatabaseChanges } from './database-changes';
import { readingFirst } from './pipelined-client';

/**
 * The one way services reach the database. Inside a transaction (`transaction(work)`) every
 * query of every service called from `work` runs on that transaction's connection, found in
 * the async context; elsewhere on the pool. Nobody passes a manager around, so nobody can
 * forget it: with the embedded database's single connection, a query sent past a running
 * transaction would wait for it forever.
 */
@Injectable()
export class Database {
  /** The `later` writes of each running transaction, by its manager. */
  private readonly laterWrites = new WeakMap<EntityManager, Promise<unknown>[]>();

  constructor(private readonly host: TransactionHost<TransactionalAdapterTypeOrm>) {}

  /** The running transaction's manager, or the pool's outside one. */
  get manager(): EntityManager {
    return this.host.tx;
  }

  repository<T extends ObjectLiteral>(entity: EntityTarget<T>): Repository<T> {
    return this.host.tx.getRepository(entity);
  }

  query<T = unknown>(sql: string, parameters?: unknown[]): Promise<T> {
    return this.host.tx.query<T>(sql, parameters);
  }

  /**
   * As `query`, for a statement of fixed text on a hot path (values only as parameters): each
   * connection parses and plans it once, as a named prepared statement, and from then on only
   * binds the values. On the booking request's path that halved PostgreSQL's CPU per request
   * (bench/README.md, stop 19). Text that varies from call to call belongs in `query`: every
   * distinct text stays prepared on every connection for the connection's life.
   */
  prepared<T = unknown>(sql: string, parameters: unknown[]): Promise<T> {
    // The pg driver takes a query config ({name, text}) wherever it takes the text; TypeORM
    // hands it on as it is, with its transaction, logging and QueryFailedError around it.
    const statement = { name: statementName(sql), text: sql };
    return this.host.tx.query<T>(statement as unknown as string, parameters);
  }

  /**
   * A write whose answer nobody waits for (an audit record, a mail for the outbox). In a
   * transaction it resolves at once: the write is sent now, in order with the transaction's
   * other queries, so that on a server it travels with the next one — the COMMIT, if nothing
   * else. Should it fail, the transaction fails with its error: at the latest its COMMIT
   * (which PostgreSQL turns into a rollback after a failed statement) is answered with it.
   * Outside a transaction it resolves once written, like `prepared`.
   */
  async later(sql: string, parameters: unknown[]): Promise<void> {
    const writes = this.inTransaction ? this.laterWrites.get(this.host.tx) : undefined;
    const write = this.prepared(sql, parameters);
    if (!writes) {
      await write;
      return;
    }
    // Observed when the transaction ends (`transaction`), not as an unhandled rejection.
    write.catch(() => undefined);
    writes.push(write);
  }

  /**
   * Independent queries of one transaction, started together: on a server they go to the
   * database in one round trip (pg's pipeline), in the order they were started. Unlike
   * `Promise.all` it waits for all of them before failing, so that none goes on sending
   * queries after the transaction ended; a failure is the first one's, in that order.
   */
  async all<T extends readonly unknown[]>(work: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
    const failed = await firstFailure(work);
    if (failed) throw failed.reason;
    return Promise.all(work) as Promise<unknown> as Promise<T>;
  }

  /**
   * Runs `work` in a transaction, or inside the one already running: a service that needs
   * its writes to be atomic says so, and a caller's transaction takes them in. The
   * transaction's `later` writes are part of it: it fails with the first of them that failed
   * (before the errors of the statements after it, which only say the transaction failed), or,
   * when that one only says so too, with the error of the awaited statement before it.
   */
  async transaction<T>(
    work: () => Promise<T>,
    options: {
      /**
       * The transaction's prepared statements are planned once per connection, whatever
       * their values: PostgreSQL otherwise plans a statement over arrays anew on every
       * execution (the arrays' lengths make each custom plan look cheaper), which cost a
       * booking batch more than its reads themselves. Only for transactions whose statements
       * are written so that one plan fits every value (each asked row looked up by key,
       * `LATERAL … OFFSET 0`). Not applied when joining a running transaction.
       */
      genericPlans?: boolean;
      /**
       * The statements `work` starts before the first of them is answered only read or take
       * locks: on a server its BEGIN leaves with them instead of a round trip before
       * (`readingFirst`, which also says what happens should that BEGIN fail). Not applied
       * when joining a running transaction.
       */
      readsFirst?: boolean;
    } = {},
  ): Promise<T> {
    if (this.inTransaction) return this.host.withTransaction(work);
    const writes: Promise<unknown>[] = [];
    let result: T;
    try {
      const run = () =>
        this.host.withTransaction(async () => {
          this.laterWrites.set(this.host.tx, writes);
          if (options.genericPlans) {
            await this.later('SET LOCAL plan_cache_mode = force_generic_plan', []);
          }
          return work();
        });
      result = await (options.readsFirst ? readingFirst(run) : run());
    } catch (error) {
      // The later write's own error, unless it only says that something before it failed —
      // an awaited statement sent before it, whose error `work` threw.
      const failed = await firstFailure(writes);
      if (failed && sqlStateOf(failed.reason) !== IN_FAILED_TRANSACTION) throw failed.reason;
      throw error;
    }
    const failed = await firstFailure(writes);
    if (failed) throw failed.reason;
    return result;
  }

  /** Whether a transaction is running here (for code that must not be called inside one). */
  get inTransaction(): boolean {
    return this.host.isTransactionActive();
  }
}

/** Once all have settled: the first of them, in their order, that failed, if one did. */
async function firstFailure(
  work: readonly Promise<unknown>[],
): Promise<PromiseRejectedResult | undefined> {
  return (await Promise.allSettled(work)).find(
    (one): one is PromiseRejectedResult => one.status === 'rejected',
  );
}

const statementNames = new Map<string, string>();

/** One name per statement text, the same in every process (a digest of the text). */
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (!name) {
    name = `rfe_${createHash('sha256').update(sql).digest('base64url').slice(0, 24)}`;
    statementNames.set(sql, name);
  }
  return name;
}

/**
 * The ambient transaction context (nestjs-cls) over the application's TypeORM data source, and
 * the one listener for the changes the database announces (`DatabaseChanges`).
 */
@Global()
@Module({
  imports: [
    ClsModule.forRoot({
      plugins: [
        new ClsPluginTransactional({
          adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }),
        }),
      ],
    }),
  ],
  providers: [Database, DatabaseChanges],
  exports: [Database, DatabaseChanges],
})
export class DatabaseModule {}
