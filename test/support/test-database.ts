import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, openDatabase, runMigrations } from '../../src/database/data-source';

/**
 * Each test file gets a database of its own, cloned from a migrated template made once per
 * run: a PostgreSQL database (`CREATE DATABASE … TEMPLATE`) when DATABASE_URL is set, or a
 * copy of an embedded PGlite data folder otherwise.
 */
// One run's databases and folders carry its id, so that runs side by side never meet.
const RUN =
  (process.env.RFE_TEST_RUN ??= `${process.pid}${Math.random().toString(36).slice(2, 6)}`);
export const TMP_ROOT = resolve(__dirname, '..', '..', 'tmp', 'test', RUN);
const TEMPLATE_DIR = join(TMP_ROOT, 'template-pgdata');
const TEMPLATE_DB = `rfe_test_${RUN}_template`;

export const serverUrl = (): string | undefined => process.env.DATABASE_URL || undefined;

/**
 * A PostgreSQL server for the tests that need one on the embedded pass too (several service
 * processes on one database): DATABASE_URL, else DATABASE_SERVER_URL, else the local server
 * CI always runs. The global setup sets it when that server answers; unset, such tests are
 * reported as skipped.
 */
export const sharedServerUrl = (): string | undefined =>
  process.env.RFE_TEST_SHARED_SERVER || undefined;

const SHARED_CANDIDATE = () =>
  serverUrl() ?? process.env.DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs once before all test files: is there a server for the tests that need one? */
export async function findSharedServer(): Promise<void> {
  const url = SHARED_CANDIDATE();
  const answers = await admin(url, (client) => client.query('SELECT 1')).then(
    () => true,
    () => false,
  );
  if (answers) process.env.RFE_TEST_SHARED_SERVER = url;
  else delete process.env.RFE_TEST_SHARED_SERVER;
}

/** Runs once before all test files: builds the migrated template. */
export async function prepareTemplate(): Promise<void> {
  const url = serverUrl();
  if (url) {
    mkdirSync(TMP_ROOT, { recursive: true });
    await admin(url, (client) => client.query(`CREATE DATABASE ${TEMPLATE_DB}`));
    const dataSource = await new DataSource(
      dataSourceOptions({ url: withDatabase(url, TEMPLATE_DB), poolSize: 2 }),
    ).initialize();
    await runMigrations(dataSource);
    await dataSource.destroy();
    return;
  }
  mkdirSync(TMP_ROOT, { recursive: true });
  const database = await openDatabase({
    kind: 'embedded',
    dataDir: TEMPLATE_DIR,
    connectTimeoutSeconds: 5,
  });
  const dataSource = await new DataSource(dataSourceOptions(database.connection)).initialize();
  await runMigrations(dataSource);
  await dataSource.destroy();
  await database.close();
}

/** Runs once after all test files: drops whatever this run created. */
export async function dropRun(): Promise<void> {
  for (const url of new Set([serverUrl(), sharedServerUrl()])) {
    if (!url) continue;
    await admin(url, async (client) => {
      const mine = await client.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE $1`,
        [`rfe_test_${RUN}_%`],
      );
      for (const { datname } of mine.rows) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    });
  }
  rmSync(TMP_ROOT, { recursive: true, force: true });
}

/** The environment that points a service at a fresh copy of the template. */
export interface TestDatabase {
  env: Record<string, string>;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const url = serverUrl();
  const dataDir = mkdtempSync(join(TMP_ROOT, 'app-'));
  if (url) {
    const name = `rfe_test_${RUN}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    await admin(url, (client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`));
    return {
      env: { DATABASE_URL: withDatabase(url, name), DATA_DIR: dataDir },
      drop: async () => {
        await admin(url, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  cpSync(TEMPLATE_DIR, join(dataDir, 'postgres'), { recursive: true });
  return {
    env: { DATA_DIR: dataDir },
    drop: () => Promise.resolve(rmSync(dataDir, { recursive: true, force: true })),
  };
}

/**
 * A database on the shared server (see `sharedServerUrl`), also on the embedded pass: a copy
 * of the template on the server pass, an empty one otherwise (the service migrates it on
 * start, as a new installation would).
 */
export async function createSharedServerDatabase(): Promise<TestDatabase> {
  const url = sharedServerUrl();
  if (!url) throw new Error('No PostgreSQL server for this test (see sharedServerUrl)');
  if (serverUrl()) return createTestDatabase();
  const dataDir = mkdtempSync(join(TMP_ROOT, 'shared-'));
  const name = `rfe_test_${RUN}_shared_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  await admin(url, (client) => client.query(`CREATE DATABASE ${name}`));
  return {
    env: { DATABASE_URL: withDatabase(url, name), DATA_DIR: dataDir },
    drop: async () => {
      await admin(url, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
