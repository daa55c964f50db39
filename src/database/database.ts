import { Global, Injectable, Module } from '@nestjs/common';
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
