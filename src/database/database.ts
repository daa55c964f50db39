import { Global, Injectable, Module } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ClsPluginTransactional, TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import { EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import { DatabaseChanges } from './database-changes';

/**
 * The one way services reach the database. Inside a transaction (`transaction(work)`) every
 * query of every service called from `work` runs on that transaction's connection, found in
 * the async context; elsewhere on the pool. Nobody passes a manager around, so nobody can
 * forget it: with the embedded database's single connection, a query sent past a running
 * transaction would wait for it forever.
 */
@Injectable()
export class Database {
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
   * Runs `work` in a transaction, or inside the one already running: a service that needs
   * its writes to be atomic says so, and a caller's transaction takes them in.
   */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    return this.host.withTransaction(work);
  }

  /** Whether a transaction is running here (for code that must not be called inside one). */
  get inTransaction(): boolean {
    return this.host.isTransactionActive();
  }
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
