import { OutboxWorker } from '../../src/notifications/outbox-worker.service';
import { berlin, BookingStage, createStage, futureDay } from '../support/booking-factories';
import { createFeedLink, getFeed, parseFeed, uidOf } from '../support/calendar-feeds';
import { registerUser, TestUser } from '../support/factories';
import {
  createForumRoom,
  createSession,
  registrationInput,
  sessionInput,
} from '../support/forum-factories';
import {
  certifiedMentor,
  createMentor,
  createRequest,
  expectStatus,
  propose,
  requestInput,
} from '../support/mentoring-factories';
import { ReceivedMail, SmtpSink } from '../support/smtp-sink';
import { expectUnchanged, startTestApp, TestApp } from '../support/test-app';

const PUBLIC_URL = 'https://raum.example.org';

/**
 * Mentoring through its HTTP routes: training (forum attendance counts), certification,
 * ranked suggestions, proposals and assignments with their mails, meetings with a room
 * booked through the bookings module, the mentor's feed, and who may see what.
 */
describe('mentoring', () => {
  let app: TestApp;
  let sink: SmtpSink;
  let worker: OutboxWorker;
  let stage: BookingStage;
  /** Required modules: one linked to forum trainings on a topic, one recorded by hand. */
  let forumModule: any;
  let lawModule: any;
  const required = () => [forumModule.id, lawModule.id];
  const admin = () => ({ token: stage.admin.token });

  /** Delivers what is due; the mails received since the last call. */
  const mails = async (): Promise<ReceivedMail[]> => {
    await worker.deliverDue();
    return sink.take();
  };

  beforeAll(async () => {
    sink = await SmtpSink.start();
    app = await startTestApp({ SMTP_URL: sink.url, PUBLIC_URL, JOB_INTERVAL_SECONDS: '0' });
    worker = app.running.app.get(OutboxWorker);
    stage = await createStage(app);
    forumModule = expectStatus(
      await app.post(
        '/api/mentoring/training-modules',
        {
          title: 'Interkulturelle Kompetenz',
          hours: 3,
          required: true,
          forumTopic: 'intercultural_opening',
        },
        admin(),
      ),
      201,
      'module',
    ).body;
    lawModule = expectStatus(
      await app.post(
        '/api/mentoring/training-modules',
        { title: 'Vereinsrecht', hours: 2.5, required: true },
        admin(),
      ),
      201,
      'module',
    ).body;
    expectStatus(
      await app.post(
        '/api/mentoring/training-modules',
        { title: 'Öffentlichkeitsarbeit', hours: 2, required: false },
        admin(),
      ),
      201,
      'module',
    );
    await mails();
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await sink.close();
  });

  describe('training and certification', () => {
    it('refuses certification naming the missing modules; forum attendance counts', async () => {
      const user = await registerUser(app, { name: 'Ayşe Demir' });
      const mentor = await createMentor(app, user);
      expect(mentor).toMatchObject({ status: 'in_training', activeAssignments: 0 });
      expect(mentor.training.certifiable).toBe(false);

      const certify = `/api/mentoring/mentors/${mentor.id}/certify`;
      const refused = await expectUnchanged(app.db, () => app.post(certify, undefined, admin()));
      expect(refused.status).toBe(422);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body.type).toMatch(/mentor-not-certifiable$/);
      expect(refused.body.detail).toBe(
        'Es fehlen 2 Pflichtmodule: Interkulturelle Kompetenz, Vereinsrecht.',
      );
      expect(refused.body.missing.map((m: any) => m.title)).toEqual([
        'Interkulturelle Kompetenz',
        'Vereinsrecht',
      ]);
      // The mentor cannot certify themselves.
      expect((await app.post(certify, undefined, { token: user.token })).status).toBe(403);

      // A forum training on the module's topic, attended: recorded in the forum by staff.
      const room = await createForumRoom(app, stage, 30);
      const session = await createSession(
        app,
        stage,
        sessionInput(room.id, futureDay(3, 2), '18:00', '20:00', {
          topic: 'intercultural_opening',
        }),
      );
      const registration = expectStatus(
        await app.post(
          `/api/forum/sessions/${session.id}/registrations`,
          registrationInput('mentor', { email: user.email }),
          { token: user.token },
        ),
        201,
        'registration',
      ).body;
      await app.db.query(
        `UPDATE forum_sessions SET starts_at = now() - interval '3 hours',
                ends_at = now() - interval '1 hour' WHERE id = $1`,
        [session.id],
      );
      expectStatus(
        await app.put(
          `/api/forum/sessions/${session.id}/attendance`,
          [{ registrationId: registration.id, attended: true }],
          admin(),
        ),
        200,
        'attendance',
      );
      const progress = (await app.get(`/api/mentoring/mentors/${mentor.id}`, { token: user.token }))
        .body.training;
      expect(progress.modules.find((m: any) => m.moduleId === forumModule.id)).toMatchObject({
        attended: true,
        source: 'forum',
      });

      const stillMissing = await app.post(certify, undefined, {
        ...admin(),
        headers: { 'accept-language': 'en' },
      });
      expect(stillMissing.status).toBe(422);
      expect(stillMissing.body.detail).toBe('A required module is missing: Vereinsrecht.');
      // The certificate waits for the certification.
      expect(
        (await app.get(`/api/mentoring/mentors/${mentor.id}/certificate`, { token: user.token }))
          .status,
      ).toBe(409);

      expectStatus(
        await app.post(
          `/api/mentoring/mentors/${mentor.id}/training-records`,
          { moduleId: lawModule.id, attendedOn: '2026-11-05', note: 'Paritätischer' },
          admin(),
        ),
        201,
        'record',
      );
      const certified = await app.post(certify, undefined, admin());
      expect(certified.status).toBe(200);
      expect(certified.body).toMatchObject({ status: 'certified' });
      expect(certified.body.training).toMatchObject({ certifiable: true, hours: 5.5 });
      expect((await app.post(certify, undefined, admin())).status).toBe(409);

      const certificate = await app.get(`/api/mentoring/mentors/${mentor.id}/certificate`, {
        token: user.token,
      });
      expect(certificate.status).toBe(200);
      expect(certificate.headers.get('content-type')).toMatch(/^text\/html/);
      expect(certificate.text).toContain('Zertifikat');
      expect(certificate.text).toContain('Certificate');
      expect(certificate.text).toContain('Ayşe Demir');
      expect(certificate.text).toContain('Vereinsrecht');
      expect(certificate.text).not.toContain('Öffentlichkeitsarbeit');
    });

    it('refuses bad input to training and profiles, changing nothing', async () => {
      const user = await registerUser(app);
      await expectUnchanged(app.db, async () => {
        const topic = await app.post(
          '/api/mentoring/mentors',
          { languages: ['de'], topics: ['knitting'], capacity: 2, availability: [] },
          { token: user.token },
        );
        expect(topic.status).toBe(422);
        const capacity = await app.post(
          '/api/mentoring/mentors',
          { languages: ['de'], topics: [], capacity: 0, availability: ['never'] },
          { token: user.token },
        );
        expect(capacity.status).toBe(400);
        expect(capacity.body.errors.map((e: any) => e.field).sort()).toEqual([
          'availability',
          'capacity',
        ]);
        const module = await app.post(
          '/api/mentoring/training-modules',
          { title: 'X', hours: 1, required: true },
          { token: user.token },
        );
        expect(module.status).toBe(403);
        const anonymous = await app.get('/api/mentoring/training-modules');
        expect(anonymous.status).toBe(401);
      });
    });
  });

  describe('matching', () => {
    it('ranks by topic first, spreads the load, filters by language; each with reasons', async () => {
      const users = await Promise.all(
        ['Berk', 'Cem', 'Deniz', 'Amal', 'Emre'].map((name) => registerUser(app, { name })),
      );
      const [b, c, d, a] = await Promise.all([
        certifiedMentor(app, stage.admin, users[0], required(), { languages: ['tr', 'de'] }),
        certifiedMentor(app, stage.admin, users[1], required(), { languages: ['tr'] }),
        certifiedMentor(app, stage.admin, users[2], required(), {
          languages: ['tr'],
          topics: ['culture'],
          capacity: 5,
          availability: ['weekday_evenings', 'weekends'],
        }),
        certifiedMentor(app, stage.admin, users[3], required(), { languages: ['ar'] }),
      ]);
      const inTraining = await createMentor(app, users[4], { languages: ['tr'] });

      // Two of Cem's three places are taken by proposals for other requests.
      for (const topic of ['funding', 'public_relations']) {
        const other = await createRequest(app, stage.requester, stage.requesterOrganizationId, {
          topic,
        });
        await propose(app, stage.admin, other.id, c.id);
      }
      const request = await createRequest(app, stage.requester, stage.requesterOrganizationId);
      const reply = await app.get(`/api/mentoring/requests/${request.id}/suggestions`, admin());
      expect(reply.status).toBe(200);
      const ids = reply.body.map((s: any) => s.mentorId);
      // Topic fit first (Berk, Cem before Deniz), then the load (Berk has no place taken).
      expect(ids.filter((id: string) => [b.id, c.id, d.id].includes(id))).toEqual([
        b.id,
        c.id,
        d.id,
      ]);
      expect(ids).not.toContain(a.id); // speaks no language of the organisation
      expect(ids).not.toContain(inTraining.id);

      const berk = reply.body.find((s: any) => s.mentorId === b.id);
      expect(berk.name).toBe('Berk');
      expect(berk.reasons.map((r: any) => r.factor)).toEqual([
        'language',
        'topic',
        'availability',
        'load',
        'district',
      ]);
      const sum = berk.reasons.reduce((total: number, r: any) => total + r.weight * r.value, 0);
      expect(berk.score).toBeCloseTo(sum, 2);
      expect(berk.reasons[0].text).toBe('Gemeinsame Sprache: Türkisch');
      expect(berk.reasons[1].text).toBe('Kennt sich aus mit: Förderung und Finanzierung');
      const cem = reply.body.find((s: any) => s.mentorId === c.id);
      expect(cem.reasons.find((r: any) => r.factor === 'load')).toMatchObject({
        value: 0.33,
        text: '2 von 3 Plätzen belegt',
      });
      expect(cem.score).toBeLessThan(berk.score);
      const deniz = reply.body.find((s: any) => s.mentorId === d.id);
      expect(deniz.reasons.find((r: any) => r.factor === 'topic').value).toBe(0);

      // Staff only; an unknown request is a 404.
      const member = await app.get(`/api/mentoring/requests/${request.id}/suggestions`, {
        token: stage.requester.token,
      });
      expect(member.status).toBe(403);
      const unknown = await app.get(
        '/api/mentoring/requests/7c1e0000-0000-4000-8000-00000000f022/suggestions',
        admin(),
      );
      expect(unknown.status).toBe(404);

      // Proposals the rules forbid change nothing.
      await expectUnchanged(app.db, async () => {
        const language = await app.post(
          `/api/mentoring/requests/${request.id}/assignments`,
          { mentorId: a.id },
          admin(),
        );
        expect(language.status).toBe(422);
        expect(language.body.type).toMatch(/no-shared-language$/);
        const training = await app.post(
          `/api/mentoring/requests/${request.id}/assignments`,
          { mentorId: inTraining.id },
          admin(),
        );
        expect(training.status).toBe(422);
        const byMember = await app.post(
          `/api/mentoring/requests/${request.id}/assignments`,
          { mentorId: b.id },
          { token: stage.requester.token },
        );
        expect(byMember.status).toBe(403);
      });
    });
  });

  describe('assignments, mails, meetings, privacy', () => {
    let mentorUser: TestUser;
    let otherMentorUser: TestUser;
    let mentor: any;
    let assignment: any;

    beforeAll(async () => {
      mentorUser = await registerUser(app, { name: 'Fatma Kaya', locale: 'en' });
      otherMentorUser = await registerUser(app, { name: 'Goran' });
      mentor = await certifiedMentor(app, stage.admin, mentorUser, required(), {
        district: 'Weststadt',
      });
      await certifiedMentor(app, stage.admin, otherMentorUser, required());
      await mails();
    });

    it('mails both sides at proposal, acceptance and end; contact only once accepted', async () => {
      const request = await createRequest(app, stage.requester, stage.requesterOrganizationId);
      const proposed = await propose(app, stage.admin, request.id, mentor.id);
      expect(proposed).toMatchObject({ status: 'proposed', mentorId: mentor.id });
      const atProposal = await mails();
      const toMentor = atProposal.find((m) => m.envelopeTo.includes(mentorUser.email));
      const toOrganization = atProposal.find((m) => m.envelopeTo.includes(stage.requester.email));
      expect(atProposal).toHaveLength(2);
      expect(toMentor!.subject).toMatch(/^Request for mentoring: /);
      expect(toMentor!.text).toContain(request.description);
      expect(toMentor!.text).toContain(`${PUBLIC_URL}/mentoring/assignments/${proposed.id}`);
      expect(toOrganization!.subject).toBe('Wir haben eine Mentor*in für Sie angefragt');
      expect(toOrganization!.text).not.toContain(mentorUser.email);
      expect(toOrganization!.text).not.toContain('Fatma');

      // Only the mentor answers.
      await expectUnchanged(app.db, async () => {
        for (const token of [stage.admin.token, stage.requester.token, otherMentorUser.token]) {
          const reply = await app.post(
            `/api/mentoring/assignments/${proposed.id}/accept`,
            {},
            {
              token,
            },
          );
          expect(reply.status).toBe(token === otherMentorUser.token ? 404 : 403);
        }
      });
      const accepted = await app.post(
        `/api/mentoring/assignments/${proposed.id}/accept`,
        {},
        {
          token: mentorUser.token,
        },
      );
      expect(accepted.status).toBe(200);
      expect(accepted.body.status).toBe('active');
      assignment = accepted.body;
      const atAcceptance = await mails();
      expect(atAcceptance).toHaveLength(2);
      const organizationMail = atAcceptance.find((m) =>
        m.envelopeTo.includes(stage.requester.email),
      )!;
      expect(organizationMail.subject).toBe('Ihre Mentor*in: Fatma Kaya');
      expect(organizationMail.text).toContain(mentorUser.email);
      const mentorMail = atAcceptance.find((m) => m.envelopeTo.includes(mentorUser.email))!;
      expect(mentorMail.text).toContain(stage.requester.email);
      expect(
        (await app.get(`/api/mentoring/requests/${request.id}`, { token: stage.requester.token }))
          .body.status,
      ).toBe('matched');
    });

    it('logs meetings, books a room through the bookings module, lists them in the mentor feed', async () => {
      const room = await createForumRoom(app, stage, 12);
      const day = futureDay(4, 1);
      const path = `/api/mentoring/assignments/${assignment.id}/meetings`;
      const withRoom = await app.post(
        path,
        {
          startsAt: berlin(`${day}T18:00`),
          durationMinutes: 90,
          format: 'in_person',
          topics: ['funding'],
          note: 'Antrag bei der Stadt, Frist 31.3.',
          roomId: room.id,
        },
        { token: mentorUser.token },
      );
      expect(withRoom.status).toBe(201);
      expect(withRoom.body.bookingId).toBeTruthy();
      const booking = await app.get(`/api/bookings/${withRoom.body.bookingId}`, {
        token: stage.requester.token,
      });
      expect(booking.body).toMatchObject({
        roomId: room.id,
        organizationId: stage.requesterOrganizationId,
        status: 'approved',
      });
      const byPhone = expectStatus(
        await app.post(
          path,
          { startsAt: berlin(`${day}T10:00`), durationMinutes: 30, format: 'phone' },
          { token: mentorUser.token },
        ),
        201,
        'meeting',
      ).body;

      // The slot is taken now: the same room at the same time is refused, nothing is logged.
      await expectUnchanged(app.db, async () => {
        const taken = await app.post(
          path,
          {
            startsAt: berlin(`${day}T18:30`),
            durationMinutes: 60,
            format: 'in_person',
            roomId: room.id,
          },
          { token: mentorUser.token },
        );
        expect(taken.status).toBe(409);
        const byStaff = await app.post(
          path,
          { startsAt: berlin(`${day}T08:00`), durationMinutes: 30, format: 'video' },
          admin(),
        );
        expect(byStaff.status).toBe(403);
      });

      // The mentor's own feed link; nobody else's.
      const others = await app.post(
        '/api/calendar/tokens',
        { scope: 'mentor', subjectId: mentor.id },
        { token: otherMentorUser.token },
      );
      expect(others.status).toBe(403);
      const link = await createFeedLink(app, mentorUser, 'mentor', mentor.id);
      const feed = await getFeed(app, link.path);
      expect(feed.status).toBe(200);
      expect(feed.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      const parsed = parseFeed(feed.text);
      expect(parsed.events.map((e) => e.uid)).toEqual([
        uidOf(app, byPhone.id),
        uidOf(app, withRoom.body.id),
      ]);
      const inRoom = parsed.event(uidOf(app, withRoom.body.id));
      expect(inRoom.startInBerlin).toBe(`${day}T18:00`);
      expect(inRoom.end.getTime() - inRoom.start.getTime()).toBe(90 * 60_000);
      expect(inRoom.location).toBeTruthy();
      expect(parsed.event(uidOf(app, byPhone.id)).location).toBeNull();
      expect(inRoom.status).toBe('CONFIRMED');
      expect(inRoom.summary).toMatch(/^Mentoring: /);
      expect(feed.text).not.toContain('Frist'); // the note stays private
      const again = await getFeed(app, link.path, { 'if-none-match': feed.headers.get('etag')! });
      expect(again.status).toBe(304);
    });

    it('shows mentors, requests and notes to each role as the privacy rules say', async () => {
      const [member, outsider, other, mine, anonymous] = [
        stage.requester.token,
        stage.outsider.token,
        otherMentorUser.token,
        mentorUser.token,
        undefined,
      ];
      const profile = `/api/mentoring/mentors/${mentor.id}`;
      const statusOf = async (path: string, token?: string) =>
        (await app.get(path, { token })).status;
      expect(await statusOf(profile, anonymous)).toBe(401);
      expect(await statusOf(profile, outsider)).toBe(404);
      expect(await statusOf(profile, other)).toBe(404);
      const byOrganization = await app.get(profile, { token: member });
      expect(byOrganization.status).toBe(200);
      expect(byOrganization.body.email).toBe(mentorUser.email);
      expect(byOrganization.body.training).toBeUndefined();
      const byStaff = await app.get(profile, admin());
      expect(byStaff.body.email).toBe(mentorUser.email);
      expect(byStaff.body.training).toBeDefined();
      expect((await app.get(profile, { token: mine })).body.training).toBeDefined();

      // No public list; others see only themselves and their assigned mentors.
      expect(await statusOf('/api/mentoring/mentors', anonymous)).toBe(401);
      const listed = async (token: string) =>
        (await app.get('/api/mentoring/mentors?limit=100', { token })).body.items.map(
          (m: any) => m.id,
        );
      expect(await listed(member)).toEqual([mentor.id]);
      expect(await listed(outsider)).toEqual([]);
      expect(await listed(other)).not.toContain(mentor.id);
      expect(await listed(stage.admin.token)).toContain(mentor.id);

      // Assignments: the mentor's and the organisation's; the total also past the end.
      const assignments = async (token: string, offset = 0) =>
        (await app.get(`/api/mentoring/assignments?offset=${offset}`, { token })).body;
      expect((await assignments(mine)).items.map((a: any) => a.id)).toEqual([assignment.id]);
      expect((await assignments(outsider)).total).toBe(0);
      expect((await assignments(other)).items.map((a: any) => a.id)).not.toContain(assignment.id);
      const past = await assignments(mine, 5);
      expect(past).toMatchObject({ items: [], total: 1 });

      // Requests: the organisation's own only.
      const requestPath = `/api/mentoring/requests/${assignment.requestId}`;
      expect(await statusOf(requestPath, outsider)).toBe(404);
      expect(await statusOf(requestPath, member)).toBe(200);
      expect(await statusOf(requestPath, mine)).toBe(200); // the mentor asked for it
      expect(await statusOf(requestPath, other)).toBe(404);
      const outsiders = await app.get('/api/mentoring/requests', { token: outsider });
      expect(outsiders.body.total).toBe(0);
      await expectUnchanged(app.db, async () => {
        const foreign = await app.post(
          '/api/mentoring/requests',
          requestInput(stage.requesterOrganizationId),
          { token: stage.outsider.token },
        );
        expect(foreign.status).toBe(403);
        const topic = await app.post(
          '/api/mentoring/requests',
          requestInput(stage.requesterOrganizationId, { topic: 'knitting' }),
          { token: member },
        );
        expect(topic.status).toBe(422);
      });

      // Notes: the mentor and staff; the organisation sees the meetings without them.
      const meetings = `/api/mentoring/assignments/${assignment.id}/meetings`;
      expect(await statusOf(meetings, anonymous)).toBe(401);
      expect(await statusOf(meetings, outsider)).toBe(404);
      expect(await statusOf(meetings, other)).toBe(404);
      const notes = async (token: string) =>
        (await app.get(meetings, { token })).body.items.map((m: any) => m.note);
      expect(await notes(mine)).toContain('Antrag bei der Stadt, Frist 31.3.');
      expect(await notes(stage.admin.token)).toContain('Antrag bei der Stadt, Frist 31.3.');
      const forOrganization = await app.get(meetings, { token: member });
      expect(forOrganization.body.total).toBe(2);
      expect(forOrganization.body.items.every((m: any) => !('note' in m))).toBe(true);
    });

    it('ends an assignment with a reason, telling both sides; the place is free again', async () => {
      await expectUnchanged(app.db, async () => {
        const noReason = await app.post(
          `/api/mentoring/assignments/${assignment.id}/end`,
          {},
          { token: stage.requester.token },
        );
        expect(noReason.status).toBe(400);
        const outsider = await app.post(
          `/api/mentoring/assignments/${assignment.id}/end`,
          { reason: 'x' },
          { token: stage.outsider.token },
        );
        expect(outsider.status).toBe(404);
      });
      await mails();
      const ended = await app.post(
        `/api/mentoring/assignments/${assignment.id}/end`,
        { reason: 'Der Verein hat sich aufgelöst.' },
        { token: stage.requester.token },
      );
      expect(ended.status).toBe(200);
      expect(ended.body).toMatchObject({ status: 'ended', endedBy: 'organization' });
      const atEnd = await mails();
      expect(atEnd.flatMap((m) => m.envelopeTo).sort()).toEqual(
        [mentorUser.email, stage.requester.email].sort(),
      );
      const toMentor = atEnd.find((m) => m.envelopeTo.includes(mentorUser.email))!;
      expect(toMentor.subject).toMatch(/^Mentoring ended: /);
      expect(toMentor.text).toContain('Der Verein hat sich aufgelöst.');
      const after = await app.get(`/api/mentoring/mentors/${mentor.id}`, admin());
      expect(after.body).toMatchObject({ activeAssignments: 0, placesTaken: 0 });
      const twice = await app.post(
        `/api/mentoring/assignments/${assignment.id}/complete`,
        {},
        { token: mentorUser.token },
      );
      expect(twice.status).toBe(409);
    });
  });
});
