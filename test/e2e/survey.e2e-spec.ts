import { parse } from 'csv-parse/sync';
import { OutboxWorker } from '../../src/notifications/outbox-worker.service';
import { SurveyJobsService } from '../../src/survey/survey-jobs.service';
import { Cast, createCast, createOrganization, registerUser, TestUser } from '../support/factories';
import { SmtpSink } from '../support/smtp-sink';
import { expectUnchanged, Reply, startTestApp, TestApp } from '../support/test-app';

const PUBLIC_URL = 'https://raum.example.org';

/**
 * The needs survey: staff open rounds, verified organisations answer once per round and may
 * edit until it closes, those that have not answered are reminded once; the needs report.
 *
 * Organisations: the cast's (verified; owner and member), three more of one owner who
 * writes English (verified), and the outsider's (not verified).
 */
describe('needs survey', () => {
  let app: TestApp;
  let sink: SmtpSink;
  let cast: Cast;
  let many: TestUser;
  const verified: string[] = [];
  let unverified: string;

  const admin = () => ({ token: cast.admin.token });
  const question = (extra: Record<string, unknown>) => ({
    area: 'rooms',
    kind: 'rating',
    text: { de: 'Wie dringend brauchen Sie Räume?', en: 'How urgently do you need rooms?' },
    ...extra,
  });
  const roundInput = (extra: Record<string, unknown> = {}) => ({
    title: { de: 'Bedarfe 2027', en: 'Needs 2027', tr: 'İhtiyaçlar 2027' },
    closesAt: new Date(Date.now() + 14 * 24 * 3600 * 1000).toISOString(),
    questions: [
      question({ required: true }),
      question({
        area: 'training',
        kind: 'choice',
        multiple: true,
        text: { de: 'Welche Fortbildungen?', en: 'Which trainings?' },
        options: [
          { key: 'funding' },
          { key: 'public_relations' },
          { key: 'homework', label: { de: 'Hausaufgabenhilfe', en: 'Homework help' } },
        ],
      }),
      question({
        area: 'mentoring',
        kind: 'choice',
        topic: 'intercultural_opening',
        text: { de: 'Suchen Sie Begleitung?', en: 'Do you look for a mentor?' },
        options: [
          { key: 'yes', label: { de: 'Ja', en: 'Yes' } },
          { key: 'no', label: { de: 'Nein', en: 'No' } },
        ],
      }),
      question({
        area: 'other',
        kind: 'text',
        text: { de: 'Was fehlt Ihnen?', en: 'What do you miss?' },
      }),
    ],
    ...extra,
  });
  const open = async (extra: Record<string, unknown> = {}) => {
    const reply = await app.post('/api/surveys', roundInput(extra), admin());
    if (reply.status !== 201) throw new Error(`survey: ${reply.status} ${reply.text}`);
    return reply.body;
  };
  /** Answers for the round's questions: rating, choices, mentoring choice, text. */
  const answersOf = (round: any, rating: number, choices: string[], text?: string) => [
    { questionId: round.questions[0].id, rating },
    { questionId: round.questions[1].id, choices },
    ...(text ? [{ questionId: round.questions[3].id, text }] : []),
  ];
  const put = (round: any, organizationId: string, answers: unknown[], user: TestUser) =>
    app.put(`/api/surveys/${round.id}/answers`, { organizationId, answers }, { token: user.token });

  beforeAll(async () => {
    sink = await SmtpSink.start();
    app = await startTestApp({ SMTP_URL: sink.url, PUBLIC_URL, JOB_INTERVAL_SECONDS: '0' });
    cast = await createCast(app);
    many = await registerUser(app, { name: 'Ayşe Demir', locale: 'en' });
    const ids = [cast.organizationId];
    for (const n of [2, 3, 4]) {
      ids.push((await createOrganization(app, many, { name: `Verein ${n}` })).id);
    }
    for (const id of ids) {
      const reply = await app.post(`/api/organizations/${id}/verify`, {}, admin());
      if (reply.status !== 200) throw new Error(`verify: ${reply.status} ${reply.text}`);
      verified.push(id);
    }
    const outsiders = await app.get('/api/organizations?limit=100', admin());
    unverified = outsiders.body.items.find((o: any) => !ids.includes(o.id) && !o.verified).id;
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await sink.close();
  });

  describe('rounds', () => {
    it('staff open a round; its questions keep their wording and topics’ labels', async () => {
      const round = await open();
      expect(round).toMatchObject({
        status: 'open',
        title: { de: 'Bedarfe 2027', en: 'Needs 2027', tr: 'İhtiyaçlar 2027' },
        closedAt: null,
      });
      // The reminder three days before the end, unless staff say otherwise.
      expect(Date.parse(round.closesAt) - Date.parse(round.remindAt)).toBe(3 * 24 * 3600 * 1000);
      expect(round.questions.map((q: any) => [q.position, q.area, q.kind])).toEqual([
        [1, 'rooms', 'rating'],
        [2, 'training', 'choice'],
        [3, 'mentoring', 'choice'],
        [4, 'other', 'text'],
      ]);
      expect(round.questions[1].options[0]).toEqual({
        key: 'funding',
        label: { de: 'Förderung und Finanzierung', en: 'Funding and finance' },
      });
      expect(round.questions[2].topic).toBe('intercultural_opening');

      const seen = await app.get(`/api/surveys/${round.id}`, { token: cast.member.token });
      expect(seen.status).toBe(200);
      expect(seen.body).toEqual(round);
      const list = await app.get('/api/surveys', { token: cast.outsider.token });
      expect(list.body.items.map((s: any) => s.id)).toContain(round.id);
      expect(list.body.total).toBeGreaterThanOrEqual(1);
    });

    const bad: [string, Record<string, unknown>, string][] = [
      ['an end in the past', { closesAt: '2020-01-01T00:00:00Z' }, 'closesAt'],
      ['a round longer than a year', { closesAt: '2099-01-01T00:00:00Z' }, 'closesAt'],
      ['a reminder after the end', { remindAt: '2099-01-01T00:00:00Z' }, 'remindAt'],
      ['no English title', { title: { de: 'Nur Deutsch' } }, 'title.en'],
      ['no questions', { questions: [] }, 'questions'],
      ['a question that is not an object', { questions: ['Räume?'] }, 'questions[0]'],
      [
        'a rating of unknown area',
        { questions: [question({ area: 'weather' })] },
        'questions[0].area',
      ],
      ['an unknown topic', { questions: [question({ topic: 'astrology' })] }, 'questions[0].topic'],
      [
        'a choice without options',
        { questions: [question({ kind: 'choice' })] },
        'questions[0].options',
      ],
      [
        'options for a text',
        {
          questions: [question({ kind: 'text', options: [{ key: 'funding' }, { key: 'other' }] })],
        },
        'questions[0].options',
      ],
      [
        'an option without a label that is no topic',
        {
          questions: [question({ kind: 'choice', options: [{ key: 'funding' }, { key: 'cake' }] })],
        },
        'questions[0].options[1].label',
      ],
      [
        'an option twice',
        {
          questions: [
            question({ kind: 'choice', options: [{ key: 'funding' }, { key: 'funding' }] }),
          ],
        },
        'questions[0].options[1].key',
      ],
    ];
    it.each(bad)(
      'refuses %s with problem+json and changes nothing',
      async (_what, extra, field) => {
        const reply: Reply = await expectUnchanged(app.db, () =>
          app.post('/api/surveys', roundInput(extra), admin()),
        );
        expect(reply.status).toBe(400);
        expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(reply.body.errors.map((e: any) => e.field)).toContain(field);
      },
    );

    it('only staff open and close rounds; anonymous callers are asked to log in', async () => {
      const round = await open();
      await expectUnchanged(app.db, async () => {
        for (const token of [cast.owner.token, cast.member.token]) {
          const post = await app.post('/api/surveys', roundInput(), { token });
          expect(post.status).toBe(403);
          expect(post.headers.get('content-type')).toMatch(/^application\/problem\+json/);
          expect((await app.post(`/api/surveys/${round.id}/close`, {}, { token })).status).toBe(
            403,
          );
        }
        expect((await app.post('/api/surveys', roundInput())).status).toBe(401);
        expect((await app.get('/api/surveys')).status).toBe(401);
        expect((await app.get(`/api/surveys/${round.id}`)).status).toBe(401);
        const answers = await put(round, cast.organizationId, [], { token: '' } as TestUser);
        expect(answers.status).toBe(401);
        const unknown = await app.get('/api/surveys/0e7c3f4a-5b6d-4c8e-9f00-112233445566', admin());
        expect(unknown.status).toBe(404);
        expect(unknown.body.type).toMatch(/survey-not-found$/);
      });
    });
  });

  describe('answers', () => {
    let round: any;
    beforeAll(async () => {
      round = await open();
    });

    it('a verified organisation answers, reads its answer and edits it', async () => {
      const first = await put(
        round,
        cast.organizationId,
        answersOf(round, 4, ['funding'], 'Ein Lagerraum'),
        cast.member,
      );
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        surveyId: round.id,
        organizationId: cast.organizationId,
        revision: 1,
        answers: [
          { questionId: round.questions[0].id, rating: 4 },
          { questionId: round.questions[1].id, choices: ['funding'] },
          { questionId: round.questions[3].id, text: 'Ein Lagerraum' },
        ],
      });
      const edited = await put(
        round,
        cast.organizationId,
        answersOf(round, 5, ['homework', 'funding']),
        cast.owner,
      );
      expect(edited.status).toBe(200);
      expect(edited.body.revision).toBe(2);
      expect(edited.body.answers).toEqual([
        { questionId: round.questions[0].id, rating: 5 },
        { questionId: round.questions[1].id, choices: ['homework', 'funding'] },
      ]);
      const read = await app.get(
        `/api/surveys/${round.id}/answers?organizationId=${cast.organizationId}`,
        { token: cast.member.token },
      );
      expect(read.status).toBe(200);
      expect(read.body).toEqual(edited.body);
      const rows = await app.db.query(
        `SELECT count(*)::int AS n FROM survey_responses WHERE survey_id = $1`,
        [round.id],
      );
      expect(rows[0].n).toBe(1);
    });

    it('refuses answers that do not fit the questions, and changes nothing', async () => {
      const [q1, q2, q3] = round.questions;
      const cases: [unknown[], string][] = [
        [[{ questionId: q1.id, rating: 6 }], 'answers[0].rating'],
        [[{ questionId: q1.id, text: 'gut' }], 'answers[0].rating'],
        [[{ questionId: q1.id, rating: 3, text: 'gut' }], 'answers[0].rating'],
        [
          [
            { questionId: q1.id, rating: 3 },
            { questionId: q1.id, rating: 2 },
          ],
          'answers[1].questionId',
        ],
        [
          [
            { questionId: q1.id, rating: 3 },
            { questionId: q2.id, choices: ['cake'] },
          ],
          'answers[1].choices[0]',
        ],
        [
          [
            { questionId: q1.id, rating: 3 },
            { questionId: q3.id, choices: ['yes', 'no'] },
          ],
          'answers[1].choices',
        ],
        [[{ questionId: q2.id, choices: ['funding'] }], 'answers'],
        [
          [{ questionId: '0e7c3f4a-5b6d-4c8e-9f00-112233445566', rating: 1 }],
          'answers[0].questionId',
        ],
        [[{ questionId: q1.id, rating: 3, extra: true }], 'answers[0].extra'],
      ];
      await expectUnchanged(app.db, async () => {
        for (const [answers, field] of cases) {
          const reply = await put(round, verified[1], answers, many);
          expect(reply.status).toBe(400);
          expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
          expect(reply.body.errors.map((e: any) => e.field)).toContain(field);
        }
      });
    });

    it('only members of a verified organisation answer for it', async () => {
      const answers = answersOf(round, 3, ['funding']);
      await expectUnchanged(app.db, async () => {
        const stranger = await put(round, cast.organizationId, answers, cast.outsider);
        expect(stranger.status).toBe(403);
        expect(stranger.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        const notVerified = await put(round, unverified, answers, cast.outsider);
        expect(notVerified.status).toBe(422);
        expect(notVerified.body.type).toMatch(/survey-organization-not-verified$/);
        const peek = await app.get(
          `/api/surveys/${round.id}/answers?organizationId=${cast.organizationId}`,
          { token: cast.outsider.token },
        );
        expect(peek.status).toBe(403);
        const none = await app.get(
          `/api/surveys/${round.id}/answers?organizationId=${verified[3]}`,
          { token: many.token },
        );
        expect(none.status).toBe(404);
        const unknownRound = await app.put(
          '/api/surveys/0e7c3f4a-5b6d-4c8e-9f00-112233445566/answers',
          { organizationId: cast.organizationId, answers },
          { token: cast.owner.token },
        );
        expect(unknownRound.status).toBe(404);
      });
    });

    it('two first answers sent at once leave one answer', async () => {
      const [a, b] = await Promise.all([
        put(round, verified[2], answersOf(round, 1, ['funding'], 'A'), many),
        put(round, verified[2], answersOf(round, 2, ['homework'], 'B'), many),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect([a.body.revision, b.body.revision].sort()).toEqual([1, 2]);
      const responses = await app.db.query(
        `SELECT id, revision FROM survey_responses WHERE survey_id = $1 AND organization_id = $2`,
        [round.id, verified[2]],
      );
      expect(responses).toHaveLength(1);
      expect(responses[0].revision).toBe(2);
      const answers = await app.db.query<{ rating: number | null; text: string | null }[]>(
        `SELECT rating, text FROM survey_answers WHERE response_id = $1 ORDER BY rating, text`,
        [responses[0].id],
      );
      // The last one written is the answer, whole: its rating with its own text.
      const last = a.body.revision === 2 ? a.body : b.body;
      expect(answers).toHaveLength(3);
      expect(answers.find((x) => x.rating !== null)!.rating).toBe(last.answers[0].rating);
      expect(answers.find((x) => x.text !== null)!.text).toBe(last.answers[2].text);
    });

    it('closes: then nothing can be answered or changed; closing twice is a conflict', async () => {
      const other = await open();
      const closed = await app.post(`/api/surveys/${other.id}/close`, {}, admin());
      expect(closed.status).toBe(200);
      expect(closed.body.status).toBe('closed');
      await expectUnchanged(app.db, async () => {
        const late = await put(
          other,
          cast.organizationId,
          answersOf(other, 3, ['funding']),
          cast.owner,
        );
        expect(late.status).toBe(409);
        expect(late.body.type).toMatch(/survey-closed$/);
        const again = await app.post(`/api/surveys/${other.id}/close`, {}, admin());
        expect(again.status).toBe(409);
      });
    });
  });

  describe('reminder', () => {
    it('mails the owners of each verified organisation that has not answered, once', async () => {
      // Other rounds of this file are not due: only this one is.
      const round = await open({ title: { de: 'Erinnerungsrunde', en: 'Reminder round' } });
      expect((await put(round, verified[1], answersOf(round, 3, ['funding']), many)).status).toBe(
        200,
      );
      await app.db.query(
        `UPDATE surveys SET opens_at = now() - interval '1 hour',
              remind_at = now() - interval '1 minute' WHERE id = $1`,
        [round.id],
      );
      const jobs = app.running.app.get(SurveyJobsService);
      const counts = await Promise.all([jobs.remindDue(), jobs.remindDue()]);
      // Cast's organisation (its owner) and Verein 3 and 4 (their owner): not Verein 2, which
      // answered, nor the outsider's, which is not verified.
      expect(counts[0] + counts[1]).toBe(3);
      expect(await jobs.remindDue()).toBe(0);

      sink.take();
      await app.running.app.get(OutboxWorker).deliverDue();
      const mails = sink
        .take()
        .filter(
          (m) => m.subject.includes('Erinnerungsrunde') || m.subject.includes('Reminder round'),
        );
      expect(mails.map((m) => m.envelopeTo[0]).sort()).toEqual(
        [cast.owner.email, many.email, many.email].sort(),
      );
      const german = mails.find((m) => m.envelopeTo[0] === cast.owner.email)!;
      expect(german.subject).toMatch(/^Erinnerung: Bedarfsumfrage „Erinnerungsrunde“ bis /);
      expect(german.text).toContain(`${PUBLIC_URL}/surveys/${round.id}`);
      const english = mails.filter((m) => m.envelopeTo[0] === many.email);
      expect(english[0].subject).toMatch(/^Reminder: needs survey “Reminder round” until /);
      expect(english.map((m) => m.text.match(/organisation (Verein \d)/)![1]).sort()).toEqual([
        'Verein 3',
        'Verein 4',
      ]);
    });
  });

  describe('needs report', () => {
    let round: any;
    const report = (query: string, token = cast.admin.token) =>
      app.get(`/api/reports/needs?${query}`, { token });

    beforeAll(async () => {
      round = await open({ title: { de: 'Berichtsrunde', en: 'Report round' } });
      // Ratings 5, 5, 5, 4; trainings: funding ×3, homework ×2 (several each);
      // mentoring: nobody; texts from three organisations.
      const given: [string, TestUser, number, string[], string][] = [
        [verified[0], cast.owner, 5, ['funding', 'homework'], 'Mehr Lagerraum'],
        [verified[1], many, 5, ['funding'], 'Abends offene Räume'],
        [verified[2], many, 5, ['funding', 'homework'], 'Beratung zu Fördermitteln'],
        [verified[3], many, 4, ['public_relations'], ''],
      ];
      for (const [org, user, rating, choices, text] of given) {
        const reply = await put(
          round,
          org,
          answersOf(round, rating, choices, text || undefined),
          user,
        );
        if (reply.status !== 200) throw new Error(`answer: ${reply.status} ${reply.text}`);
      }
    });

    it('counts the organisations per answer, hides small groups, lists the free texts', async () => {
      const reply = await report(`round=${round.id}&lang=en`);
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ report: 'needs', groupBy: 'question', suppressed: true });
      const rows = reply.body.rows.map((r: any) => [
        r.questionNumber,
        r.answer,
        r.organizations,
        r.meanRating,
        r.text,
      ]);
      expect(rows).toEqual([
        [1, null, 4, 4.75, null],
        // 4 is one organisation: hidden, and with it the first zero, or 4 − 3 would tell.
        [1, '1', '< 3', null, null],
        [1, '2', 0, null, null],
        [1, '3', 0, null, null],
        [1, '4', '< 3', null, null],
        [1, '5', 3, null, null],
        [2, null, 4, null, null],
        [2, 'funding', 3, null, null],
        [2, 'public_relations', '< 3', null, null],
        [2, 'homework', '< 3', null, null],
        [3, null, 0, null, null],
        [3, 'yes', 0, null, null],
        [3, 'no', 0, null, null],
        [4, null, 3, null, null],
        [4, null, null, null, 'Abends offene Räume'],
        [4, null, null, null, 'Beratung zu Fördermitteln'],
        [4, null, null, null, 'Mehr Lagerraum'],
      ]);
      expect(reply.body.rows[0]).toMatchObject({
        questionId: round.questions[0].id,
        area: 'rooms',
        kind: 'rating',
        question: 'How urgently do you need rooms?',
        answerLabel: null,
      });
      expect(reply.body.rows[7].answerLabel).toBe('Funding and finance');
      expect(reply.body.rows[9].answerLabel).toBe('Homework help');
      expect(reply.body.totals).toEqual({ organizations: 4, meanRating: null });
      const de = await report(`round=${round.id}`);
      expect(de.body.rows[9].answerLabel).toBe('Hausaufgabenhilfe');
      expect(de.body.rows[0].question).toBe('Wie dringend brauchen Sie Räume?');
    });

    it('parses back from CSV to the JSON figures, also with semicolons', async () => {
      const json = (await report(`round=${round.id}`)).body;
      for (const delimiter of ['comma', 'semicolon']) {
        const csv = await report(`round=${round.id}&format=csv&delimiter=${delimiter}`);
        expect(csv.status).toBe(200);
        expect(csv.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
        const records: Record<string, string>[] = parse(csv.text, {
          bom: true,
          columns: true,
          delimiter: delimiter === 'comma' ? ',' : ';',
        });
        const value = (text: string) => {
          if (text === '') return null;
          const number = Number(text.replace(',', '.'));
          return text === '< 3' || Number.isNaN(number) ? text : number;
        };
        const totals = records.pop()!;
        expect(records).toHaveLength(json.rows.length);
        json.rows.forEach((row: Record<string, unknown>, index: number) => {
          for (const [key, v] of Object.entries(row)) {
            // Texts and ids stay text; figures parse back to numbers; null is an empty field.
            const text = records[index][key];
            if (typeof v === 'number') expect(value(text)).toBe(v);
            else expect(text).toBe(v === null ? '' : v);
          }
        });
        expect(totals.questionNumber).toBe('total');
        expect(value(totals.organizations)).toBe(4);
      }
    });

    it('hides the free texts of a question fewer than three answered', async () => {
      const small = await open({ title: { de: 'Kleine Runde', en: 'Small round' } });
      await put(small, verified[1], answersOf(small, 2, ['funding'], 'Nur wir'), many);
      const reply = await report(`round=${small.id}`);
      expect(reply.body.rows.filter((r: any) => r.text !== null)).toEqual([]);
      expect(JSON.stringify(reply.body)).not.toContain('Nur wir');
      expect(reply.body.totals.organizations).toBe('< 3');
      expect(reply.body.rows[0]).toMatchObject({ organizations: '< 3', meanRating: '< 3' });
    });

    it('a bad or unknown round is refused and changes nothing', async () => {
      await expectUnchanged(app.db, async () => {
        const bad = await report('round=42');
        expect(bad.status).toBe(400);
        expect(bad.body.errors[0].field).toBe('round');
        expect((await report('')).status).toBe(400);
        expect((await report(`round=${round.id}&lang=xx`)).status).toBe(400);
        const unknown = await report('round=0e7c3f4a-5b6d-4c8e-9f00-112233445566');
        expect(unknown.status).toBe(404);
        expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      });
    });

    it('organisations read the results once the round closed, the free texts never', async () => {
      await expectUnchanged(app.db, async () => {
        for (const token of [cast.owner.token, many.token]) {
          const early = await report(`round=${round.id}`, token);
          expect(early.status).toBe(403);
          expect(early.body.type).toMatch(/survey-results-not-yet$/);
        }
        // The outsider's organisation is not verified.
        const outsider = await report(`round=${round.id}`, cast.outsider.token);
        expect(outsider.status).toBe(403);
        expect(outsider.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect((await app.get(`/api/reports/needs?round=${round.id}`)).status).toBe(401);
      });
      expect((await app.post(`/api/surveys/${round.id}/close`, {}, admin())).status).toBe(200);
      const staff = (await report(`round=${round.id}`)).body;
      const member = await report(`round=${round.id}`, cast.member.token);
      expect(member.status).toBe(200);
      expect(member.body.rows).toEqual(staff.rows.filter((row: any) => row.text === null));
      expect(member.body.rows).toHaveLength(staff.rows.length - 3);
      expect(member.body.totals).toEqual(staff.totals);
      expect(JSON.stringify(member.body)).not.toContain('Lagerraum');
      const csv = await report(`round=${round.id}&format=csv`, many.token);
      expect(csv.status).toBe(200);
      expect(csv.text).not.toContain('Lagerraum');
      expect((await report(`round=${round.id}`, cast.outsider.token)).status).toBe(403);
    });
  });
});
