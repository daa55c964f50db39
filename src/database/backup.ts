import { spawn } from 'node:child_process';
import {
  copyFileSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';

/**
 * Backups of the database, for `npm run backup` and `npm run restore` (README.md,
 * "Backups"). The embedded database is copied by PGlite itself (a gzipped tar of its data
 * folder); a PostgreSQL server by pg_dump in its custom format.
 */
export type BackupKind = 'embedded' | 'server';

export class BackupError extends Error {}

/** `rfe-backup-2026-12-03T02-00-00Z.tar.gz`: sorts by time, and no colons (Windows, tar). */
export function backupFileName(kind: BackupKind, now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  return `rfe-backup-${stamp}${kind === 'embedded' ? '.tar.gz' : '.dump'}`;
}

/** What a backup file holds, told by its first bytes. */
export function backupKindOf(file: string): BackupKind | null {
  const head = readFileSync(file).subarray(0, 5);
  if (head[0] === 0x1f && head[1] === 0x8b) return 'embedded'; // gzip
  if (head.toString('latin1') === 'PGDMP') return 'server';
  return null;
}

/** Writes a dump under its final name only once it is complete. */
export async function writeDump(dump: () => Promise<Blob>, file: string): Promise<void> {
  const partial = `${file}.partial`;
  try {
    const blob = await dump();
    await pipeline(
      Readable.fromWeb(blob.stream() as ReadableStream<Uint8Array>),
      createWriteStream(partial),
    );
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
}

/** Moves a finished file, also to another disk (where rename cannot). */
export function moveFile(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    copyFileSync(from, `${to}.partial`);
    renameSync(`${to}.partial`, to);
    rmSync(from);
  }
}

// ---- the embedded database while the service runs --------------------------------------------
//
// Only the process that has the embedded database open can copy it consistently. The backup
// command leaves a request file in <DATA_DIR>/backups and sends the service SIGUSR2; the
// service writes the backup beside the request and removes the request.

const REQUESTED = '.requested';
const FAILED = '.failed';
const requestsDir = (dataDir: string) => join(dataDir, 'backups');

let serving: Promise<void> | null = null;
let again = false;

/** In the service, on SIGUSR2: answers every waiting request, one after the other. */
export function serveBackupRequests(
  dataDir: string,
  dump: () => Promise<Blob>,
  log: { info(message: string): void; error(message: string): void },
): Promise<void> {
  if (serving) {
    again = true;
    return serving;
  }
  serving = (async () => {
    do {
      again = false;
      const dir = requestsDir(dataDir);
      const requests = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(REQUESTED)) : [];
      for (const request of requests) {
        const target = join(dir, request.slice(0, -REQUESTED.length));
        try {
          await writeDump(dump, target);
          log.info(`Backup written: ${target}`);
        } catch (error) {
          writeFileSync(`${target}${FAILED}`, (error as Error).message);
          log.error(`Backup failed: ${(error as Error).message}`);
        } finally {
          rmSync(join(dir, request), { force: true });
        }
      }
    } while (again);
  })().finally(() => (serving = null));
  return serving;
}

/** In the backup command: has the running service (process `pid`) write `name`. */
export async function requestBackup(
  dataDir: string,
  pid: number,
  name: string,
  timeoutMs = 15 * 60_000,
): Promise<string> {
  const dir = requestsDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(`${file}${REQUESTED}`, '');
  try {
    process.kill(pid, 'SIGUSR2');
  } catch (error) {
    rmSync(`${file}${REQUESTED}`, { force: true });
    throw new BackupError(
      `The service (process ${pid}) could not be asked for a backup (${(error as NodeJS.ErrnoException).code}); run the backup as the user the service runs as.`,
    );
  }
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    if (existsSync(file)) return file;
    if (existsSync(`${file}${FAILED}`)) {
      const reason = readFileSync(`${file}${FAILED}`, 'utf8');
      rmSync(`${file}${FAILED}`);
      throw new BackupError(`The service could not write the backup: ${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  rmSync(`${file}${REQUESTED}`, { force: true });
  throw new BackupError(`The service (process ${pid}) did not write the backup in time.`);
}

// ---- a PostgreSQL server ----------------------------------------------------------------------

/**
 * Runs pg_dump or pg_restore on the database of `url`. The password goes through the
 * environment, not the command line, where every user of the machine could read it.
 */
export async function runPgTool(
  tool: 'pg_dump' | 'pg_restore',
  url: string,
  args: string[],
): Promise<void> {
  const target = new URL(url);
  const password = decodeURIComponent(target.password);
  target.password = '';
  const child = spawn(tool, [`--dbname=${target.toString()}`, ...args], {
    env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new BackupError(
              `${tool} is not installed. Install PostgreSQL's client programs (e.g. apt install postgresql-client), in a version at least that of the server.`,
            )
          : error,
      ),
    );
    child.once('exit', resolve);
  });
  if (code !== 0) throw new BackupError(`${tool} failed: ${errors.trim()}`);
}
