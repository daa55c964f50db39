import { expectUnchanged, startTestApp, TestApp } from '../support/test-app';
import { login, loginAdmin, registerUser } from '../support/factories';

describe('identity', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.close());

  it('registers, logs in and shows the user', async () => {
    const reply = await app.post('/api/auth/register', {
      email: 'Amina@Example.org',
      password: 'a-good-password',
      name: 'Amina',
      locale: 'en',
    });
    expect(reply.status).toBe(201);
    expect(reply.body).toEqual({
      id: expect.any(String),
      email: 'amina@example.org',
      name: 'Amina',
      locale: 'en',
      isAdmin: false,
      emailConfirmed: false,
    });
    const token = await login(app, 'AMINA@example.org', 'a-good-password');
    const me = await app.get('/api/me', { token });
    expect(me.status).toBe(200);
    expect(me.body.email).toBe('amina@example.org');

    const hash = await app.db.query(`SELECT password_hash FROM users WHERE email = $1`, [
      'amina@example.org',
    ]);
    expect(hash[0].password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses a second account for the same address, whatever its case', async () => {
    const user = await registerUser(app);
    const reply = await expectUnchanged(app.db, () =>
      app.post('/api/auth/register', {
        email: user.email.toUpperCase(),
        password: 'another-password',
        name: 'Twin',
        locale: 'de',
      }),
    );
    expect(reply.status).toBe(409);
    expect(reply.body.type).toBe('/problems/email-taken');
  });

  it('does not say whether the address or the password was wrong', async () => {
    const user = await registerUser(app);
    const wrongPassword = await app.post('/api/auth/login', {
      email: user.email,
      password: 'nope-nope-nope',
    });
    const unknown = await app.post('/api/auth/login', {
      email: 'ghost@example.org',
      password: 'nope-nope-nope',
    });
    expect(wrongPassword.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrongPassword.body.type).toBe(unknown.body.type);
    expect(wrongPassword.body.detail).toBe(unknown.body.detail);
  });

  it('rejects missing, malformed and forged tokens', async () => {
    expect((await app.get('/api/me')).status).toBe(401);
    expect((await app.get('/api/me', { headers: { authorization: 'Basic abc' } })).status).toBe(
      401,
    );
    const forged = await app.get('/api/me', { token: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.x' });
    expect(forged.status).toBe(401);
    expect(forged.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(forged.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('changes name and language, and nothing else', async () => {
    const user = await registerUser(app);
    const changed = await app.patch(
      '/api/me',
      { name: 'Yusuf', locale: 'en' },
      { token: user.token },
    );
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ name: 'Yusuf', locale: 'en', isAdmin: false });
    const refused = await expectUnchanged(app.db, () =>
      app.patch('/api/me', { isAdmin: true }, { token: user.token }),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'isAdmin', message: expect.any(String) }]);
  });

  it('ends a login when the account is blocked outside this process, as soon as that is announced', async () => {
    const user = await registerUser(app);
    // Read once, so that a server remembers the account (RememberedLogins).
    expect((await app.get('/api/me', { token: user.token })).status).toBe(200);
    expect((await app.get('/api/me', { token: user.token })).status).toBe(200);
    // As another instance or psql would: past UsersService, only the database's announcement
    // (migration AnnounceAccountChanges) tells this process.
    await app.db.query(
      `UPDATE users SET blocked_at = now(), credentials_changed_at = now() WHERE id = $1`,
      [user.id],
    );
    const until = Date.now() + 5_000;
    let status = 200;
    while (status !== 401 && Date.now() < until) {
      status = (await app.get('/api/me', { token: user.token })).status;
      if (status !== 401) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(status).toBe(401);
  });

  it('creates the first admin from the environment', async () => {
    const admin = await loginAdmin(app);
    const me = await app.get('/api/me', { token: admin.token });
    expect(me.body).toMatchObject({ email: 'admin@example.org', isAdmin: true });
  });

  it('answers in the language the caller asks for', async () => {
    const body = { email: 'not-an-address', password: 'short', name: '', locale: 'xx' };
    const german = await app.post('/api/auth/register', body, {
      headers: { 'accept-language': 'de-DE,de;q=0.9' },
    });
    const english = await app.post('/api/auth/register', body, {
      headers: { 'accept-language': 'en-GB' },
    });
    expect(german.status).toBe(400);
    expect(german.body.title).toBe('Eingabe nicht gültig');
    expect(english.body.title).toBe('Invalid input');
    expect(english.headers.get('content-language')).toBe('en');
    expect(english.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'email',
      'locale',
      'name',
      'password',
    ]);
    expect(english.body.errors.find((e: { field: string }) => e.field === 'password').message).toBe(
      'Please use at least 10 characters.',
    );
  });
});

describe('identity rate limit', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => app.close());

  it('slows down repeated login attempts from one address', async () => {
    const attempts = [];
    for (let i = 0; i < 4; i++) {
      attempts.push(
        await app.post('/api/auth/login', { email: 'x@example.org', password: 'wrong-password' }),
      );
    }
    expect(attempts.map((reply) => reply.status)).toEqual([401, 401, 401, 429]);
    expect(attempts[3].body.type).toBe('/problems/too-many-requests');
    expect(attempts[3].headers.get('retry-after')).toBeTruthy();
  });
});
