import { Extension, PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../config/app-config';

/** Where the pg driver finds a running embedded PostgreSQL. */
export interface EmbeddedPostgres {
  socketDir: string;
  port: number;
  stop(): Promise<void>;
}

const SOCKET_PORT = 5432;

// The package declares ESM-only types for its contrib extensions, but ships CommonJS too.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { btree_gist } = require('@electric-sql/pglite/contrib/btree_gist') as {
  btree_gist: Extension;
};

/**
 * Starts PGlite (PostgreSQL compiled to WebAssembly) on the data folder and serves it on a
 * private unix socket, so that the application talks to it through the same `pg` driver and
 * SQL as to a PostgreSQL server. PGlite has one session: callers must use a pool of one.
 */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  mkdirSync(dataDir, { recursive: true });
  const releaseLock = lockDataDir(dataDir);
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir, { extensions: { btree_gist } });
  } catch (error) {
    releaseLock();
    throw error;
  }
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
    await db.close();
    rmSync(socketDir, { recursive: true, force: true });
    releaseLock();
    throw error;
  }
  return {
    socketDir,
    port: SOCKET_PORT,
    async stop() {
      await server.stop();
      await db.close();
      rmSync(socketDir, { recursive: true, force: true });
      releaseLock();
    },
  };
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
function lockDataDir(dataDir: string): () => void {
  const file = `${dataDir.replace(/\/+$/, '')}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
        throw new ConfigError('DATA_DIR', `is in use by process ${owner}; stop it first`);
      }
      rmSync(file, { force: true });
    }
  }
  throw new ConfigError('DATA_DIR', `could not be locked (${file})`);
}
