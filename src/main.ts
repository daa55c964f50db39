import 'reflect-metadata';
import { createServer } from 'node:net';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { serveBackupRequests } from './database/backup';

const portInUse = (config: AppConfig) =>
  new ConfigError(
    'PORT',
    `${config.port} is in use by another program; stop it or choose another PORT`,
  );

/** Fails before the database is opened, so that a taken port costs no start-up time. */
function checkPortFree(config: AppConfig): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? portInUse(config) : error),
    );
    probe.listen({ port: config.port, host: config.host, exclusive: true }, () =>
      probe.close(() => resolve()),
    );
  });
}

async function main(): Promise<void> {
  const config = loadConfig();
  await checkPortFree(config);
  // Loaded only now: a wrong setting or a taken port is reported before the whole service
  // (Nest, TypeORM, PGlite) has been loaded.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createApp } = require('./app.factory') as typeof import('./app.factory');
  const running = await createApp(config);
  const { app, logger } = running;
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    // Taken in the moment since the check: let go of the database (and its lock) first.
    await running.close();
    throw (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? portInUse(config) : error;
  }
  logger.info(
    { port: config.port, database: config.database.kind },
    `Raum für Engagement is ready. Web interface: ${config.publicUrl}/ · API documentation: ${config.publicUrl}/api/docs`,
  );
  const dump = running.dumpDatabase;
  if (dump) {
    // `npm run backup` asks through a signal: only this process can copy its database.
    process.on('SIGUSR2', () => void serveBackupRequests(config.dataDir, dump, logger));
    if (config.database.kind === 'embedded') {
      /* eslint-disable @typescript-eslint/no-require-imports -- loaded with the service, as above */
      const embedded =
        require('./database/embedded-postgres') as typeof import('./database/embedded-postgres');
      /* eslint-enable @typescript-eslint/no-require-imports */
      embedded.announceBackupServer(config.database.dataDir);
    }
  }
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info(`${signal} received, shutting down`);
      running.close().then(
        () => process.exit(0),
        (error: Error) => {
          logger.error(error, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  // One clear line for a configuration problem; the full story for anything else.
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
