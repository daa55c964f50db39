import { randomUUID } from 'node:crypto';
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

type Period = { startsAt: string; endsAt: string };
const utc = (local: string) => new Date(berlin(local)).toISOString();
const span = (from: string, to: string): Period => ({ startsAt: utc(from), endsAt: utc(to) });

describe('availability', () => {
  let app: TestApp;
  let stage: BookingStage;

  beforeAll(async () => {
    app = await startTestApp({ JOB_INTERVAL_SECONDS: '0' });
    stage = await createStage(app);
  });
  afterAll(() => app.close());

  it('answers open, busy and free across the spring DST change, with buffers and closures', async () => {
    const room = await createBookableRoom(app, stage, { bufferMinutes: 30 }, [
      { weekday: 6, opens: '10:00', closes: '18:00' },
      { weekday: 7, opens: '01:00', closes: '04:00' },
      { weekday: 7, opens: '19:00', closes: '21:00' },
    ]);
    await book(
      app,
      stage.requester,
      bookingInput(
        room.id,
        stage.requesterOrganizationId,
        berlin('2027-03-27T12:00'),
        berlin('2027-03-27T13:00'),
      ),
    );
    await addClosure(app, stage.owner, room.id, {
      startsAt: berlin('2027-03-27T16:00'),
      endsAt: berlin('2027-03-27T20:00'),
      reason: 'Konzert',
    });
    const from = berlin('2027-03-27T00:00');
    const to = berlin('2027-03-29T00:00');
    const reply = await app.get(
      `/api/rooms/${room.id}/availability?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ roomId: room.id, timeZone: 'Europe/Berlin' });
    expect(reply.body.open).toEqual([
      span('2027-03-27T10:00', '2027-03-27T18:00'),
      span('2027-03-28T01:00', '2027-03-28T04:00'),
      span('2027-03-28T19:00', '2027-03-28T21:00'),
    ]);
    expect(reply.body.busy).toEqual([
      span('2027-03-27T11:30', '2027-03-27T13:30'),
      span('2027-03-27T16:00', '2027-03-27T18:00'),
    ]);
    expect(reply.body.free).toEqual([
      span('2027-03-27T10:00', '2027-03-27T11:30'),
      span('2027-03-27T13:30', '2027-03-27T16:00'),
      span('2027-03-28T01:00', '2027-03-28T04:00'),
      span('2027-03-28T19:00', '2027-03-28T21:00'),
    ]);
    // 01:00–04:00 on the night the clocks go forward lasts two hours.
    const night = reply.body.free[2] as Period;
    expect(Date.parse(night.endsAt) - Date.parse(night.startsAt)).toBe(2 * 3600_000);
  });

  it('refuses a reversed or too large window, and unknown rooms', async () => {
    const room = await createBookableRoom(app, stage);
    const q = (from: string, to: string) =>
      `/api/rooms/${room.id}/availability?from=${encodeURIComponent(berlin(from))}&to=${encodeURIComponent(berlin(to))}`;
    expect((await app.get(q('2027-03-02T00:00', '2027-03-01T00:00'))).status).toBe(400);
    const large = await app.get(q('2027-01-01T00:00', '2027-06-01T00:00'));
    expect(large.status).toBe(400);
    expect(large.body.type).toBe('/problems/window-too-large');
    expect((await app.get(`/api/rooms/${room.id}/availability?from=2027-03-01&to=x`)).status).toBe(
      400,
    );
    const unknown = await app.get(
      `/api/rooms/${randomUUID()}/availability?from=${encodeURIComponent(berlin('2027-03-01T00:00'))}&to=${encodeURIComponent(berlin('2027-03-02T00:00'))}`,
    );
    expect(unknown.status).toBe(404);
  });
});
