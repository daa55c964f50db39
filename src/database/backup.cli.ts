import 'reflect-metadata';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from '../config/app-config';
import {
  BackupError,
  backupFileName,
  moveFile,
  requestBackup,
  runPgTool,
  writeDump,
} from './backup';
import { lockHolder, openEmbedded } from './embedded-postgres';

const USAGE = `Usage: npm run backup [-- <folder>]

Writes a backup of the configured database into <folder> (default: ./backups), in a file
named by the time, e.g. rfe-backup-2026-12-03T02-00-00Z.tar.gz.

  embedded database (no DATABASE_URL): a copy of DATA_DIR/postgres, also while the
    service runs (the service writes it); restore it with npm run restore <file>
  PostgreSQL server (DATABASE_URL): pg_dump in its custom format (.dump); needs pg_dump`;

// A command-line tool talks to its operator on stdout; the service logs JSON instead.
const say = (line: string): void => void process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.some((arg) => arg === '--help' || arg === '-h') || args.length > 1) {
    say(USAGE);
    process.exitCode = args.length > 1 ? 1 : 0;
    return;
  }
  const config = loadConfig();
  const folder = resolve(args[0] ?? 'backups');
  mkdirSync(folder, { recursive: true });
  const name = backupFileName(config.database.kind);
  const target = join(folder, name);

  if (config.database.kind === 'server') {
    try {
      await runPgTool('pg_dump', config.database.url, [
        '--format=custom',
        `--file=${target}.partial`,
      ]);
      renameSync(`${target}.partial`, target);
    } finally {
      rmSync(`${target}.partial`, { force: true });
    }
  } else {
    const dataDir = config.database.dataDir;
    if (!existsSync(join(dataDir, 'PG_VERSION'))) {
      throw new BackupError(`There is no embedded database in ${dataDir} to back up.`);
    }
    const holder = lockHolder(dataDir);
    if (holder?.servesBackups) {
      say(`The service (process ${holder.pid}) has the database open; it writes the backup.`);
      moveFile(await requestBackup(config.dataDir, holder.pid, name), target);
    } else if (holder) {
      throw new BackupError(
        `Process ${holder.pid} has the database in ${dataDir} open and cannot write a backup (it is not the service); wait until it ends and try again.`,
      );
    } else {
      const { db, release } = await openEmbedded(dataDir);
      try {
        await writeDump(() => db.dumpDataDir('gzip'), target);
      } finally {
        await release();
      }
    }
  }
  const megabytes = (statSync(target).size / 2 ** 20).toFixed(1);
  say(`Backup written: ${target} (${megabytes} MB)`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof BackupError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
