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
export const TMP_ROOT = resolve(__dirname, '..', '..', 'tmp', 'test');
const TEMPLATE_DIR = join(TMP_ROOT, 'template-pgdata');
const TEMPLATE_DB = 'rfe_test_template';

export const serverUrl = (): string | undefined => process.env.DATABASE_URL || undefined;

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Runs once before all test files: builds the migrated template. */
export async function prepareTemplate(): Promise<void> {
  const url = serverUrl();
  if (url) {
    await admin(url, async (client) => {
      const stale = await client.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE 'rfe_test_%'`,
      );
      for (const { datname } of stale.rows) {
        await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
      await client.query(`CREATE DATABASE ${TEMPLATE_DB}`);
    });
    const dataSource = await new DataSource(
      dataSourceOptions({ url: withDatabase(url, TEMPLATE_DB), poolSize: 2 }),
    ).initialize();
    await runMigrations(dataSource);
    await dataSource.destroy();
    return;
  }
  rmSync(TMP_ROOT, { recursive: true, force: true });
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

export async function dropTemplate(): Promise<void> {
  const url = serverUrl();
  if (url) {
    await admin(url, (client) =>
      client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`),
    );
  }
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
    const name = `rfe_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
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
