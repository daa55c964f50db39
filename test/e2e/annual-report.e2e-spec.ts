import { DateTime } from 'luxon';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { AnnualReportService } from '../../src/reporting/annual-report.service';
import { WebSessionsService } from '../../src/web/shell/web-sessions.service';
import { berlin, book, EVERY_DAY_8_TO_22 } from '../support/booking-factories';
import { createRoom, createVenue, setOpeningHours } from '../support/catalogue-factories';
import { launchChromium } from '../support/chromium';
import { Cast, createCast } from '../support/factories';
import {
  certifiedMentor,
  createRequest,
  expectStatus,
  propose,
} from '../support/mentoring-factories';
import { expectUnchanged, startTestApp, TestApp } from '../support/test-app';
import { postRefused, webClientOf } from '../support/web-client';

const SECTIONS = ['utilization', 'bookings', 'reach', 'inKind', 'forum', 'mentoring'];
/** The fixture's sections with nothing in 2027: its requests were made now, no forum. */
const WITHOUT_ROWS = ['bookings', 'forum'];
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** The year running now in the agency's zone, and the last one that is over. */
const THIS_YEAR = DateTime.now().setZone('Europe/Berlin').year;
const LAST_YEAR = THIS_YEAR - 1;

/**
 * Runs `work` with the clock at `at` (only Date moves there; timers and the event loop stay
 * real), so that the fixture's year, still to come, is over and may be frozen.
 */
