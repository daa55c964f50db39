import { Cast, createCast, registerUser, TestUser } from '../support/factories';
import {
  certifiedMentor,
  createRequest,
  expectStatus,
  propose,
} from '../support/mentoring-factories';
import { startTestApp, TestApp } from '../support/test-app';
import { postRefused, WebClient, webClientOf } from '../support/web-client';

/**
 * The mentoring pages over real HTTP, on the same services as the API: a mentor's profile
 * and training, an organisation's request, the staff's matching with its reasons, the
 * mentor's answer and meeting log — and that each page shows no one what the API would
 * refuse them.
 */
describe('web pages for mentoring', () => {
  let app: TestApp;
  let cast: Cast;
  let mentorUser: TestUser;
  let otherMentorUser: TestUser;
  let owner: WebClient;
  let outsider: WebClient;
  let staff: WebClient;
  let mentor: WebClient;
  let otherMentor: WebClient;
  let anonymous: WebClient;
  let moduleId: string;
  let requestId: string;
  let assignmentId: string;

  const refused = (browser: WebClient, path: string, status: number, fields = {}) =>
    postRefused(app, browser, path, status, fields);

  /** The page does not exist for this browser (404), or sends it to log in first. */
  async function hidden(browser: WebClient, path: string): Promise<void> {
    const reply = await browser.get(path);
    if (browser === anonymous) {
      expect(reply.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    } else {
      expect([path, reply.status]).toEqual([path, 404]);
    }
  }

  beforeAll(async () => {
    app = await startTestApp({ JOB_INTERVAL_SECONDS: '0' });
    cast = await createCast(app);
    [mentorUser, otherMentorUser] = await Promise.all([
      registerUser(app, { name: 'Selin Kaya', email: `selin-${Date.now()}@example.org` }),
      registerUser(app, { name: 'Boris Novak' }),
    ]);
    const module = await app.post(
      '/api/mentoring/training-modules',
      { title: 'Interkulturelle Kompetenz', hours: 3, required: true },
      { token: cast.admin.token },
    );
    moduleId = expectStatus(module, 201, 'module').body.id;
    await certifiedMentor(app, cast.admin, otherMentorUser, [moduleId], {
      topics: ['public_relations'],
    });
    [owner, outsider, staff, mentor, otherMentor, anonymous] = await Promise.all([
      webClientOf(app, cast.owner),
      webClientOf(app, cast.outsider),
      webClientOf(app, cast.admin),
      webClientOf(app, mentorUser),
      webClientOf(app, otherMentorUser),
      webClientOf(app),
    ]);
  });
  afterAll(() => app.close());

  it('links the mentoring pages in the navigation of logged-in users only', async () => {
    expect((await owner.get('/')).text).toContain('href="/mentoring"');
    expect((await anonymous.get('/')).text).not.toContain('href="/mentoring"');
    expect((await anonymous.get('/mentoring')).location).toBe('/login?next=%2Fmentoring');
  });

  it('lets a user become a mentor, shows the training and, once certified, the certificate', async () => {
    const empty = await mentor.get('/mentoring/profile');
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('action="/mentoring/profile"');
    expect(empty.text).not.toContain('/mentoring/profile/certificate');

    // Not a language code: the form again with its errors, nothing stored.
    const bad = await refused(mentor, '/mentoring/profile', 422, {
      languages: 'deutsch',
      capacity: '2',
    });
    expect(bad.text).toContain('rfe-error-summary');
    expect(bad.text).toContain('href="#field-languages"');
    expect(bad.text).toContain('value="deutsch"');

    const created = await mentor.post('/mentoring/profile', {
      languages: 'de, tr',
      topics: 'funding',
      district: 'Bergheim',
      capacity: '2',
      availability: 'weekday_evenings',
    });
    expect([created.status, created.location]).toEqual([303, '/mentoring/profile?saved=1']);
    const page = await mentor.get(created.location!);
    expect(page.text).toContain('role="status"');
    expect(page.text).toContain('in Ausbildung');
    expect(page.text).toContain('<bdi>Interkulturelle Kompetenz</bdi>');
    expect(page.text).toMatch(/fehlt noch ein Pflichtmodul/);
    expect((await mentor.get('/mentoring/profile/certificate')).status).toBe(409);

    const [{ id }] = await app.db.query<{ id: string }[]>(
      `SELECT id FROM mentors WHERE user_id = $1`,
      [mentorUser.id],
    );
    const record = await app.post(
      `/api/mentoring/mentors/${id}/training-records`,
      { moduleId, attendedOn: '2026-10-01' },
      { token: cast.admin.token },
    );
    expectStatus(record, 201, 'record');
    const certify = await app.post(`/api/mentoring/mentors/${id}/certify`, undefined, {
      token: cast.admin.token,
    });
    expectStatus(certify, 200, 'certify');
    const certified = await mentor.get('/mentoring/profile');
    expect(certified.text).toContain('zertifiziert');
    expect(certified.text).toContain('href="/mentoring/profile/certificate"');
    const certificate = await mentor.get('/mentoring/profile/certificate');
    expect(certificate.status).toBe(200);
    expect(certificate.text).toContain('Selin Kaya');
    expect(certificate.text).toContain('<section lang="en">');
    // Its print style is allowed by its hash, and no other inline style.
    expect(certificate.headers.get('content-security-policy')).toMatch(/style-src 'self' 'sha256-/);
    await hidden(outsider, '/mentoring/profile/certificate');
  });

  it('takes an organisation’s request; a bad one changes nothing', async () => {
    const form = await owner.get('/mentoring/requests/new');
    expect(form.status).toBe(200);
    expect(form.text).toContain(`value="${cast.organizationId}"`);
    const fields = {
      organizationId: cast.organizationId,
      topic: 'funding',
      languages: 'tr',
      description: 'Wir möchten Fördermittel für ein Sommerfest beantragen.',
      preferredTimes: 'weekday_evenings',
      urgency: 'normal',
      district: 'Bergheim',
    };
    const bad = await refused(owner, '/mentoring/requests', 422, { ...fields, description: '' });
    expect(bad.text).toContain('rfe-error-summary');
    expect(bad.text).toContain('href="#field-description"');
    // Someone else's organisation: refused as by the API.
    await refused(outsider, '/mentoring/requests', 403, fields);

    const asked = await owner.post('/mentoring/requests', fields);
    expect(asked.status).toBe(303);
    requestId = /^\/mentoring\/requests\/([0-9a-f-]{36})\?asked=1$/.exec(asked.location!)![1];
    const page = await owner.get(asked.location!);
    expect(page.text).toContain('role="status"');
    expect(page.text).toContain('offen');
    // Only staff see suggestions.
    expect(page.text).not.toContain('Selin Kaya');
    expect((await owner.get('/mentoring')).text).toContain(`/mentoring/requests/${requestId}`);
    expect((await outsider.get('/mentoring')).text).not.toContain(requestId);
    await hidden(outsider, `/mentoring/requests/${requestId}`);
    await hidden(otherMentor, `/mentoring/requests/${requestId}`);
    await hidden(anonymous, `/mentoring/requests/${requestId}`);
  });

  it('shows staff the suggestions with their reasons, and proposes a mentor', async () => {
    expect((await staff.get('/mentoring')).text).toContain(`/mentoring/requests/${requestId}`);
    const page = await staff.get(`/mentoring/requests/${requestId}`);
    expect(page.status).toBe(200);
    const selin = page.text.indexOf('<bdi>Selin Kaya</bdi>');
    const boris = page.text.indexOf('<bdi>Boris Novak</bdi>');
    // Topic fit ranks Selin first; each suggestion says why, in words.
    expect(selin).toBeGreaterThan(-1);
    expect(boris).toBeGreaterThan(selin);
    const reasons = page.text.slice(selin, boris);
    expect(reasons).toContain('Gemeinsame Sprache: Türkisch');
    expect(reasons).toContain('Kennt sich aus mit:');
    expect(reasons).toContain('1 von 1 gewünschten Zeiten passt');
    expect(reasons).toContain('Im selben Stadtteil: Bergheim');
    const mentorId = /name="mentorId" value="([0-9a-f-]{36})"/.exec(page.text.slice(selin))![1];
    const action = `/mentoring/requests/${requestId}/proposals`;

    await refused(owner, action, 403, { mentorId });
    await refused(staff, action, 403, { mentorId, _csrf: '' });
    const proposed = await staff.post(action, { mentorId });
    expect(proposed.status).toBe(303);
    assignmentId = /^\/mentoring\/assignments\/([0-9a-f-]{36})\?proposed=1$/.exec(
      proposed.location!,
    )![1];
    // Twice: refused on the page, with the API's words, nothing changed.
    const again = await refused(staff, action, 422, { mentorId });
    expect(again.text).toContain('href="#field-mentorId"');
  });

  it('lets the mentor accept on the assignment page; others see it as the API lets them', async () => {
    const path = `/mentoring/assignments/${assignmentId}`;
    for (const browser of [anonymous, outsider, otherMentor]) await hidden(browser, path);
    await refused(outsider, `${path}/accept`, 404);
    await refused(otherMentor, `${path}/accept`, 404);

    const before = await owner.get(path);
    expect(before.status).toBe(200);
    expect(before.text).toContain('wird gezeigt, sobald die Mentor*in zusagt');
    expect(before.text).not.toContain(mentorUser.email);
    expect(before.text).not.toContain(`${path}/accept`);
    await refused(owner, `${path}/accept`, 403);

    const proposal = await mentor.get(path);
    expect(proposal.text).toContain(`action="${path}/accept"`);
    expect(proposal.text).toContain(`action="${path}/decline"`);
    await refused(mentor, `${path}/accept`, 403, { _csrf: '' });
    const accepted = await mentor.post(`${path}/accept`, {});
    expect([accepted.status, accepted.location]).toEqual([303, `${path}?done=accepted`]);
    expect((await mentor.get(accepted.location!)).text).toContain('läuft');
    await refused(mentor, `${path}/accept`, 409);

    const after = await owner.get(path);
    expect(after.text).toContain('<bdi>Selin Kaya</bdi>');
    expect(after.text).toContain(mentorUser.email);
    expect((await staff.get(path)).status).toBe(200);
  });

  it('lets a proposed mentor decline, with a reason', async () => {
    const other = await createRequest(app, cast.owner, cast.organizationId, {
      topic: 'public_relations',
    });
    const [{ id: mentorId }] = await app.db.query<{ id: string }[]>(
      `SELECT id FROM mentors WHERE user_id = $1`,
      [otherMentorUser.id],
    );
    const path = `/mentoring/assignments/${(await propose(app, cast.admin, other.id, mentorId)).id}`;
    await refused(mentor, `${path}/decline`, 404);
    const declined = await otherMentor.post(`${path}/decline`, {
      declineReason: 'Gerade keine Zeit',
    });
    expect([declined.status, declined.location]).toEqual([303, `${path}?done=declined`]);
    const page = await otherMentor.get(declined.location!);
    expect(page.text).toContain('abgelehnt');
    expect(page.text).toContain('Gerade keine Zeit');
    expect(page.text).not.toContain(`${path}/accept`);
  });

  it('logs a meeting; the organisation sees it without the private note', async () => {
    const path = `/mentoring/assignments/${assignmentId}`;
    const meeting = {
      date: '2026-12-10',
      time: '18:30',
      durationMinutes: '90',
      format: 'in_person',
      topics: 'funding',
      note: 'Kassenbuch noch ungeordnet',
    };
    const bad = await refused(mentor, `${path}/meetings`, 422, {
      ...meeting,
      durationMinutes: 'lang',
    });
    expect(bad.text).toContain('href="#field-durationMinutes"');
    await refused(owner, `${path}/meetings`, 403, meeting);
    await refused(outsider, `${path}/meetings`, 404, meeting);

    const logged = await mentor.post(`${path}/meetings`, meeting);
    expect([logged.status, logged.location]).toEqual([303, `${path}?done=logged`]);
    const [row] = await app.db.query<{ starts_at: Date }[]>(
      `SELECT starts_at FROM mentoring_meetings WHERE assignment_id = $1`,
      [assignmentId],
    );
    expect(new Date(row.starts_at).toISOString()).toBe('2026-12-10T17:30:00.000Z');
    for (const browser of [mentor, staff]) {
      expect((await browser.get(path)).text).toContain('Kassenbuch noch ungeordnet');
    }
    const seen = await owner.get(path);
    expect(seen.text).toContain('90 Minuten');
    expect(seen.text).not.toContain('Kassenbuch');
  });

  it('ends the assignment with a reason, from the organisation’s side', async () => {
    const path = `/mentoring/assignments/${assignmentId}`;
    const bad = await refused(owner, `${path}/end`, 422, { reason: ' ' });
    expect(bad.text).toContain('href="#field-reason"');
    const ended = await owner.post(`${path}/end`, { reason: 'Der Verein pausiert das Projekt.' });
    expect([ended.status, ended.location]).toEqual([303, `${path}?done=ended`]);
    const page = await mentor.get(path);
    expect(page.text).toContain('vorzeitig beendet');
    expect(page.text).toContain('durch die Organisation');
    expect(page.text).toContain('Der Verein pausiert das Projekt.');
    expect(page.text).not.toContain(`${path}/end"`);
  });
});
