import { addMember, createOrganization, registerUser } from '../support/factories';
import { expectUnchanged, fingerprint, startTestApp, TestApp } from '../support/test-app';
import { WebSessionsService } from '../../src/web/shell/web-sessions.service';
import { PageReply, postRefused, WebClient, webClientOf } from '../support/web-client';

/** Sign up, log in and out, the profile: sessions in PostgreSQL behind cookies. */
describe('web account pages', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '100' });
  });
  afterAll(() => app.close());

  /** Signs up through the form (German, a password of no interest); `seen` gets the form page. */
  async function signUp(
    browser: WebClient,
    name: string,
    email: string,
    seen: (reply: PageReply) => void = () => undefined,
  ): Promise<PageReply> {
    seen(await browser.get('/signup'));
    return browser.post('/signup', { name, email, password: 'a-long-password', locale: 'de' });
  }

  const sessionsOf = async (email: string): Promise<number> =>
    Number(
      (
        await app.db.query(
          `SELECT count(*) AS n FROM web_sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1`,
          [email],
        )
      )[0].n,
    );

  it('signs up, keeps the session in an HttpOnly cookie and shows the profile', async () => {
    const browser = new WebClient(app.url);
    const reply = await signUp(browser, 'Amina Yılmaz', 'amina@example.org');
    expect(reply.status).toBe(303);
    expect(reply.location).toBe('/me');
    const cookie = reply.headers.getSetCookie().find((c) => c.startsWith('rfe_session='))!;
    expect(cookie).toMatch(/; Path=\/; SameSite=Lax; HttpOnly; Max-Age=\d+/);
    const profile = await browser.get('/me');
    expect(profile.status).toBe(200);
    expect(profile.text).toContain('<bdi>Amina Yılmaz</bdi>');
    expect(await sessionsOf('amina@example.org')).toBe(1);
  });

  it('re-renders a form with errors: 422, summary linking each field, aria, input kept', async () => {
    const browser = new WebClient(app.url);
    await browser.get('/signup');
    const before = await fingerprint(app.db);
    const invalid = { name: 'Jonas <b>', email: 'not-an-address', password: 'short' };
    const reply = await browser.post('/signup', { ...invalid, locale: 'de' });
    expect(reply.status).toBe(422);
    expect(reply.text).toMatch(/<title>Fehler: Registrieren/);
    expect(reply.text).toContain('class="rfe-error-summary"');
    expect(reply.text).toContain('href="#field-email"');
    expect(reply.text).toContain('href="#field-password"');
    expect(reply.text).toMatch(
      /id="field-email" name="email" type="email" value="not-an-address"[^>]*aria-invalid="true" aria-describedby="error-email"/,
    );
    expect(reply.text).toContain('value="Jonas &lt;b&gt;"');
    expect(reply.text).not.toContain('value="short"');
    expect(await fingerprint(app.db)).toEqual(before);

    const english = new WebClient(app.url, 'en');
    await english.get('/signup');
    const taken = await english.post('/signup', {
      name: 'Someone',
      email: 'amina@example.org',
      password: 'a-long-password',
      locale: 'en',
    });
    expect(taken.status).toBe(422);
    expect(taken.text).toMatch(/<title>Error: Sign up/);
    expect(taken.text).toContain('There is already an account for this e-mail address');

    // The validation texts themselves in Arabic, not English: the catalogue's common area.
    const arabic = new WebClient(app.url, 'ar');
    await arabic.get('/signup');
    const refused = await arabic.post('/signup', { ...invalid, locale: 'ar' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('<html lang="ar" dir="rtl"');
    const summary = /class="rfe-error-summary"[\s\S]*?<\/div>/.exec(refused.text)![0];
    expect(summary).toContain('يُرجى إدخال عنوان بريد إلكتروني صالح.');
    expect(summary).not.toContain('Please enter a valid e-mail address');
  });

  it('logs in, logs out this browser, and logs out everywhere', async () => {
    const user = await registerUser(app, {
      email: 'karim@example.org',
      password: 'karims-password',
    });
    const phone = new WebClient(app.url);
    const laptop = new WebClient(app.url);
    for (const browser of [phone, laptop]) {
      await browser.get('/login?next=%2Fme');
      const reply = await browser.post('/login', {
        email: user.email,
        password: 'karims-password',
        next: '/me',
      });
      expect(reply.status).toBe(303);
      expect(reply.location).toBe('/me');
    }
    expect(await sessionsOf(user.email)).toBe(2);

    const wrong = new WebClient(app.url);
    await wrong.get('/login');
    const refused = await wrong.post('/login', { email: user.email, password: 'wrong-password' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('E-Mail-Adresse oder Passwort ist falsch.');

    await phone.get('/me');
    expect((await phone.post('/logout', {})).status).toBe(303);
    expect(await sessionsOf(user.email)).toBe(1);
    expect((await phone.get('/me')).location).toBe('/login?next=%2Fme');

    await laptop.get('/me');
    expect((await laptop.post('/logout-everywhere', {})).status).toBe(303);
    expect(await sessionsOf(user.email)).toBe(0);
  });

  it('refuses a session at once once it ended, here or in the database by anyone else', async () => {
    const user = await registerUser(app, { email: 'ended-elsewhere@example.org' });
    const sessions = app.running.app.get(WebSessionsService, { strict: false });
    const here = new WebClient(app.url);
    const there = new WebClient(app.url);
    here.cookies.set('rfe_session', (await sessions.open(user.id)).secret);
    there.cookies.set('rfe_session', (await sessions.open(user.id)).secret);
    // Both read once, so a server keeps them in memory from now on.
    for (const browser of [here, there, here, there]) {
      expect((await browser.get('/me')).status).toBe(200);
    }

    // Logged out here: the very next page is refused, the other session stays.
    expect((await here.post('/logout', {})).status).toBe(303);
    expect((await here.get('/me')).location).toBe('/login?next=%2Fme');
    expect((await there.get('/me')).status).toBe(200);

    // Ended in the database behind the service's back (another instance, psql): refused as
    // soon as PostgreSQL's announcement arrives, which is within a moment.
    await app.db.query('DELETE FROM web_sessions WHERE user_id = $1', [user.id]);
    const deadline = Date.now() + 3_000;
    let answer = await there.get('/me');
    while (answer.status === 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      answer = await there.get('/me');
    }
    expect(answer.location).toBe('/login?next=%2Fme');
  });

  it('ends the page sessions begun before a password change (made through the API)', async () => {
    const user = await registerUser(app, {
      email: 'dilan@example.org',
      password: 'dilans-password',
    });
    const browser = new WebClient(app.url);
    await browser.get('/login');
    expect(
      (await browser.post('/login', { email: user.email, password: 'dilans-password' })).status,
    ).toBe(303);
    expect((await browser.get('/me')).status).toBe(200);

    const changed = await app.post(
      '/api/me/password',
      { currentPassword: 'dilans-password', newPassword: 'dilans-new-password' },
      { token: user.token },
    );
    expect(changed.status).toBe(200);
    expect((await browser.get('/me')).location).toBe('/login?next=%2Fme');
    expect(await sessionsOf(user.email)).toBe(0);

    // Logged in again afterwards, the new session holds.
    await browser.get('/login');
    expect(
      (await browser.post('/login', { email: user.email, password: 'dilans-new-password' })).status,
    ).toBe(303);
    expect((await browser.get('/me')).status).toBe(200);
  });

  it('changes the profile and its language', async () => {
    const browser = new WebClient(app.url);
    await signUp(browser, 'Olena', 'olena@example.org');
    await browser.get('/me');
    const saved = await browser.post('/me', { name: 'Olena K.', locale: 'en' });
    expect(saved.location).toBe('/me?saved=1');
    const page = await browser.get('/me?saved=1');
    expect(page.text).toContain('<html lang="en"');
    expect(page.text).toContain('<bdi>Olena K.</bdi>');
  });

  it('refuses a sign-up without its token or from another site with 403, creating nobody', async () => {
    const browser = new WebClient(app.url);
    await browser.get('/signup');
    const before = await fingerprint(app.db);
    const fields = {
      name: 'Eve',
      email: 'eve@example.org',
      password: 'eves-password',
      locale: 'de',
    };
    expect((await browser.post('/signup', { ...fields, _csrf: 'x' })).status).toBe(403);
    expect((await browser.post('/signup', fields, { origin: 'https://evil.example' })).status).toBe(
      403,
    );
    expect(await fingerprint(app.db)).toEqual(before);
  });

  it('counts page logins and API logins against one limit', async () => {
    // A fresh limit: this test's address has used some of it already above.
    const local = await startTestApp({ AUTH_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const login = { email: 'nobody@example.org', password: 'wrong-password' };
      expect((await local.post('/api/auth/login', login)).status).toBe(401);
      expect((await local.post('/api/auth/login', login)).status).toBe(401);
      const browser = new WebClient(local.url);
      await browser.get('/login');
      expect((await browser.post('/login', login)).status).toBe(422);
      const blocked = await browser.post('/login', login);
      expect(blocked.status).toBe(429);
      expect(blocked.headers.get('content-type')).toMatch(/^text\/html/);
      expect((await local.post('/api/auth/login', login)).status).toBe(429);
    } finally {
      await local.close();
    }
  });

  it('confirms the address from the mail: a button, once; a wrong link changes nothing', async () => {
    const browser = new WebClient(app.url);
    await browser.get('/signup');
    const email = 'confirm-me@example.org';
    const fields = { name: 'Lea', email, password: 'a-long-password', locale: 'de' };
    expect((await browser.post('/signup', fields)).status).toBe(303);
    // The mail waits in the outbox (no SMTP here): its link, as the recipient gets it.
    const [mail] = await app.db.query<{ text_body: string }[]>(
      `SELECT text_body FROM outbox WHERE recipient_email = $1`,
      [email],
    );
    const secret = /\/confirm-email\?token=([\w-]{43})/.exec(mail.text_body)![1];
    const confirmed = async () =>
      (
        await app.db.query<{ at: Date | null }[]>(
          `SELECT email_confirmed_at AS at FROM users WHERE email = $1`,
          [email],
        )
      )[0].at !== null;

    // Opening the link (as a mail scanner does) only shows the button.
    const page = await expectUnchanged(app.db, () => browser.get(`/confirm-email?token=${secret}`));
    expect(page.status).toBe(200);
    expect(page.text).toContain(`name="token" value="${secret}"`);
    for (const token of ['x'.repeat(43), '<script>', '']) {
      const refused = await expectUnchanged(app.db, () =>
        browser.post('/confirm-email', { token }),
      );
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('kern-alert--danger');
    }
    expect(await confirmed()).toBe(false);

    const done = await browser.post('/confirm-email', { token: secret });
    expect([done.status, done.location]).toEqual([303, '/confirm-email?done=1']);
    expect(await confirmed()).toBe(true);
    expect((await browser.post('/confirm-email', { token: secret })).status).toBe(400);
  });

  it('sets a forgotten password with the mailed link: once, and the same answer for any address', async () => {
    const user = await registerUser(app);
    const other = new WebClient(app.url);
    await other.get('/');
    const sessions = app.running.app.get(WebSessionsService, { strict: false });
    other.cookies.set('rfe_session', (await sessions.open(user.id)).secret);
    const browser = new WebClient(app.url);
    const login = await browser.get('/login');
    expect(login.text).toContain('href="/forgot-password"');
    await browser.get('/forgot-password');
    // Known and unknown addresses get the same answer; only the known one gets a mail.
    for (const email of [user.email, 'nobody-here@example.org']) {
      const sent = await browser.post('/forgot-password', { email });
      expect([sent.status, sent.location]).toEqual([303, '/forgot-password?sent=1']);
    }
    const mails = await app.db.query<{ recipient_email: string; text_body: string }[]>(
      `SELECT recipient_email, text_body FROM outbox WHERE kind = 'account.passwordReset'
          AND recipient_email IN ($1, 'nobody-here@example.org')`,
      [user.email],
    );
    expect(mails.map((m) => m.recipient_email)).toEqual([user.email]);
    const secret = /\/reset-password\?token=([\w-]{43})/.exec(mails[0].text_body)![1];

    // Opening the link spends nothing; a bad password or a wrong link changes nothing.
    const form = await expectUnchanged(app.db, () =>
      browser.get(`/reset-password?token=${secret}`),
    );
    expect(form.text).toContain(`name="token" value="${secret}"`);
    const short = await expectUnchanged(app.db, () =>
      browser.post('/reset-password', { token: secret, newPassword: 'short' }),
    );
    expect(short.status).toBe(422);
    expect(short.text).toContain('href="#field-newPassword"');
    expect(short.text).not.toContain('value="short"');
    for (const token of ['x'.repeat(43), '<script>']) {
      const refused = await expectUnchanged(app.db, () =>
        browser.post('/reset-password', { token, newPassword: 'a-brand-new-password' }),
      );
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('kern-alert--danger');
    }

    const done = await browser.post('/reset-password', {
      token: secret,
      newPassword: 'a-brand-new-password',
    });
    expect([done.status, done.location]).toEqual([303, '/login?reset=1']);
    expect((await browser.get('/login?reset=1')).text).toContain('kern-alert--success');
    // Once only; the other browser's session ended with the old password.
    const again = await browser.post('/reset-password', {
      token: secret,
      newPassword: 'yet-another-password',
    });
    expect(again.status).toBe(400);
    expect((await other.get('/me')).status).toBe(303);
    const loggedIn = await browser.post('/login', {
      email: user.email,
      password: 'a-brand-new-password',
    });
    expect(loggedIn.status).toBe(303);
  });

  it('changes the password on the profile: the current one is asked, other logins end', async () => {
    const user = await registerUser(app);
    const sessions = app.running.app.get(WebSessionsService, { strict: false });
    const browser = new WebClient(app.url);
    const elsewhere = new WebClient(app.url);
    browser.cookies.set('rfe_session', (await sessions.open(user.id)).secret);
    elsewhere.cookies.set('rfe_session', (await sessions.open(user.id)).secret);
    const profile = await browser.get('/me');
    expect(profile.text).toContain('action="/me/password"');

    const wrong = await expectUnchanged(app.db, () =>
      browser.post('/me/password', {
        currentPassword: 'not-the-password',
        newPassword: 'a-brand-new-password',
      }),
    );
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('href="#field-currentPassword"');
    expect(wrong.text).toMatch(/id="field-name"[^>]*value="/);

    const changed = await browser.post('/me/password', {
      currentPassword: user.password,
      newPassword: 'a-brand-new-password',
    });
    expect([changed.status, changed.location]).toEqual([303, '/me?password=1']);
    // This browser stays logged in with a fresh session; the other is logged out.
    const after = await browser.get('/me?password=1');
    expect(after.status).toBe(200);
    expect(after.text).toContain('kern-alert--success');
    expect((await elsewhere.get('/me')).status).toBe(303);
    const api = await app.post('/api/auth/login', {
      email: user.email,
      password: 'a-brand-new-password',
    });
    expect(api.status).toBe(200);
  });

  it('downloads my data as a file: the export the API gives', async () => {
    const user = await registerUser(app, { name: 'Leyla Export' });
    await createOrganization(app, user, { name: 'Kulturverein Export' });
    const anonymous = await webClientOf(app);
    expect((await anonymous.get('/me/export')).location).toBe('/login?next=%2Fme%2Fexport');
    const browser = await webClientOf(app, user);
    expect((await browser.get('/me')).text).toContain('href="/me/export"');

    const download = await browser.get('/me/export');
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(download.headers.get('content-disposition')).toBe(
      'attachment; filename="raum-fuer-engagement-export.json"',
    );
    expect(download.headers.get('cache-control')).toBe('no-store');
    const api = await app.get('/api/me/export', { token: user.token });
    expect(api.status).toBe(200);
    const { exportedAt, ...page } = JSON.parse(download.text);
    const { exportedAt: apiExportedAt, ...fromApi } = api.body;
    expect(page).toEqual(fromApi);
    expect([exportedAt, apiExportedAt]).toEqual([expect.any(String), expect.any(String)]);
    expect(page.profile).toMatchObject({ id: user.id, email: user.email, name: 'Leyla Export' });
    expect(page.memberships).toEqual([
      expect.objectContaining({ organizationName: 'Kulturverein Export', role: 'owner' }),
    ]);
  });

  it('deletes my account after the password: every login ends, the start page says so', async () => {
    const user = await registerUser(app, { name: 'Jonas Geht' });
    const organization = await createOrganization(app, user, { name: 'Nachbarschaft Ost' });
    const browser = await webClientOf(app, user);
    const phone = await webClientOf(app, user);
    const anonymous = await webClientOf(app);
    expect((await anonymous.get('/me/delete')).location).toBe('/login?next=%2Fme%2Fdelete');

    expect((await browser.get('/me')).text).toContain('href="/me/delete"');
    const confirm = await browser.get('/me/delete');
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain('action="/me/delete"');
    expect(confirm.text).toContain(
      'Die Buchungen Ihrer Organisationen bleiben bei der Organisation',
    );
    expect(confirm.text).toContain('autocomplete="current-password"');

    // A wrong password, none, or no CSRF token: refused, nothing changed, still logged in.
    const wrong = await postRefused(app, browser, '/me/delete', 422, {
      password: 'not-mine-at-all',
    });
    expect(wrong.text).toContain('href="#field-password"');
    expect(wrong.text).toContain('Das jetzige Passwort stimmt nicht.');
    expect(wrong.text).not.toContain('not-mine-at-all');
    await postRefused(app, browser, '/me/delete', 422, { password: '' });
    await postRefused(app, browser, '/me/delete', 403, { password: user.password, _csrf: 'x' });
    expect((await phone.get('/me')).status).toBe(200);
    expect(await sessionsOf(user.email)).toBe(2);

    const deleted = await browser.post('/me/delete', { password: user.password });
    expect([deleted.status, deleted.location]).toEqual([303, '/?accountDeleted=1']);
    expect(browser.cookies.has('rfe_session')).toBe(false);
    const start = await browser.get('/?accountDeleted=1');
    expect(start.text).toContain('Ihr Konto ist gelöscht, und Sie sind überall abgemeldet.');
    // Every session of the account is gone: this browser, the phone, and the API's token.
    expect(await app.db.query(`SELECT 1 FROM web_sessions WHERE user_id = $1`, [user.id])).toEqual(
      [],
    );
    expect((await phone.get('/me')).location).toBe('/login?next=%2Fme');
    expect((await app.get('/api/me', { token: user.token })).status).toBe(401);
    expect(await app.db.query(`SELECT 1 FROM users WHERE id = $1`, [user.id])).toEqual([]);
    // The organisation stays, now without its only member.
    const [left] = await app.db.query<{ members: number }[]>(
      `SELECT (SELECT count(*)::int FROM memberships WHERE organization_id = o.id) AS members
         FROM organizations o WHERE o.id = $1`,
      [organization.id],
    );
    expect(left).toEqual({ members: 0 });
  });

  it('behind https (PUBLIC_URL https) marks every cookie of the pages Secure, set and cleared', async () => {
    const secure = await startTestApp({ PUBLIC_URL: 'https://raum.example.org' });
    try {
      const browser = new WebClient(secure.url);
      const seen: string[] = [];
      const keep = (reply: { headers: Headers }) => seen.push(...reply.headers.getSetCookie());
      keep(await signUp(browser, 'Mira Sicher', 'mira@example.org', keep));
      // The form token is bound to the session: a page after the login first.
      await browser.get('/me');
      keep(await browser.post('/language', { locale: 'en', back: '/' }));
      const [{ id }] = await secure.db.query<{ id: string }[]>(
        `SELECT id FROM users WHERE email = 'mira@example.org'`,
      );
      await browser.get('/feeds');
      keep(await browser.post('/feeds', { feed: `user:${id}` }));
      keep(await browser.get('/feeds'));
      keep(await browser.post('/logout', {}));
      keep(await browser.get('/me', { cookie: 'rfe_session=unknown' }));
      const names = seen.map((line) => line.split('=')[0]);
      expect(new Set(names)).toEqual(
        new Set(['rfe_csrf', 'rfe_session', 'rfe_lang', 'rfe_new_feed']),
      );
      // Set and cleared (Max-Age=0) alike.
      expect(seen.filter((line) => line.includes('Max-Age=0')).length).toBeGreaterThanOrEqual(3);
      for (const line of seen) expect(line).toMatch(/; Path=\/; SameSite=Lax; HttpOnly; Secure/);
    } finally {
      await secure.close();
    }
  });

  it('refuses to delete the only owner of an organisation with other members, on the form', async () => {
    const owner = await registerUser(app, { name: 'Selin Bleibt' });
    const member = await registerUser(app);
    const organization = await createOrganization(app, owner, { name: 'Frauenforum Nord' });
    await addMember(app, organization.id, owner, member);
    const browser = await webClientOf(app, owner);
    await browser.get('/me/delete');
    const refused = await postRefused(app, browser, '/me/delete', 422, {
      password: owner.password,
    });
    expect(refused.text).toContain('href="#field-password"');
    expect(refused.text).toContain('Frauenforum Nord');
    expect((await browser.get('/me')).status).toBe(200);
  });
});

describe('web sessions past their end', () => {
  it('are removed by the background job, and live ones stay', async () => {
    const app = await startTestApp({ JOB_INTERVAL_SECONDS: '1' });
    try {
      const user = await registerUser(app, { email: 'purge@example.org' });
      const sessions = app.running.app.get(WebSessionsService);
      const longAgo = new Date(Date.now() - 30 * 24 * 3600_000);
      await sessions.open(user.id, longAgo);
      const live = await sessions.open(user.id);
      const expiries = async () =>
        (
          await app.db.query<{ expires_at: Date }[]>(
            'SELECT expires_at FROM web_sessions WHERE user_id = $1',
            [user.id],
          )
        ).map((row) => row.expires_at.toISOString());
      expect(await expiries()).toHaveLength(2);
      const deadline = Date.now() + 15_000;
      while ((await expiries()).length > 1 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(await expiries()).toEqual([live.expiresAt.toISOString()]);
    } finally {
      await app.close();
    }
  });
});
