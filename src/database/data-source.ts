import { join } from 'node:path';
import { DataSource, DataSourceOptions, MigrationExecutor } from 'typeorm';
import { DatabaseConfig } from '../config/app-config';
import { startEmbeddedPostgres } from './embedded-postgres';
import { PipelinedClient } from './pipelined-client';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** How to reach the database: a server URL, or the embedded database's socket. */
export type DatabaseConnection =
  { url: string; poolSize: number } | { socketDir: string; port: number; poolSize: 1 };

/** The opened database: where it is, and how to let go of it when the service stops. */
export interface OpenedDatabase {
  connection: DatabaseConnection;
  embedded: boolean;
  /** The embedded database only: a consistent copy (see `npm run backup`). */
  dump?: () => Promise<Blob>;
  close(): Promise<void>;
}

/** Starts the embedded database if no server is configured. */
export async function openDatabase(config: DatabaseConfig): Promise<OpenedDatabase> {
  if (config.kind === 'server') {
    return {
      connection: { url: config.url, poolSize: config.poolSize },
      embedded: false,
      close: () => Promise.resolve(),
    };
  }
  const embedded = await startEmbeddedPostgres(config.dataDir);
  return {
    connection: { socketDir: embedded.socketDir, port: embedded.port, poolSize: 1 },
    embedded: true,
    dump: () => embedded.dump(),
    close: () => embedded.stop(),
  };
}

const root = join(__dirname, '..', '..');

/** The one data source definition, shared by the application, the CLI scripts and the tests. */
export function dataSourceOptions(connection: DatabaseConnection): DataSourceOptions {
  const target =
    'url' in connection
      ? { url: connection.url }
      : {
          host: connection.socketDir,
          port: connection.port,
          username: 'postgres',
          database: 'postgres',
        };
  return {
    type: 'postgres',
    ...target,
    entities: [join(root, 'src', '**', '*.entity.{ts,js}')],
    migrations: [join(root, 'migrations', '*.{ts,js}')],
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    // Failed queries surface as errors through the problem filter; TypeORM's own log would
    // print their parameters, which can hold personal data.
    logging: false,
    extra: {
      max: connection.poolSize,
      // Every session speaks UTC; local times are computed with Luxon in the room's zone.
      options: '-c TimeZone=UTC',
      // A server's connections pipeline the queries a transaction starts together.
      ...('url' in connection ? { Client: PipelinedClient } : {}),
    },
  };
}

const MIGRATION_LOCK = 727_145_001;

/**
 * Applies pending migrations under a session advisory lock, so that several instances
 * starting at once take turns; the lock and the migrations share one connection.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    const applied = await executor.executePendingMigrations();
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

/** Connects, retrying for a bounded time so that a database that starts a little later is waited for. */
export async function connectWithRetry(
  options: DataSourceOptions,
  timeoutSeconds: number,
  onRetry: (error: Error) => void = () => undefined,
): Promise<DataSource> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  let delay = 250;
  for (;;) {
    const dataSource = new DataSource(options);
    try {
      return await dataSource.initialize();
    } catch (error) {
      if (dataSource.isInitialized) await dataSource.destroy().catch(() => undefined);
      if (Date.now() + delay > deadline) throw error;
      onRetry(error as Error);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 5000);
    }
  }
}
