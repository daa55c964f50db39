import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config';
import { createApp } from './app.factory';

async function main(): Promise<void> {
  const config = loadConfig();
  const running = await createApp(config);
  const { app, logger } = running;
  await app.listen({ port: config.port, host: config.host });
  logger.info(
    { port: config.port, database: config.database.kind },
    `Raum für Engagement listens on ${config.publicUrl}`,
  );
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
