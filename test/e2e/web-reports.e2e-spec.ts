import { parse } from 'csv-parse/sync';
import { berlin, book, BookingStage, createBookableRoom } from '../support/booking-factories';
import { createVenue } from '../support/catalogue-factories';
import { Cast, createCast, createOrganization, registerUser } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { postRefused, WebClient, webClientOf } from '../support/web-client';

const JUNE = 'from=2027-06-01&to=2027-06-30';
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * The needs survey's pages and the staff's reports page, over real HTTP: staff open a round
 * with the form, a verified organisation's members answer it once and edit the answer until
 * the round closes, others cannot; the reports page shows the API's figures, "< 3" for small
 * groups, and downloads the API's CSV by the page's session.
 *
 * The cast's organisation (owner and member) is verified; the outsider's is not. The owner
 * lends a room of the cast's venue to the cast's organisation twice in June 2027.
 */
describe('web pages of the needs survey and the reports', () => {
  let app: TestApp;
  let cast: Cast;
  let member: WebClient;
  let owner: WebClient;
  let outsider: WebClient;
  let loner: WebClient;
  let admin: WebClient;
  let anonymous: WebClient;
  let roundId: string;
  let questions: { id: string; kind: string }[];
  /** Two more verified organisations of the owner, answering through the API. */
  const others: string[] = [];

  const refused = (browser: WebClient, path: string, status: number, fields = {}) =>
    postRefused(app, browser, path, status, fields);

  const responses = async () =>
    app.db.query<{ organization_id: string; revision: number }[]>(
      `SELECT organization_id, revision FROM survey_responses WHERE survey_id = $1`,
      [roundId],
    );

  const field = (index: number) => `q-${questions[index].id}`;

  beforeAll(async () => {
    app = await startTestApp({ JOB_INTERVAL_SECONDS: '0', MAIL_INTERVAL_SECONDS: '0' });
    cast = await createCast(app);
    const verified = await app.post(
      `/api/organizations/${cast.organizationId}/verify`,
      {},
      { token: cast.admin.token },
    );
    expect(verified.status).toBe(200);
    for (const name of ['Chor Vielklang', 'Sportfreunde Nord']) {
      const { id } = await createOrganization(app, cast.owner, { name });
      await app.post(`/api/organizations/${id}/verify`, {}, { token: cast.admin.token });
      others.push(id);
    }
    const venue = await createVenue(app, cast.owner, cast.organizationId, { name: 'Haus Ost' });
    const stage = { ...cast, venueId: venue.id } as BookingStage;
    const room = await createBookableRoom(app, stage, { approval: 'automatic' });
    for (const [from, to] of [
      ['2027-06-07T10:00', '2027-06-07T13:00'],
      ['2027-06-14T18:00', '2027-06-14T20:30'],
    ]) {
      await book(app, cast.owner, {
        roomId: room.id,
        organizationId: cast.organizationId,
        startsAt: berlin(from),
        endsAt: berlin(to),
        title: 'Elterncafé',
      });
    }
    const nobody = await registerUser(app, { name: 'Ohne Verein' });
    [member, owner, outsider, loner, admin, anonymous] = await Promise.all([
      webClientOf(app, cast.member),
      webClientOf(app, cast.owner),
      webClientOf(app, cast.outsider),
      webClientOf(app, nobody),
      webClientOf(app, cast.admin),
      webClientOf(app),
    ]);
  }, 120_000);
  afterAll(() => app.close());

  describe('the needs survey', () => {
    it('staff open a round through the form, adding a question row without script', async () => {
      const form = await admin.get('/surveys/new');
      expect(form.status).toBe(200);
      expect(form.text).toContain('name="q2-de"');
      expect(form.text).not.toContain('name="q3-de"');
      expect((await member.get('/surveys/new')).status).toBe(403);

      const more = await admin.post('/surveys', { rows: '3', action: 'add', titleDe: 'Bedarfe' });
      expect(more.status).toBe(200);
      expect(more.text).toContain('name="q3-de"');
      expect(more.text).toContain('value="Bedarfe"');

      const fields = {
        rows: '4',
        action: 'open',
        titleDe: 'Bedarfe 2027',
        titleEn: 'Needs 2027',
        closesAt: new Date(Date.now() + 10 * 86400_000).toISOString().slice(0, 10),
        'q0-area': 'rooms',
        'q0-kind': 'rating',
        'q0-de': 'Wie dringend brauchen Sie Räume?',
        'q0-en': 'How urgently do you need rooms?',
        'q0-required': 'on',
        'q1-area': 'training',
        'q1-kind': 'choice',
        'q1-de': 'Wann passt eine Fortbildung?',
        'q1-en': 'When does a training suit you?',
        'q1-options': 'Abends | Evenings\nAm Wochenende | At weekends',
        'q2-area': 'other',
        'q2-kind': 'text',
        'q2-de': 'Was fehlt Ihnen?',
        'q2-en': 'What do you miss?',
      };
      // Refusals re-render the form with the summary and change nothing.
      const bad = await refused(admin, '/surveys', 422, {
        ...fields,
        titleEn: '',
        'q1-options': 'Nur eine',
      });
      expect(bad.text).toContain('rfe-error-summary');
      expect(bad.text).toContain('href="#field-titleEn"');
      expect(bad.text).toContain('href="#field-q1-options"');
      expect(bad.text).toContain('value="Bedarfe 2027"');
      await refused(admin, '/surveys', 422, { ...fields, closesAt: '2020-01-01' });
      await refused(admin, '/surveys', 403, { ...fields, _csrf: '' });
      await refused(member, '/surveys', 403, fields);

      const opened = await admin.post('/surveys', fields);
      expect(opened.status).toBe(303);
      roundId = new RegExp(`^/surveys/(${UUID})\\?opened=1$`).exec(opened.location!)![1];
      const round = await app.get(`/api/surveys/${roundId}`, { token: cast.member.token });
      expect(round.body).toMatchObject({
        title: { de: 'Bedarfe 2027', en: 'Needs 2027' },
        status: 'open',
      });
      questions = round.body.questions;
      expect(round.body.questions.map((q: any) => [q.kind, q.required, q.options.length])).toEqual([
        ['rating', true, 0],
        ['choice', false, 2],
        ['text', false, 0],
      ]);
      expect(round.body.questions[1].options[1].label).toEqual({
        de: 'Am Wochenende',
        en: 'At weekends',
      });
    });

    it('a verified organisation answers once, and edits its answer (prefilled)', async () => {
      const list = await member.get('/surveys');
      expect(list.status).toBe(200);
      expect(list.text).toContain(`href="/surveys/${roundId}"`);
      expect(list.text).toContain(': noch nicht beantwortet</li>');
      expect(list.text).not.toContain(': beantwortet</li>');

      const page = await member.get(`/surveys/${roundId}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<legend');
      expect(page.text).toMatch(
        new RegExp(`type="radio" id="field-${field(0)}" name="${field(0)}" value="1"`),
      );
      expect(page.text).toContain(`name="organizationId" value="${cast.organizationId}"`);

      const path = `/surveys/${roundId}/answers`;
      const answers = { organizationId: cast.organizationId, [field(1)]: 'option_2' };
      // The rating is required: the form again, with the summary, nothing saved.
      const missing = await refused(member, path, 422, answers);
      expect(missing.text).toContain(`href="#field-${field(0)}"`);
      await refused(member, path, 403, { ...answers, [field(0)]: '4', _csrf: '' });

      // Two members send the organisation's first answer at the same moment: one answer,
      // the later an edit of the earlier.
      await owner.get(`/surveys/${roundId}`);
      const first = { ...answers, [field(0)]: '4', [field(2)]: 'Lager' };
      const [sent, racing] = await Promise.all([member.post(path, first), owner.post(path, first)]);
      expect([sent.status, racing.status]).toEqual([303, 303]);
      expect(sent.location).toBe(`/surveys/${roundId}?organization=${cast.organizationId}&saved=1`);
      expect(await responses()).toEqual([{ organization_id: cast.organizationId, revision: 2 }]);

      const again = await member.get(sent.location!);
      expect(again.text).toContain('role="status"');
      expect(again.text).toMatch(new RegExp(`name="${field(0)}" value="4" checked`));
      expect(again.text).toMatch(new RegExp(`name="${field(1)}" value="option_2" checked`));
      expect(again.text).toContain('>Lager</textarea>');
      const listed = await member.get('/surveys');
      expect(listed.text).toContain(': beantwortet</li>');
      expect(listed.text).not.toContain(': noch nicht beantwortet</li>');

      // Changed later, by either member: the same answer, edited.
      const edited = await owner.post(path, { ...answers, [field(0)]: '5', [field(2)]: 'Lager' });
      expect(edited.status).toBe(303);
      expect(await responses()).toEqual([{ organization_id: cast.organizationId, revision: 3 }]);
      const api = await app.get(
        `/api/surveys/${roundId}/answers?organizationId=${cast.organizationId}`,
        { token: cast.member.token },
      );
      expect(api.body.answers).toEqual([
        { questionId: questions[0].id, rating: 5 },
        { questionId: questions[1].id, choices: ['option_2'] },
        { questionId: questions[2].id, text: 'Lager' },
      ]);
      // Two more organisations answer (by the API), for the results below.
      for (const [index, organizationId] of others.entries()) {
        const reply = await app.put(
          `/api/surveys/${roundId}/answers`,
          {
            organizationId,
            answers: [
              { questionId: questions[0].id, rating: 5 },
              { questionId: questions[2].id, text: ['Mehr Lagerraum', 'Abends offen'][index] },
            ],
          },
          { token: cast.owner.token },
        );
        expect(reply.status).toBe(200);
      }
    });

    it('members of an unverified organisation, and people without one, cannot answer', async () => {
      const page = await outsider.get(`/surveys/${roundId}`);
      expect(page.status).toBe(403);
      expect(page.text).not.toContain(`action="/surveys/${roundId}/answers"`);
      expect((await loner.get(`/surveys/${roundId}`)).status).toBe(403);
      const theirs = (await app.get('/api/organizations?mine=true', { token: cast.outsider.token }))
        .body.items[0].id as string;
      const path = `/surveys/${roundId}/answers`;
      await refused(outsider, path, 422, { organizationId: theirs, [field(0)]: '3' });
      await refused(outsider, path, 403, { organizationId: cast.organizationId, [field(0)]: '3' });
      await refused(loner, path, 404, { organizationId: 'not-an-id', [field(0)]: '3' });
      expect((await anonymous.get(`/surveys/${roundId}`)).location).toBe(
        `/login?next=${encodeURIComponent(`/surveys/${roundId}`)}`,
      );
    });

    it('a closed round is read-only', async () => {
      await refused(member, `/surveys/${roundId}/close`, 403);
      const staffView = await admin.get(`/surveys/${roundId}`);
      expect(staffView.status).toBe(200);
      expect(staffView.text).toContain(`action="/surveys/${roundId}/close"`);
      expect(staffView.text).toContain('<bdi>Was fehlt Ihnen?</bdi>');
      const closed = await admin.post(`/surveys/${roundId}/close`, {});
      expect(closed.status).toBe(303);
      const page = await member.get(`/surveys/${roundId}`);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain(`action="/surveys/${roundId}/answers"`);
      expect(page.text).toContain('<dl');
      const again = { organizationId: cast.organizationId, [field(0)]: '1' };
      await refused(member, `/surveys/${roundId}/answers`, 409, again);
      expect(await responses()).toContainEqual({
        organization_id: cast.organizationId,
        revision: 3,
      });
    });
  });

  describe('the reports page', () => {
    it('is for staff only', async () => {
      for (const path of ['/reports', `/reports/csv?report=bookings&${JUNE}`]) {
        expect((await member.get(path)).status).toBe(403);
        expect((await outsider.get(path)).status).toBe(403);
        expect((await anonymous.get(path)).location).toBe(
          `/login?next=${encodeURIComponent(path)}`,
        );
      }
      expect((await member.get('/')).text).not.toContain('href="/reports"');
      expect((await admin.get('/')).text).toContain('href="/reports"');
    });

    it('shows the figures of the API’s JSON, small groups as "< 3"', async () => {
      const json = (await app.get(`/api/reports/utilization?${JUNE}`, { token: cast.admin.token }))
        .body;
      const row = json.rows.find((r: any) => r.bookedHours > 0);
      expect(row.bookedHours).toBe(5.5);
      const page = await admin.get(`/reports?report=utilization&${JUNE}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<caption id="report-caption">');
      const lastYear = new Date().getFullYear() - 1;
      expect(page.text).toContain(`href="/reports/annual/${lastYear}">Jahresbericht ${lastYear}<`);
      expect(page.text).toContain('<th scope="col"');
      expect(page.text).toContain('<th scope="row"><bdi>');
      const number = new Intl.NumberFormat('de');
      const percent = new Intl.NumberFormat('de', { style: 'percent', maximumFractionDigits: 1 });
      expect(page.text).toContain(`>${number.format(row.openHours)}</td>`);
      expect(page.text).toContain(`>${number.format(row.bookedHours)}</td>`);
      expect(page.text).toContain(`>${percent.format(row.utilization)}</td>`);
      // The chart beside the table: drawn on the server, with its text alternative.
      expect(page.text).toMatch(/<figure class="rfe-annual__chart"><svg[^>]* role="img"/);
      expect(page.text).toContain('<desc');

      const reach = (await app.get(`/api/reports/reach?${JUNE}`, { token: cast.admin.token })).body;
      expect(reach.totals.organizations).toBe('< 3');
      const reachPage = await admin.get(`/reports?report=reach&${JUNE}`);
      expect(reachPage.status).toBe(200);
      expect(reachPage.text).toContain('>&lt; 3</td>');
      expect(reachPage.text).not.toMatch(/>1<\/td>/);
      // No number in the chart gives the small group away either.
      const chart = /<svg[\s\S]*?<\/svg>/.exec(reachPage.text)![0];
      expect(chart).toContain('&lt; 3');
      const mentoring = await admin.get(`/reports?report=mentoring&${JUNE}&groupBy=language`);
      expect(mentoring.status).toBe(200);
      expect(mentoring.text).toContain('value="language" selected');

      const inKind = await admin.get(`/reports?report=in-kind&${JUNE}`);
      const letter = /href="(\/reports\/in-kind\/letter\?[^"]+)"/.exec(inKind.text)![1];
      const printed = await admin.get(letter.replace(/&amp;/g, '&'));
      expect(printed.status).toBe(200);
      expect(printed.text).toContain('Haus Ost');
      expect((await member.get(letter.replace(/&amp;/g, '&'))).status).toBe(403);
    });

    it('shows the needs survey’s results with the free texts for staff', async () => {
      const page = await admin.get(`/reports?report=needs&round=${roundId}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<bdi>Wie dringend brauchen Sie Räume?</bdi>');
      // Three organisations gave 5, none of them 1; the free texts without their organisations.
      expect(page.text).toContain(
        '<tr><th scope="row"><bdi>Bewertung 5</bdi></th><td class="rfe-number">3</td></tr>',
      );
      expect(page.text).toContain(
        '<tr><th scope="row"><bdi>Bewertung 1</bdi></th><td class="rfe-number">0</td></tr>',
      );
      for (const text of ['Lager', 'Mehr Lagerraum', 'Abends offen'])
        expect(page.text).toContain(`<li><bdi>${text}</bdi></li>`);
      expect(page.text).not.toContain('Chor Vielklang');
    });

    it('downloads the API’s CSV files by the page’s session', async () => {
      for (const delimiter of ['comma', 'semicolon']) {
        const query = `report=utilization&${JUNE}&delimiter=${delimiter}`;
        const file = await admin.get(`/reports/csv?${query}`);
        expect(file.status).toBe(200);
        expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
        const api = await app.get(
          `/api/reports/utilization?${JUNE}&format=csv&delimiter=${delimiter}`,
          {
            token: cast.admin.token,
          },
        );
        expect(file.text).toBe(api.text);
        const rows: Record<string, string>[] = parse(file.text, {
          bom: true,
          columns: true,
          delimiter: delimiter === 'comma' ? ',' : ';',
        });
        const booked = rows.find((r) => r.bookedHours !== '0' && r.roomId)!;
        expect(Number(booked.bookedHours.replace(',', '.'))).toBe(5.5);
      }
      const page = await admin.get(`/reports?report=utilization&${JUNE}`);
      expect(page.text).toContain('href="/reports/csv?report=utilization&amp;from=2027-06-01');
      expect(page.text).toContain('delimiter=semicolon"');
    });

    it('re-renders a bad range with the error summary (422)', async () => {
      for (const range of ['from=2027-06-30&to=2027-06-01', 'from=2026-01-01&to=2027-06-30']) {
        const page = await admin.get(`/reports?report=bookings&${range}`);
        expect(page.status).toBe(422);
        expect(page.text).toContain('rfe-error-summary');
        expect(page.text).toContain('href="#field-to"');
        expect((await admin.get(`/reports/csv?report=bookings&${range}`)).status).toBe(422);
      }
      const page = await admin.get('/reports?report=bookings&from=2027-02-30&to=2027-03-01');
      expect(page.status).toBe(422);
      expect(page.text).toContain('href="#field-from"');
    });
  });
});
