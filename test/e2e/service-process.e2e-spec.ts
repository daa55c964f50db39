import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { runService, startService } from '../support/service-process';
import { TEST_ENV } from '../support/test-app';

const json = (token?: string) => ({
  'content-type': 'application/json',
  ...(token ? { authorization: `Bearer ${token}` } : {}),
});

describe('the service as a process', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('keeps what was created across a restart', async () => {
    const env = { ...TEST_ENV, ...database.env, LOG_LEVEL: 'info' };
    const first = await startService(env);
    const login = await fetch(`${first.url}/api/auth/login`, {
      method: 'POST',
      headers: json(),
      body: JSON.stringify({ email: TEST_ENV.ADMIN_EMAIL, password: TEST_ENV.ADMIN_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const created = await fetch(`${first.url}/api/organizations`, {
      method: 'POST',
      headers: json(accessToken),
      body: JSON.stringify({
        name: 'Bleibt bestehen',
        kind: 'association',
        languages: ['de'],
        fields: [],
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const post = async (path: string, body: unknown) => {
      const reply = await fetch(`${first.url}${path}`, {
        method: 'POST',
        headers: json(accessToken),
        body: JSON.stringify(body),
      });
      expect(reply.status).toBe(201);
      return (await reply.json()) as { id: string };
    };
    const venue = await post('/api/venues', {
      organizationId: id,
      name: 'Bürgerhaus Bleibend',
      address: { street: 'Hauptstraße 1', postalCode: '69117', city: 'Heidelberg' },
      district: 'Altstadt',
    });
    const room = await post('/api/rooms', { venueId: venue.id, name: 'Saal', capacity: 40 });
    // Verified, so that the public sees the room after the restart.
    const verified = await fetch(`${first.url}/api/organizations/${id}/verify`, {
      method: 'POST',
      headers: json(accessToken),
      body: JSON.stringify({ verified: true }),
    });
    expect(verified.status).toBe(200);
    expect(await first.stop()).toBe(0);

    const second = await startService(env);
    try {
      const again = await fetch(`${second.url}/api/organizations/${id}`);
      expect(again.status).toBe(200);
      expect(((await again.json()) as { name: string }).name).toBe('Bleibt bestehen');
      const roomAgain = await fetch(`${second.url}/api/rooms/${room.id}`);
      expect(roomAgain.status).toBe(200);
      expect(await roomAgain.json()).toMatchObject({ name: 'Saal', capacity: 40 });
      // The log is JSON lines and never carries the password that was sent.
      expect(first.output()).not.toContain(TEST_ENV.ADMIN_PASSWORD);
      const lines = first.output().trim().split('\n');
      const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
      const loginLog = entries.find(
        (entry) => (entry.req as { path?: string } | undefined)?.path === '/api/auth/login',
      );
      expect(loginLog).toMatchObject({ reqId: expect.any(String), req: { method: 'POST' } });
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });

  it('refuses a second process on the same embedded data folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'rfe-lock-'));
    const first = await startService({ ...TEST_ENV, DATA_DIR: dataDir });
    try {
      const { exited } = runService({ ...TEST_ENV, DATA_DIR: dataDir });
      const { code, stderr } = await exited;
      expect(code).toBe(1);
      expect(stderr.trim()).toBe(
        `Configuration error: DATA_DIR is in use by process ${first.child.pid}; stop it first`,
      );
    } finally {
      expect(await first.stop()).toBe(0);
    }
    // After a clean stop the folder is free again.
    const again = await startService({ ...TEST_ENV, DATA_DIR: dataDir });
    expect(await again.stop()).toBe(0);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    [
      { NODE_ENV: 'production' },
      'Configuration error: JWT_SECRET is required when NODE_ENV=production',
    ],
    [{ DATABASE_URL: 'postgres//nope' }, 'Configuration error: DATABASE_URL is not a valid URL'],
    [{ PORT: 'abc' }, 'Configuration error: PORT must be a whole number'],
    [
      {
        DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none',
        DATABASE_CONNECT_TIMEOUT_SECONDS: '1',
      },
      'Configuration error: DATABASE_URL could not be reached',
    ],
  ])('stops with one clear line for %j', async (env, message) => {
    const { exited } = runService({ ...env, DATA_DIR: database.env.DATA_DIR });
    const { code, stderr } = await exited;
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(message);
  });
});
