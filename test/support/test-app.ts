import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createApp, RunningApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { createTestDatabase, TestDatabase } from './test-database';

export interface Reply<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
  /** Sent as is instead of JSON. */
  raw?: string;
}

/** Speaks JSON to a running service at one address. */
export interface HttpClient {
  url: string;
  request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    options?: RequestOptions,
  ): Promise<Reply<T>>;
  get<T = any>(path: string, options?: RequestOptions): Promise<Reply<T>>;
  post<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<Reply<T>>;
  patch<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<Reply<T>>;
  put<T = any>(path: string, body?: unknown, options?: RequestOptions): Promise<Reply<T>>;
  delete<T = any>(path: string, options?: RequestOptions): Promise<Reply<T>>;
}

/** A running service on a real HTTP port with its own database. */
export interface TestApp extends HttpClient {
  db: DataSource;
  running: RunningApp;
  close(): Promise<void>;
}

/** A client for the service at `url` (this process's or another's, e.g. `startService`). */
export function httpClient(url: string): HttpClient {
  const request = async (
    method: string,
    path: string,
    body?: unknown,
    options: RequestOptions = {},
  ): Promise<Reply> => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let payload: string | undefined = options.raw;
    if (payload === undefined && body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(url + path, { method, headers, body: payload });
    const text = await response.text();
    const type = response.headers.get('content-type') ?? '';
    const parsed = type.includes('json') && text ? JSON.parse(text) : text;
    return { status: response.status, headers: response.headers, body: parsed, text };
  };
  return {
    url,
    request,
    get: (path, options) => request('GET', path, undefined, options),
    post: (path, body, options) => request('POST', path, body, options),
    patch: (path, body, options) => request('PATCH', path, body, options),
    put: (path, body, options) => request('PUT', path, body, options),
    delete: (path, options) => request('DELETE', path, undefined, options),
  };
}

export const TEST_ENV = {
  LOG_LEVEL: 'warn',
  JWT_SECRET: 'test-secret-that-is-long-enough-for-hs256-0123456789',
  AUTH_RATE_LIMIT_PER_MINUTE: '10000',
  ADMIN_EMAIL: 'admin@example.org',
  ADMIN_PASSWORD: 'admin-password-1',
  // The mail job changes outbox rows in the background, under any test that checks that a
  // refused request changed nothing; a test that wants mails sent sets its own interval.
  MAIL_INTERVAL_SECONDS: '0',
};

/** Starts the service as `main.ts` does, on 127.0.0.1 with a free port. */
export async function startTestApp(
  env: Record<string, string> = {},
  database?: TestDatabase,
): Promise<TestApp> {
  const db = database ?? (await createTestDatabase());
  const config = loadConfig({ ...TEST_ENV, ...db.env, ...env, HOST: '127.0.0.1', PORT: '0' });
  const running = await createApp(config);
  await running.app.listen({ port: 0, host: '127.0.0.1' });
  const address = running.app.getHttpServer().address() as AddressInfo;
  return {
    ...httpClient(`http://127.0.0.1:${address.port}`),
    db: running.app.get(DataSource),
    running,
    async close() {
      await running.close();
      if (!database) await db.drop();
    },
  };
}

/** The query behind `fingerprint`, per database and choice: tables do not change during a test. */
const fingerprintQueries = new WeakMap<DataSource, Map<boolean, Promise<string>>>();

async function fingerprintQuery(db: DataSource, withMigrations: boolean): Promise<string> {
  const tables = await db.query<{ tablename: string }[]>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND ($1 OR tablename <> 'migrations') ORDER BY 1`,
    [withMigrations],
  );
  return tables
    .map(
      ({ tablename }) =>
        `SELECT '${tablename}' AS table, count(*)::text AS rows,
                md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest
           FROM "${tablename}" t`,
    )
    .join(' UNION ALL ');
}

/**
 * A fingerprint of every table's whole content: equal fingerprints before and after a request
 * show that the request changed nothing. One query, so that the fuzz can take many.
 * `withMigrations` adds the migrations table (a copy of a database must match it too).
 */
export async function fingerprint(
  db: DataSource,
  { withMigrations = false } = {},
): Promise<Record<string, string>> {
  let queries = fingerprintQueries.get(db);
  if (!queries) fingerprintQueries.set(db, (queries = new Map()));
  if (!queries.has(withMigrations))
    queries.set(withMigrations, fingerprintQuery(db, withMigrations));
  const rows = await db.query<{ table: string; rows: string; digest: string }[]>(
    await queries.get(withMigrations)!,
  );
  const result: Record<string, string> = {};
  for (const row of rows) result[row.table] = `${row.rows}:${row.digest}`;
  return result;
}

/** Runs `act` and asserts that no table changed. Returns what `act` returned. */
export async function expectUnchanged<T>(db: DataSource, act: () => Promise<T>): Promise<T> {
  const before = await fingerprint(db);
  const result = await act();
  expect(await fingerprint(db)).toEqual(before);
  return result;
}