async function asOf<T>(at: string, work: () => Promise<T>): Promise<T> {
  jest.useFakeTimers({
    now: new Date(at),
    advanceTimers: true,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
  try {
    return await work();
  } finally {
    jest.useRealTimers();
  }
}

/**
 * The annual report over 2027 on a small fixture: a free room with two bookings of the cast's
 * organisation (March 2 h, June 3 h) and one mentoring pair (the cast's member as mentor,
 * a meeting of an hour in February). One organisation: its figures are "< 3" everywhere they
 * count organisations. The API in German and English; freezing, once, also when two race;
 * the frozen report unchanged after the mentor's account was deleted; the page in Chromium
 * without console errors or CSP reports, accessible, and printed to PDF on A4 with every
 * section present and visible in print media.
 */
describe('annual report', () => {
  let app: TestApp;
  let cast: Cast;
  let browser: Browser;
  const annual = (query: string, headers: Record<string, string> = {}) =>
    app.get(`/api/reports/annual?${query}`, { token: cast.admin.token, headers });
  const freeze = (year: number) =>
    app.post(`/api/reports/annual/${year}/freeze`, {}, { token: cast.admin.token });

  beforeAll(async () => {
    [app, browser] = await Promise.all([
      // Tokens that outlive the clock's move into the year after the fixture's.
      startTestApp({ JOB_INTERVAL_SECONDS: '0', JWT_EXPIRES_IN_SECONDS: String(5 * 365 * 86400) }),
      launchChromium(['--lang=de-DE']),
    ]);
    cast = await createCast(app);
    const venue = await createVenue(app, cast.owner, cast.organizationId, { name: 'Bürgerhaus' });
    const room = await createRoom(app, cast.owner, venue.id, {
      name: 'Saal <Vielfalt>',
      policy: { approval: 'automatic', leadTimeHours: 0, horizonDays: 500 },
      timeZone: 'Europe/Berlin',
    });
    await setOpeningHours(app, cast.owner, room.id, EVERY_DAY_8_TO_22);
    for (const [from, to] of [
      ['2027-03-02T10:00', '2027-03-02T12:00'],
      ['2027-06-15T10:00', '2027-06-15T13:00'],
    ])
      await book(app, cast.owner, {
        roomId: room.id,
        organizationId: cast.organizationId,
        startsAt: berlin(from),
        endsAt: berlin(to),
        title: 'Treffen',
      });
    const mentor = await certifiedMentor(app, cast.admin, cast.member, []);
    const request = await createRequest(app, cast.owner, cast.organizationId, {
      languages: ['de'],
    });
    const proposed = await propose(app, cast.admin, request.id, mentor.id);
    expectStatus(
      await app.post(
        `/api/mentoring/assignments/${proposed.id}/accept`,
        {},
        { token: cast.member.token },
      ),
      200,
      'accept',
    );
    expectStatus(
      await app.post(
        `/api/mentoring/assignments/${proposed.id}/meetings`,
        { startsAt: berlin('2027-02-10T18:00'), durationMinutes: 60, format: 'video' },
        { token: cast.member.token },
      ),
      201,
      'meeting',
    );
    await app.db.query(`UPDATE mentoring_requests SET created_at = $2 WHERE id = $1`, [
      request.id,
      berlin('2027-02-01T10:00'),
    ]);
    await app.db.query(`UPDATE mentoring_assignments SET accepted_at = $2 WHERE id = $1`, [
      proposed.id,
      berlin('2027-02-03T10:00'),
    ]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('has a summary, a chart and its table per section, in German or English', async () => {
    const german = await annual('year=2027');
    expect(german.status).toBe(200);
    expect(german.body).toMatchObject({ year: 2027, lang: 'de', title: 'Jahresbericht 2027' });
    expect(german.body.frozenAt).toBeNull();
    expect(german.body.sections.map((s: any) => s.key)).toEqual(SECTIONS);
    const [utilization, bookings, reach, inKind, forum, mentoring] = german.body.sections;
    // March and June: 2 h and 3 h of 434 and 420 open hours; the year's total 5 of 5,110.
    expect(utilization.table.rows.find((row: string[]) => row[0] === 'März')).toEqual([
      'März',
      '434',
      '2',
      '0,5\u00a0%',
    ]);
    expect(utilization.table.totals).toEqual(['Summe', '5.110', '5', '0,1\u00a0%']);
    expect(utilization.summary).toBe(
      'Die Räume waren 5.110 Stunden geöffnet; 5 davon waren gebucht, eine Auslastung von 0,1\u00a0%.',
    );
    expect(utilization.chart).toMatch(/^<svg [^>]*class="chart chart-line" role="img"/);
    expect(utilization.chart).toContain('<title id="annual-utilization-title">');
    // Requests are counted on the day they were made (today): none in 2027.
    expect(bookings.table.rows).toEqual([]);
    expect(bookings.summary).toBe('Für dieses Jahr gibt es nichts zu berichten.');
    // One organisation: its counts are hidden, in the table and in the chart alike.
    expect(reach.table.rows).toEqual([['Migrantenorganisation', '< 3', '< 3', '< 3']]);
    expect(reach.chart).toContain('class="chart-value chart-suppressed"');
    expect(reach.chart).not.toContain('<rect');
    // Hours of rooms are shown; the venue's name is escaped in the SVG.
    expect(inKind.table.rows).toEqual([['Bürgerhaus', '5', '75,00\u00a0€', '< 3']]);
    expect(inKind.chart).toContain('>Bürgerhaus</text>');
    expect(forum.summary).toBe('Für dieses Jahr gibt es nichts zu berichten.');
    expect(mentoring.table.rows[0][0]).toBe('Förderung und Finanzierung');
    expect(mentoring.table.rows[0].slice(1)).toEqual(['< 3', '< 3', '< 3', '< 3', '< 3']);

    const english = await annual('year=2027', { 'accept-language': 'en-GB,en;q=0.9' });
    expect(english.body).toMatchObject({ lang: 'en', title: 'Annual report 2027' });
    expect(english.body.sections[0].table.totals).toEqual(['Total', '5,110', '5', '0.1%']);
    expect((await annual('year=2027&lang=en')).body.lang).toBe('en');
    expect((await annual('year=2027&lang=de', { 'accept-language': 'en' })).body.lang).toBe('de');
  });

  it('refuses a year out of range, an unknown language and non-staff, changing nothing', async () => {
    for (const query of ['year=1999', 'year=zwei', 'year=2027&lang=fr', '']) {
      const reply = await expectUnchanged(app.db, () => annual(query));
      expect([query, reply.status]).toEqual([query, 400]);
      expect(reply.headers.get('content-type')).toContain('application/problem+json');
    }
    const member = await app.get('/api/reports/annual?year=2027', { token: cast.owner.token });
    expect(member.status).toBe(403);
    const frozenByMember = await expectUnchanged(app.db, () =>
      app.post('/api/reports/annual/2027/freeze', {}, { token: cast.owner.token }),
    );
    expect(frozenByMember.status).toBe(403);
    expect((await expectUnchanged(app.db, () => freeze(2101))).status).toBe(400);
  });

  it('refuses to freeze the year running or one to come, changing nothing', async () => {
    for (const year of [THIS_YEAR, 2027, THIS_YEAR + 2]) {
      const refused = await expectUnchanged(app.db, () => freeze(year));
      expect([year, refused.status]).toEqual([year, 409]);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body.type).toMatch(/annual-report-year-open$/);
      expect(refused.body.detail).toContain(String(year));
    }
    // The page refuses it too, with the problem's words, and offers no button for it.
    const staff = await webClientOf(app, cast.admin);
    const page = await staff.get(`/reports/annual/${THIS_YEAR}`);
    expect(page.text).not.toContain('/freeze"');
    await staff.get(`/reports/annual/${THIS_YEAR}`);
    const refusedPage = await postRefused(app, staff, `/reports/annual/${THIS_YEAR}/freeze`, 409);
    expect(refusedPage.text).toContain('Das Jahr ist noch nicht vorbei');
    // The last moment of 2027 in Berlin is still 2027; its first minute after is not.
    const late = await asOf('2027-12-31T22:59:00Z', () =>
      expectUnchanged(app.db, () => freeze(2027)),
    );
    expect(late.status).toBe(409);
  });

  it('draws no chart for a section with nothing to report', async () => {
    const empty = await annual(`year=${LAST_YEAR - 5}`);
    expect(empty.status).toBe(200);
    expect(empty.body.sections).toHaveLength(SECTIONS.length);
    for (const section of empty.body.sections) {
      expect(section).toMatchObject({
        chart: null,
        summary: 'Für dieses Jahr gibt es nichts zu berichten.',
      });
    }
    // In the fixture's year, a chart where there are rows, none where there are not.
    const full = await annual('year=2027');
    for (const section of full.body.sections) {
      expect([section.key, section.chart]).toEqual([
        section.key,
        section.table.rows.length ? expect.stringContaining('<svg') : null,
      ]);
    }
    expect(full.body.sections.filter((s: { chart: unknown }) => s.chart === null)).toHaveLength(
      WITHOUT_ROWS.length,
    );
  });

  it('freezes a year once it is over and serves it as stored, also after personal data were erased', async () => {
    const frozen = await asOf('2027-12-31T23:01:00Z', () => freeze(2027));
    expect(frozen.status).toBe(201);
    expect(frozen.body.frozenAt).toEqual(expect.any(String));
    expect(frozen.body.generatedAt).toBe(frozen.body.frozenAt);
    const rows = await app.db.query(
      `SELECT frozen_by, json_object_keys(documents) AS lang FROM annual_reports WHERE year = 2027
        ORDER BY lang`,
    );
    expect(rows).toEqual([
      { frozen_by: cast.admin.id, lang: 'de' },
      { frozen_by: cast.admin.id, lang: 'en' },
    ]);

    const again = await asOf('2028-02-01T10:00:00Z', () =>
      expectUnchanged(app.db, () => freeze(2027)),
    );
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.body.type).toMatch(/annual-report-frozen$/);

    // The mentor deletes their account.
    const deleted = await app.post(
      '/api/me/delete',
      { password: cast.member.password },
      { token: cast.member.token },
    );
    expect(deleted.status).toBe(204);
    // The pair has lost its mentor (the meeting stays for the organisation), and the year's
    // live figures changed: the pair ended, its one meeting hour still under "< 3".
    const [pair] = await app.db.query(`SELECT mentor_id, status FROM mentoring_assignments`);
    expect(pair).toEqual({ mentor_id: null, status: 'ended' });
    const live = await app.running.app.get(AnnualReportService).build(2027, 'de', null);
    const livePairs = live.sections.find((s) => s.key === 'mentoring')!.table.totals;
    expect(livePairs).toEqual(['Summe', '< 3', '< 3', '< 3', '0', '< 3']);

    const later = await annual('year=2027');
    expect(later.text).toBe(frozen.text);
    const english = await annual('year=2027&lang=en');
    expect(english.body).toMatchObject({ lang: 'en', frozenAt: frozen.body.frozenAt });
  });

  it('lets one of two racing freezes win', async () => {
    const replies = await Promise.all([freeze(LAST_YEAR), freeze(LAST_YEAR)]);
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409]);
    const rows = await app.db.query(`SELECT year FROM annual_reports WHERE year = $1`, [LAST_YEAR]);
    expect(rows).toHaveLength(1);
  });

  it('renders in Chromium without console errors, accessible, and prints every section on A4', async () => {
    const problems: string[] = [];
    const context: BrowserContext = await browser.newContext({ locale: 'de-DE' });
    try {
      const sessions = app.running.app.get(WebSessionsService, { strict: false });
      const session = await sessions.open(cast.admin.id);
      await context.addCookies([{ name: 'rfe_session', value: session.secret, url: app.url }]);
      const page = await context.newPage();
      // The browser asks for /favicon.ico on its own; the service has none (404).
      page.on('console', (message) => {
        if (/favicon/.test(message.location().url)) return;
        if (message.type() === 'error' || message.type() === 'warning')
          problems.push(`console ${message.type()}: ${message.text()}`);
      });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));

      // A year over and not frozen: the page offers to freeze it; the form answers 303, then
      // the notice. It has nothing to report, so it draws no chart.
      const over = LAST_YEAR - 2;
      const open = await page.goto(`${app.url}/reports/annual/${over}`);
      expect(open?.status()).toBe(200);
      expect(await page.locator('article section').count()).toBe(SECTIONS.length);
      expect(await page.locator('article svg, article figure').count()).toBe(0);
      await page.locator('main form button[type=submit]').click();
      await page.waitForURL(new RegExp(`/reports/annual/${over}\\?frozen=1$`));
      expect(await page.locator('main [role=status]').isVisible()).toBe(true);
      expect(await page.locator('main form[action$="/freeze"]').count()).toBe(0);
      // A year still running is not offered for freezing; the page says when it can be.
      await page.goto(`${app.url}/reports/annual/${THIS_YEAR}`);
      expect(await page.locator('main form[action$="/freeze"]').count()).toBe(0);
      expect(await page.locator('main').textContent()).toContain(
        'Festschreiben lässt sich der Bericht, wenn das Jahr vorbei ist.',
      );

      const response = await page.goto(`${app.url}/reports/annual/2027`);
      expect(response?.status()).toBe(200);
      expect(await page.locator('article h1').textContent()).toBe('Jahresbericht 2027');
      expect(await page.locator('article section svg[role=img]').count()).toBe(
        SECTIONS.length - WITHOUT_ROWS.length,
      );
      for (const key of WITHOUT_ROWS) {
        expect(await page.locator(`#section-${key} svg, #section-${key} figure`).count()).toBe(0);
      }
      await page.evaluate(AXE_SOURCE);
      const axe = await page.evaluate<string[]>(`axe.run(document, { runOnly: { type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
        resultTypes: ['violations'] }).then((result) => result.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => v.id + ': ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')))`);
      problems.push(...axe);

      // Print media: every section's heading, chart and table are shown, the site's header
      // and the freeze controls are not; each section starts a page of its own.
      await page.emulateMedia({ media: 'print' });
      const printed = await page.evaluate<
        { heading: string; shown: boolean; pageBreak: string }[]
      >(`[...document.querySelectorAll('article section')].map((section) => {
          const visible = (el) => !!el && el.getClientRects().length > 0 &&
            getComputedStyle(el).visibility !== 'hidden';
          return {
            heading: section.querySelector('h2').textContent,
            shown: [section, section.querySelector('h2'), section.querySelector('table'),
              ...(section.querySelector('figure') ? [section.querySelector('svg')] : [])]
              .every(visible),
            pageBreak: getComputedStyle(section).breakBefore,
          };
        })`);
      expect(printed).toEqual(
        [
          'Nutzung der Räume',
          'Buchungsanfragen',
          'Erreichte Organisationen',
          'Kostenlos verliehene Räume',
          'Forum',
          'Mentoring',
        ].map((heading) => ({ heading, shown: true, pageBreak: 'page' })),
      );
      expect(await page.locator('body > header').isVisible()).toBe(false);
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      // The title page and one page at least per section.
      const pages = pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? [];
      expect(pages.length).toBeGreaterThanOrEqual(SECTIONS.length + 1);
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
  }, 60_000);
});
