import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config/app-config';
import { connectWithRetry, dataSourceOptions, openDatabase, runMigrations } from './data-source';

/**
 * `npm run migration:run`: applies pending migrations to the configured database and stops.
 * The service does the same on start; this is for applying them ahead of a deployment, or
 * to a database no instance has seen yet. It uses the same data source and advisory lock
 * as the service, so running it while instances start is safe.
 */
// A command-line tool talks to its operator on stdout; the service logs JSON instead.
const say = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config.database);
  try {
    const dataSource = await connectWithRetry(
      dataSourceOptions(database.connection),
      config.database.connectTimeoutSeconds,
      (error) => say(`Database not reachable yet, retrying: ${error.message}`),
    ).catch((error: Error) => {
      throw new ConfigError(
        config.database.kind === 'server' ? 'DATABASE_URL' : 'DATA_DIR',
        `could not be reached: ${error.message}`,
      );
    });
    try {
      const applied = await runMigrations(dataSource);
      if (applied.length === 0) say('Database schema is up to date.');
      else say(`Applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}`);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  // A wrong setting is one line naming it; anything else gets its whole story.
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
