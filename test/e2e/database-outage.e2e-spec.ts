import { Extension, PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { organizationInput, registerUser, TestUser } from '../support/factories';
import { Reply, startTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, serverUrl, TestDatabase } from '../support/test-database';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { btree_gist } = require('@electric-sql/pglite/contrib/btree_gist') as {
  btree_gist: Extension;
};

/** A database the test can take away from the service and give back. */
interface Outage {
  database: TestDatabase;
  /** Settings that point the service at it. */
  env: Record<string, string>;
  begin(): Promise<void>;
  end(): Promise<void>;
  close(): Promise<void>;
}

/**
 * On a PostgreSQL server: the service's own database stops taking connections and its
 * sessions are ended, as when an administrator or a failover cuts it off.
 */
async function serverOutage(url: string): Promise<Outage> {
  const database = await createTestDatabase();
  const name = new URL(database.env.DATABASE_URL).pathname.slice(1);
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    database,
    env: { ...database.env, DATABASE_POOL_SIZE: '3' },
    async begin() {
      await admin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      await admin(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`,
      );
    },
    end: () => admin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`),
    close: () => database.drop(),
  };
}

/**
 * The embedded engine (PGlite on a copy of the test template) is closed and opened again on
 * the same folder, behind a unix socket the service reaches with a pool of one, as in
 * embedded mode; the test holds the engine, so it can close it under the running service.
 */
async function embeddedOutage(): Promise<Outage> {
  const database = await createTestDatabase();
  const dataDir = join(database.env.DATA_DIR, 'postgres');
  const socketDir = mkdtempSync(join(tmpdir(), 'rfe-outage-'));
  let engine: { db: PGlite; server: PGLiteSocketServer } | undefined;
  const open = async () => {
    const db = await PGlite.create(dataDir, { extensions: { btree_gist } });
    const server = new PGLiteSocketServer({
      db,
      path: join(socketDir, '.s.PGSQL.5432'),
      maxConnections: 1,
    });
    await server.start();
    engine = { db, server };
  };
  const shut = async () => {
    await engine?.server.stop();
    await engine?.db.close();
    engine = undefined;
  };
  await open();
  return {
    database,
    env: {
      DATA_DIR: database.env.DATA_DIR,
      DATABASE_URL: `postgres://postgres@localhost:5432/postgres?host=${socketDir}`,
      DATABASE_POOL_SIZE: '1',
      // The socket server takes one connection: none is left for a LISTEN of its own.
      FEED_CHANGES_LISTEN: 'false',
    },
    begin: shut,
    end: open,
    async close() {
      await shut();
      rmSync(socketDir, { recursive: true, force: true });
      await database.drop();
    },
  };
}

const expectUnavailable = (reply: Reply) => {
  expect({ status: reply.status, type: reply.body?.type }).toEqual({
    status: 503,
    type: '/problems/service-unavailable',
  });
  expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(Number(reply.headers.get('retry-after'))).toBeGreaterThan(0);
};

/** Asks until `check` passes or `seconds` are over; the last answer is returned. */
async function eventually(seconds: number, ask: () => Promise<Reply>, ok: (r: Reply) => boolean) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const reply = await ask();
    if (ok(reply) || Date.now() > deadline) return reply;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a database outage', () => {
  let outage: Outage;
  let app: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    const url = serverUrl();
    outage = url ? await serverOutage(url) : await embeddedOutage();
    app = await startTestApp(outage.env, outage.database);
    user = await registerUser(app);
  });
  afterAll(async () => {
    await app?.close();
    await outage?.close();
  });

  it('is told as 503 with Retry-After, and the service answers again when it is over', async () => {
    expect((await app.get('/health/ready')).status).toBe(200);
    await outage.begin();
    try {
      const started = Date.now();
      expectUnavailable(await app.get('/health/ready'));
      expectUnavailable(await app.get('/api/rooms'));
      expectUnavailable(await app.get('/api/me', { token: user.token }));
      expectUnavailable(
        await app.post('/api/organizations', organizationInput(), { token: user.token }),
      );
      // Told at once, not after a hang: a client can go and try again.
      expect(Date.now() - started).toBeLessThan(4000);
      expect((await app.get('/health/live')).status).toBe(200);
    } finally {
      await outage.end();
    }

    const ready = await eventually(
      10,
      () => app.get('/health/ready'),
      (r) => r.status === 200,
    );
    expect(ready.status).toBe(200);
    expect((await app.get('/api/rooms')).status).toBe(200);
    expect((await app.get('/api/me', { token: user.token })).body.email).toBe(user.email);
    const created = await app.post('/api/organizations', organizationInput(), {
      token: user.token,
    });
    expect(created.status).toBe(201);
  });
});
