import { Extension, PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../config/app-config';

/** Where the pg driver finds a running embedded PostgreSQL. */
export interface EmbeddedPostgres {
  socketDir: string;
  port: number;
  /** A consistent copy of the data folder as a gzipped tar (PGlite's dumpDataDir). */
  dump(): Promise<Blob>;
  stop(): Promise<void>;
}

const SOCKET_PORT = 5432;

// The package declares ESM-only types for its contrib extensions, but ships CommonJS too.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { btree_gist } = require('@electric-sql/pglite/contrib/btree_gist') as {
  btree_gist: Extension;
};

/**
 * PostgreSQL's defaults assume a server of its own (128 MB of shared buffers). Embedded, it
 * shares a small machine with the service, and memory WebAssembly has touched is never given
 * back: every buffer and sort area that was used once stays resident. A city agency's
 * database is small enough that 16 MB of buffers hold what is read often (the files stay in
 * the operating system's cache besides); measured in README.md, "Memory".
 */
const START_PARAMS = [
  ...PGlite.defaultStartParams,
  ...['shared_buffers=16MB', 'maintenance_work_mem=16MB', 'work_mem=2MB'].flatMap((setting) => [
    '-c',
    setting,
  ]),
];

/**
 * Starts PGlite (PostgreSQL compiled to WebAssembly) on the data folder and serves it on a
 * private unix socket, so that the application talks to it through the same `pg` driver and
 * SQL as to a PostgreSQL server. PGlite has one session: callers must use a pool of one.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const { db, release } = await openEmbedded(dataDir);
  // The socket lives in a fresh private temp folder: a data folder's path may be too long for
  // a unix socket, and nobody else on the machine should reach the database.
  const socketDir = mkdtempSync(join(tmpdir(), 'rfe-pg-'));
  const server = new PGLiteSocketServer({
    db,
    path: join(socketDir, `.s.PGSQL.${SOCKET_PORT}`),
    maxConnections: 1,
  });
  try {
    await server.start();
  } catch (error) {
    rmSync(socketDir, { recursive: true, force: true });
    await release();
    throw error;
  }
  return {
    socketDir,
    port: SOCKET_PORT,
    // PGlite runs it between two statements, never inside one: what it copies is what a
    // crash at that moment would leave, which PostgreSQL recovers from on the next start.
    dump: () => db.dumpDataDir('gzip'),
    async stop() {
      await server.stop();
      rmSync(socketDir, { recursive: true, force: true });
      await release();
    },
  };
}

/** The embedded database opened by this process alone; `release` closes and unlocks it. */
export interface OpenEmbedded {
  db: PGlite;
  release: () => Promise<void>;
}

/**
 * Opens the data folder for this process alone (the lock below), creating it if it is new,
 * or — with `load` — filling a new one from a dump.
 */
export async function openEmbedded(dataDir: string, load?: Blob): Promise<OpenEmbedded> {
  mkdirSync(dataDir, { recursive: true });
  const releaseLock = lockDataDir(dataDir);
  try {
    if (!load && !existsSync(join(dataDir, 'PG_VERSION'))) await createDataDir(dataDir);
    const db = await PGlite.create(dataDir, {
      extensions: { btree_gist },
      startParams: START_PARAMS,
      loadDataDir: load,
    });
    return {
      db,
      release: async () => {
        try {
          await db.close();
        } finally {
          releaseLock();
        }
      },
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/**
 * A new data folder is made by initdb in a process of its own: PGlite runs it in two extra
 * WebAssembly instances that need some 800 MB for a moment, and a process that has held that
 * much keeps a good part of it. Ended, the helper gives it all back.
 */
async function createDataDir(dataDir: string): Promise<void> {
  const script = `
    const { PGlite } = require(process.argv[1]);
    PGlite.create(process.argv[2], { startParams: JSON.parse(process.argv[3]) })
      .then((db) => db.close())
      .catch((error) => { console.error(error); process.exit(1); });`;
  const pglite = require.resolve('@electric-sql/pglite');
  const child = spawn(
    process.execPath,
    ['-e', script, pglite, dataDir, JSON.stringify(START_PARAMS)],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0 || !existsSync(join(dataDir, 'PG_VERSION'))) {
    throw new Error(`creating the embedded database in ${dataDir} failed: ${errors.trim()}`);
  }
}

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * PGlite is one process's database: a second process on the same folder (a seed or a second
 * service started by mistake) would silently lose what either writes. A lock file with the
 * owner's process id refuses that; a lock left by a crashed process is taken over.
 */
const lockFile = (dataDir: string) => `${dataDir.replace(/\/+$/, '')}.lock`;

/** The process that has the data folder open, if one does, and whether it writes backups. */
export function lockHolder(dataDir: string): { pid: number; servesBackups: boolean } | null {
  try {
    const [pid, role] = readFileSync(lockFile(dataDir), 'utf8').trim().split(' ');
    const owner = Number(pid);
    if (!Number.isInteger(owner) || owner <= 0 || !isRunning(owner)) return null;
    return { pid: owner, servesBackups: role === BACKUP_SERVER };
  } catch {
    return null;
  }
}

const BACKUP_SERVER = 'serves-backups';

/**
 * Said by the running service once it answers backup requests (SIGUSR2): `npm run backup`
 * signals only such a process. Any other holder of the lock (a seed, a test, a restore) would
 * be ended by the signal, not asked.
 */
export function announceBackupServer(dataDir: string): void {
  writeFileSync(lockFile(dataDir), `${process.pid} ${BACKUP_SERVER}`);
}

function lockDataDir(dataDir: string): () => void {
  const file = lockFile(dataDir);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(file, 'utf8').trim().split(' ')[0]);
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
        throw new ConfigError('DATA_DIR', `is in use by process ${owner}; stop it first`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new ConfigError('DATA_DIR', `could not be locked (${file})`);
}
