import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  dataSourceOptions,
  DatabaseConnection,
  openDatabase,
} from '../../src/database/data-source';
import {
  createBookableRoom,
  createStage,
  futureDay,
  requestSlot,
} from '../support/booking-factories';
import { openEmbedded } from '../../src/database/embedded-postgres';
import { startService } from '../support/service-process';
import { fingerprint, startTestApp, TEST_ENV } from '../support/test-app';
import { createTestDatabase, serverUrl, TestDatabase, TMP_ROOT } from '../support/test-database';

const ROOT = join(__dirname, '..', '..');
// Nothing runs on its own while the copies are compared.
const QUIET = { MAIL_INTERVAL_SECONDS: '0', JOB_INTERVAL_SECONDS: '0' };

/** `npm run backup` / `npm run restore`, as the operator runs them (the built commands). */
function run(command: 'backup' | 'restore', args: string[], env: Record<string, string>) {
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'dist', 'src', 'database', `${command}.cli.js`), ...args],
    { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env } },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.trim() };
}

/** Every table of a database, the migrations included, as fingerprints. */
async function everyTable(connection: DatabaseConnection): Promise<Record<string, string>> {
  const dataSource = await new DataSource(dataSourceOptions(connection)).initialize();
  try {
    return await fingerprint(dataSource, { withMigrations: true });
  } finally {
    await dataSource.destroy();
  }
}

async function everyEmbeddedTable(dataDir: string): Promise<Record<string, string>> {
  const database = await openDatabase({
    kind: 'embedded',
    dataDir: join(dataDir, 'postgres'),
    connectTimeoutSeconds: 5,
  });
  try {
    return await everyTable(database.connection);
  } finally {
    await database.close();
  }
}

async function onServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('backup and restore', () => {
  let database: TestDatabase;
  let folder: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    folder = mkdtempSync(join(TMP_ROOT, 'backups-'));
    // Something in most tables: accounts, organisations, a venue, rooms, bookings, mails.
    const app = await startTestApp(QUIET, database);
    try {
      const stage = await createStage(app);
      const room = await createBookableRoom(app, stage);
      await requestSlot(app, stage, room.id, futureDay(3), '18:00', '20:00');
      await requestSlot(app, stage, room.id, futureDay(4), '10:00', '12:00');
    } finally {
      await app.close();
    }
  });
  afterAll(async () => {
    await database.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  const backupWhileServiceRuns = async () => {
    const service = await startService({ ...TEST_ENV, ...database.env, ...QUIET });
    try {
      const backup = run('backup', [folder], database.env);
      expect(backup).toMatchObject({ code: 0, stderr: '' });
      const file = /^Backup written: (.+) \(/m.exec(backup.stdout)![1];
      expect(basename(file)).toMatch(
        /^rfe-backup-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.(tar\.gz|dump)$/,
      );
      return { file, output: backup.stdout, pid: service.child.pid };
    } finally {
      expect(await service.stop()).toBe(0);
    }
  };

  if (!serverUrl()) {
    it('copies the embedded database while the service runs; restored, every table is equal', async () => {
      const { file, output, pid } = await backupWhileServiceRuns();
      expect(output).toContain(`The service (process ${pid}) has the database open`);

      const fresh = mkdtempSync(join(TMP_ROOT, 'restored-'));
      try {
        const restore = run('restore', [file], { DATA_DIR: fresh });
        expect(restore).toMatchObject({ code: 0, stderr: '' });
        const original = await everyEmbeddedTable(database.env.DATA_DIR);
        expect(original.bookings).toMatch(/^2:/);
        expect(await everyEmbeddedTable(fresh)).toEqual(original);
      } finally {
        rmSync(fresh, { recursive: true, force: true });
      }
    });

    it('copies a stopped one too, and restores only into an empty data folder', () => {
      const backup = run('backup', [folder], database.env);
      expect(backup.code).toBe(0);
      expect(backup.stdout).not.toContain('has the database open');
      const file = /^Backup written: (.+) \(/m.exec(backup.stdout)![1];

      const before = readdirSync(join(database.env.DATA_DIR, 'postgres')).sort();
      const refused = run('restore', [file], database.env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toBe(
        `${join(database.env.DATA_DIR, 'postgres')} is not empty. A backup is restored only into an empty data folder: move the old one away (or set DATA_DIR to a new folder) and try again.`,
      );
      expect(readdirSync(join(database.env.DATA_DIR, 'postgres')).sort()).toEqual(before);
    });

    it('never signals a process that is not the service: it names the one holding the database', async () => {
      const dataDir = join(database.env.DATA_DIR, 'postgres');
      // This test's own process holds the lock, as a seed or a restore would.
      const { release } = await openEmbedded(dataDir);
      try {
        const refused = run('backup', [folder], database.env);
        expect(refused).toMatchObject({ code: 1, stdout: '' });
        expect(refused.stderr).toBe(
          `Process ${process.pid} has the database in ${dataDir} open and cannot write a backup (it is not the service); wait until it ends and try again.`,
        );
      } finally {
        await release();
      }
    });
  } else {
    it('dumps the server database with pg_dump; restored into an empty one, every table is equal', async () => {
      const { file } = await backupWhileServiceRuns();
      const name = `rfe_test_restored_${process.pid}`;
      const url = new URL(serverUrl()!);
      url.pathname = `/${name}`;
      await onServer((client) => client.query(`CREATE DATABASE ${name}`));
      try {
        const restore = run('restore', [file], { DATABASE_URL: url.toString() });
        expect(restore).toMatchObject({ code: 0, stderr: '' });
        const original = await everyTable({ url: database.env.DATABASE_URL, poolSize: 1 });
        expect(original.bookings).toMatch(/^2:/);
        expect(await everyTable({ url: url.toString(), poolSize: 1 })).toEqual(original);

        // A database with tables is not overwritten.
        const refused = run('restore', [file], { DATABASE_URL: url.toString() });
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(/^The database of DATABASE_URL has \d+ tables\./);
      } finally {
        await onServer((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      }
    });
  }

  it('refuses a file that is not a backup, and one of the other kind of database', () => {
    const notBackup = run('restore', [join(ROOT, 'package.json')], database.env);
    expect(notBackup).toMatchObject({ code: 1 });
    expect(notBackup.stderr).toContain('is not a backup made by npm run backup');

    const backup = run('backup', [folder], database.env);
    const file = /^Backup written: (.+) \(/m.exec(backup.stdout)![1];
    const fresh = mkdtempSync(join(TMP_ROOT, 'other-kind-'));
    const otherKind: Record<string, string> = serverUrl()
      ? { DATA_DIR: fresh }
      : { DATA_DIR: fresh, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };
    const refused = run('restore', [file], otherKind);
    rmSync(fresh, { recursive: true, force: true });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      serverUrl()
        ? `${file} is a backup of a PostgreSQL server; set DATABASE_URL to an empty database to restore it.`
        : `${file} is a backup of the embedded database; unset DATABASE_URL to restore it.`,
    );
  });
});
