import { randomUUID } from 'node:crypto';
import { registerUser, TestUser } from '../support/factories';
import { expectUnchanged, startTestApp, TestApp } from '../support/test-app';

describe('HTTP contract', () => {
  let app: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    app = await startTestApp({ BODY_LIMIT_BYTES: '4096' });
    user = await registerUser(app);
  });
  afterAll(() => app.close());

  const organization = (extra: Record<string, unknown> = {}) => ({
    name: 'Nachbarschaftshilfe',
    kind: 'initiative',
    languages: ['de'],
    fields: [],
    ...extra,
  });

  it('refuses an oversized body with 413 and changes nothing', async () => {
    const reply = await expectUnchanged(app.db, () =>
      app.post('/api/organizations', organization({ description: 'x'.repeat(5000) }), {
        token: user.token,
      }),
    );
    expect(reply.status).toBe(413);
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.body).toMatchObject({ type: '/problems/payload-too-large', status: 413 });
  });

  it('refuses malformed JSON with 400 and changes nothing', async () => {
    const reply = await expectUnchanged(app.db, () =>
      app.post('/api/organizations', undefined, {
        token: user.token,
        raw: '{"name": "Verein", ',
        headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      }),
    );
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({
      type: '/problems/malformed-request',
      title: 'Request not readable',
    });
  });

  it('refuses a body that is not JSON with 415', async () => {
    const reply = await expectUnchanged(app.db, () =>
      app.post('/api/organizations', undefined, {
        token: user.token,
        raw: 'name=Verein',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect(reply.status).toBe(415);
    expect(reply.body.type).toBe('/problems/unsupported-media-type');
  });

  it('refuses a JSON array or string where an object is expected', async () => {
    for (const raw of ['[]', '"Verein"', 'null']) {
      const reply = await expectUnchanged(app.db, () =>
        app.post('/api/organizations', undefined, {
          token: user.token,
          raw,
          headers: { 'content-type': 'application/json' },
        }),
      );
      expect(reply.status).toBe(400);
      expect(reply.body.type).toMatch(/^\/problems\/(validation-failed|malformed-request)$/);
    }
  });

  it('answers unknown routes with a 404 problem', async () => {
    const reply = await app.get(`/api/no-such-thing/${randomUUID()}`);
    expect(reply.status).toBe(404);
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.body).toMatchObject({ type: '/problems/not-found', status: 404 });
  });

  it('sends security headers and a request id', async () => {
    const reply = await app.get('/api/organizations', { headers: { 'x-request-id': 'trace-42' } });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('x-request-id')).toBe('trace-42');
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(reply.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(reply.headers.get('x-powered-by')).toBeNull();

    const generated = await app.get('/api/organizations', {
      headers: { 'x-request-id': 'bad id!' },
    });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('names the request id in every problem, so that support can find it in the logs', async () => {
    const reply = await app.get('/api/me', { headers: { 'x-request-id': 'support-case-7' } });
    expect(reply.status).toBe(401);
    expect(reply.body.requestId).toBe('support-case-7');
  });

  it('reports health without a login', async () => {
    const live = await app.get('/health/live');
    const ready = await app.get('/health/ready');
    expect(live).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(ready).toMatchObject({ status: 200, body: { status: 'ok' } });
  });
});
