import 'reflect-metadata';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { ConfigError, loadConfig } from '../config/app-config';
import { BackupError, backupKindOf, runPgTool } from './backup';
import { OpenEmbedded, openEmbedded } from './embedded-postgres';

const USAGE = `Usage: npm run restore <file>

Restores a backup made by npm run backup into the configured database, which must be empty:
  a .tar.gz (embedded database) into DATA_DIR/postgres, which must not exist or be empty;
  a .dump (PostgreSQL server) into the database of DATABASE_URL, which must have no tables.
Stop the service first. It applies newer migrations when it starts.`;

const say = (line: string): void => void process.stdout.write(`${line}\n`);

async function restoreEmbedded(file: string, dataDir: string): Promise<string> {
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new BackupError(
      `${dataDir} is not empty. A backup is restored only into an empty data folder: move the old one away (or set DATA_DIR to a new folder) and try again.`,
    );
  }
  const dump = new Blob([readFileSync(file)], { type: 'application/gzip' });
  let restored: OpenEmbedded;
  try {
    restored = await openEmbedded(dataDir, dump);
  } catch (error) {
    // Half a database is worse than none: the folder was empty, so it is emptied again.
    if (!(error instanceof ConfigError)) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  try {
    const { rows } = await restored.db.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM migrations',
    );
    return `${rows[0].count} migrations applied`;
  } finally {
    await restored.release();
  }
}

async function restoreServer(file: string, url: string): Promise<string> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM pg_tables
        WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
    );
    if (rows[0].count > 0) {
      throw new BackupError(
        `The database of DATABASE_URL has ${rows[0].count} tables. A backup is restored only into an empty database: create a new one (createdb) and point DATABASE_URL at it.`,
      );
    }
  } finally {
    await client.end();
  }
  await runPgTool('pg_restore', url, ['--no-owner', '--exit-on-error', file]);
  return 'restored with pg_restore';
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0] === '--help' || args[0] === '-h') {
    say(USAGE);
    process.exitCode = args.length === 1 ? 0 : 1;
    return;
  }
  const file = resolve(args[0]);
  if (!existsSync(file)) throw new BackupError(`${file} does not exist.`);
  const config = loadConfig();
  const kind = backupKindOf(file);
  if (!kind) throw new BackupError(`${file} is not a backup made by npm run backup.`);
  if (kind !== config.database.kind) {
    throw new BackupError(
      kind === 'embedded'
        ? `${file} is a backup of the embedded database; unset DATABASE_URL to restore it.`
        : `${file} is a backup of a PostgreSQL server; set DATABASE_URL to an empty database to restore it.`,
    );
  }
  const outcome =
    config.database.kind === 'embedded'
      ? await restoreEmbedded(file, config.database.dataDir)
      : await restoreServer(file, config.database.url);
  say(`Restored ${file} (${outcome}). Start the service.`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof BackupError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
