import {
  berlin,
  book,
  bookingInput,
  BookingStage,
  createBookableRoom,
  createStage,
} from '../support/booking-factories';
import { addClosure } from '../support/catalogue-factories';
import { startTestApp, TestApp } from '../support/test-app';

describe('free-room search', () => {
  let app: TestApp;
  let stage: BookingStage;
  const names = new Map<string, string>();
  const TUESDAY_EVENING = [{ weekday: 2, opens: '18:00', closes: '22:00' }];
  const from = berlin('2027-03-02T19:00');
  const to = berlin('2027-03-02T21:00');

  const room = async (
    name: string,
    policy: Record<string, unknown> = {},
    hours = TUESDAY_EVENING,
    extra = {},
  ) => {
    const created = await createBookableRoom(app, stage, policy, hours, { name, ...extra });
    names.set(created.id, name);
    return created.id;
  };
  const free = async (query: string) => {
    const reply = await app.get(`/api/rooms?venueId=${stage.venueId}&limit=100&${query}`);
    expect(reply.status).toBe(200);
    return (reply.body.items as { name: string }[]).map((item) => item.name).sort();
  };
  const window = (a: string, b: string) =>
    `freeFrom=${encodeURIComponent(a)}&freeTo=${encodeURIComponent(b)}`;

  beforeAll(async () => {
    app = await startTestApp({ JOB_INTERVAL_SECONDS: '0' });
    stage = await createStage(app);
    await room('A frei');
    const booked = await room('B gebucht');
    await book(
      app,
      stage.requester,
      bookingInput(
        booked,
        stage.requesterOrganizationId,
        berlin('2027-03-02T20:00'),
        berlin('2027-03-02T21:30'),
      ),
    );
    const buffered = await room('C Puffer', { bufferMinutes: 30 });
    await book(
      app,
      stage.requester,
      bookingInput(
        buffered,
        stage.requesterOrganizationId,
        berlin('2027-03-02T21:15'),
        berlin('2027-03-02T22:00'),
      ),
    );
    const closed = await room('D geschlossen');
    await addClosure(app, stage.owner, closed, {
      startsAt: berlin('2027-03-01T00:00'),
      endsAt: berlin('2027-03-03T00:00'),
    });
    await room('E tagsüber', {}, [{ weekday: 2, opens: '08:00', closes: '20:00' }]);
    const cancelled = await room('F storniert');
    const gone = await book(
      app,
      stage.requester,
      bookingInput(cancelled, stage.requesterOrganizationId, from, to),
    );
    await app.post(`/api/bookings/${gone.id}/cancel`, {}, { token: stage.requester.token });
    await room('G nur eine Stunde', { maxDurationMinutes: 60 });
    // 13:00–17:00 in New York is 19:00–23:00 in Berlin on 2 March 2027.
    await room('H New York', {}, [{ weekday: 2, opens: '13:00', closes: '17:00' }], {
      timeZone: 'America/New_York',
    });
    await room('I bis Mitternacht', {}, [{ weekday: 2, opens: '19:00', closes: '24:00' }]);
  });
  afterAll(() => app.close());

  it('finds only the rooms that can be requested for the whole window', async () => {
    expect(await free(window(from, to))).toEqual([
      'A frei',
      'F storniert',
      'H New York',
      'I bis Mitternacht',
    ]);
    expect(await free('')).toHaveLength(9);
  });

  it('counts a window up to midnight as inside an interval that closes at 24:00', async () => {
    expect(await free(window(berlin('2027-03-02T22:00'), berlin('2027-03-03T00:00')))).toEqual([
      'I bis Mitternacht',
    ]);
  });

  it('combines with the catalogue filters and pages with the right total', async () => {
    const reply = await app.get(
      `/api/rooms?venueId=${stage.venueId}&${window(from, to)}&stepFree=true&limit=1`,
    );
    expect(reply.body.total).toBe(4);
    expect(reply.body.items).toHaveLength(1);
  });

  it('keeps local time across the spring DST change', async () => {
    await createBookableRoom(app, stage, {}, [{ weekday: 7, opens: '19:00', closes: '21:00' }], {
      name: 'Sonntagabend',
    });
    const result = await free(window(berlin('2027-03-28T19:00'), berlin('2027-03-28T21:00')));
    expect(result).toContain('Sonntagabend');
  });

  it.each([
    ['only a start', `freeFrom=${encodeURIComponent(from)}`, 'freeTo'],
    ['a reversed window', window(to, from), 'freeTo'],
    ['a window of more than a week', window(from, berlin('2027-03-12T19:00')), 'freeTo'],
    ['a time without offset', 'freeFrom=2027-03-02T19:00&freeTo=2027-03-02T21:00', 'freeFrom'],
  ])('refuses %s', async (_label, query, field) => {
    const reply = await app.get(`/api/rooms?${query}`);
    expect(reply.status).toBe(400);
    expect(reply.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});
