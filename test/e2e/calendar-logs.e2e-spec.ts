import { randomBytes } from 'node:crypto';
import { startService } from '../support/service-process';
import { TEST_ENV } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** The built service as its own process, logging everything it logs at all (trace). */
describe('feed secrets in the log', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.drop());

  it('never appear, whatever the feed answers', async () => {
    const service = await startService({ ...TEST_ENV, ...database.env, LOG_LEVEL: 'trace' });
    const call = async (path: string, init: RequestInit = {}) => {
      const reply = await fetch(service.url + path, init);
      return { status: reply.status, text: await reply.text(), headers: reply.headers };
    };
    const json = (token: string, body: unknown): RequestInit => ({
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    const secrets: string[] = [];
    try {
      const login = await call('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: TEST_ENV.ADMIN_EMAIL, password: TEST_ENV.ADMIN_PASSWORD }),
      });
      const { accessToken } = JSON.parse(login.text) as { accessToken: string };
      const organization = await call(
        '/api/organizations',
        json(accessToken, {
          name: 'Protokollfrei e.V.',
          kind: 'association',
          languages: ['de'],
          fields: [],
        }),
      );
      const { id: organizationId } = JSON.parse(organization.text) as { id: string };
      const created = await call(
        '/api/calendar/tokens',
        json(accessToken, { scope: 'organization', subjectId: organizationId }),
      );
      expect(created.status).toBe(201);
      const { id, url } = JSON.parse(created.text) as { id: string; url: string };
      const path = new URL(url).pathname;
      const secret = /\/feeds\/([^/]+)\.ics$/.exec(path)![1];
      const unknown = randomBytes(32).toString('base64url');
      const odd = `${randomBytes(12).toString('hex')}-with.dots`;
      secrets.push(secret, unknown, odd);

      const feed = await call(path);
      expect(feed.status).toBe(200);
      expect(
        (await call(path, { headers: { 'if-none-match': feed.headers.get('etag')! } })).status,
      ).toBe(304);
      expect((await call(`${path}?secret=${secret}`)).status).toBe(200);
      expect((await call(path, { method: 'HEAD' })).status).toBe(200);
      const revoked = await call(`/api/calendar/tokens/${id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${accessToken}` },
      });
      expect(revoked.status).toBe(204);
      expect((await call(path)).status).toBe(404);
      expect((await call(`/api/calendar/feeds/${unknown}.ics`)).status).toBe(404);
      expect((await call(`/api/calendar/feeds/${odd}.ics`)).status).toBe(404);
      expect((await call(`/api/calendar/feeds/${odd}`)).status).toBe(404);
    } finally {
      expect(await service.stop()).toBe(0);
    }

    const output = service.output();
    for (const secret of secrets) expect(output).not.toContain(secret);
    // The requests were logged — with the secret replaced.
    const paths = output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { req?: { path?: string } })
      .map((entry) => entry.req?.path)
      .filter((path) => path?.includes('/feeds/'));
    expect(paths.length).toBeGreaterThanOrEqual(8);
    expect(new Set(paths)).toEqual(new Set(['/api/calendar/feeds/redacted']));
  });
});
