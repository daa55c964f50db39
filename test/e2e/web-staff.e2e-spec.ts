import { Cast, createCast } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { postRefused, WebClient, webClientOf } from '../support/web-client';

/**
 * The agency staff's pages: organisations waiting for verification and undelivered mail,
 * over real HTTP. Only admins see or use them, as only admins may use the API's routes
 * behind them.
 */
describe('web pages for agency staff', () => {
  let app: TestApp;
  let cast: Cast;
  let owner: WebClient;
  let outsider: WebClient;
  let admin: WebClient;
  let anonymous: WebClient;

  const refused = (browser: WebClient, path: string, status: number, fields = {}) =>
    postRefused(app, browser, path, status, fields);

  /** A mail the outbox gave up on (or sent), as the worker leaves it. */
  async function mail(subject: string, status: 'failed' | 'sent'): Promise<string> {
    const [row] = await app.db.query<{ id: string }[]>(
      `INSERT INTO outbox (kind, recipient_email, recipient_name, locale, subject, text_body,
                           html_body, status, attempts, last_error, sent_at)
       VALUES ('booking.approved', 'ayse@example.org', 'Ayşe', 'de', $1, 'Text', '<p>Text</p>',
               $2, 8, $3, $4)
       RETURNING id`,
      [
        subject,
        status,
        status === 'failed' ? '550 mailbox unavailable' : null,
        status === 'sent' ? new Date() : null,
      ],
    );
    return row.id;
  }

  beforeAll(async () => {
    // No mail worker: a retried mail stays due, and nothing writes behind the fingerprints.
    app = await startTestApp({ JOB_INTERVAL_SECONDS: '0', MAIL_INTERVAL_SECONDS: '0' });
    cast = await createCast(app);
    [owner, outsider, admin, anonymous] = await Promise.all([
      webClientOf(app, cast.owner),
      webClientOf(app, cast.outsider),
      webClientOf(app, cast.admin),
      webClientOf(app),
    ]);
  });
  afterAll(() => app.close());

  it('are for admins only: others are sent to log in or refused, changing nothing', async () => {
    for (const path of ['/staff/organizations', '/staff/mail']) {
      expect((await anonymous.get(path)).location).toBe(`/login?next=${encodeURIComponent(path)}`);
      expect((await owner.get(path)).status).toBe(403);
      expect((await outsider.get(path)).status).toBe(403);
      // As the API: the outbox is the admins'.
      expect((await app.get('/api/admin/outbox', { token: cast.owner.token })).status).toBe(403);
    }
    const id = await mail('Zugesagt: Elterncafé', 'failed');
    await refused(owner, `/staff/organizations/${cast.organizationId}/verify`, 403);
    await refused(owner, `/staff/mail/${id}/retry`, 403);
    await refused(anonymous, `/staff/mail/${id}/retry`, 303);
    expect((await owner.get('/')).text).not.toContain('href="/staff/organizations"');
  });

  it('lists organisations waiting for verification, and verifies one', async () => {
    const name = (await app.get(`/api/organizations/${cast.organizationId}`)).body.name as string;
    const page = await admin.get('/staff/organizations');
    expect(page.status).toBe(200);
    expect(page.text).toContain(`<bdi>${name}</bdi>`);
    const action = `/staff/organizations/${cast.organizationId}/verify`;
    expect(page.text).toContain(`action="${action}"`);

    await refused(admin, action, 403, { _csrf: '' });
    await refused(admin, action, 403, { _csrf: 'forged' });
    await refused(admin, '/staff/organizations/3f1c2b7e-7a55-4c1e-9f0a-0d3b2c1a9e8f/verify', 404);

    const verified = await admin.post(action, {});
    expect(verified.status).toBe(303);
    expect(verified.location).toBe('/staff/organizations?verified=1');
    expect((await app.get(`/api/organizations/${cast.organizationId}`)).body.verified).toBe(true);
    const after = await admin.get(verified.location!);
    expect(after.text).not.toContain(`action="${action}"`);
    expect(after.text).toContain('role="status"');
  });

  it('lists undelivered mail and sends it again', async () => {
    const failed = await mail('Abgesagt: Sprachkurs', 'failed');
    const sent = await mail('Zugesagt: Chorprobe', 'sent');
    const page = await admin.get('/staff/mail');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<bdi>Abgesagt: Sprachkurs</bdi>');
    expect(page.text).toContain('550 mailbox unavailable');
    expect(page.text).not.toContain('Chorprobe');

    await refused(admin, `/staff/mail/${failed}/retry`, 403, { _csrf: '' });
    // A sent mail is not sent twice: refused as by the API, changing nothing.
    await refused(admin, `/staff/mail/${sent}/retry`, 409);

    const retried = await admin.post(`/staff/mail/${failed}/retry`, {});
    expect(retried.status).toBe(303);
    const [row] = await app.db.query<{ status: string; attempts: number }[]>(
      `SELECT status, attempts FROM outbox WHERE id = $1`,
      [failed],
    );
    expect(row).toEqual({ status: 'pending', attempts: 0 });
    expect((await admin.get('/staff/mail')).text).not.toContain('Abgesagt: Sprachkurs');
  });
});
