import { BookingExpiryService } from '../../src/bookings/booking-expiry.service';
import {
  BookingStage,
  createBookableRoom,
  createStage,
  futureDay,
  requestSlot,
} from '../support/booking-factories';
import { startTestApp, TestApp } from '../support/test-app';

describe('unanswered requests expire', () => {
  let app: TestApp;
  let stage: BookingStage;

  beforeAll(async () => {
    app = await startTestApp({ JOB_INTERVAL_SECONDS: '0' });
    stage = await createStage(app);
  });
  afterAll(() => app.close());

  it('expires each due request exactly once, however many runs race for it', async () => {
    const room = await createBookableRoom(app, stage);
    const day = futureDay(6);
    const ids: string[] = [];
    for (let hour = 8; hour < 20; hour++) {
      const booked = await requestSlot(
        app,
        stage,
        room.id,
        day,
        `${String(hour).padStart(2, '0')}:00`,
        `${String(hour).padStart(2, '0')}:30`,
      );
      ids.push(booked.id);
    }
    const approved = ids.pop()!;
    await app.post(`/api/bookings/${approved}/approve`, {}, { token: stage.owner.token });
    const notYetDue = ids.pop()!;
    // The owners' deadline has passed for the others.
    await app.db.query(
      `UPDATE bookings SET expires_at = now() - interval '1 minute' WHERE id = ANY($1)`,
      [ids],
    );
    await app.db.query(
      `UPDATE bookings SET expires_at = now() - interval '1 minute' WHERE id = $1`,
      [approved],
    );

    const job = app.running.app.get(BookingExpiryService);
    const runs = await Promise.all([
      job.expireDue(3),
      job.expireDue(3),
      job.expireDue(3),
      job.expireDue(3),
    ]);
    expect(runs.reduce((a, b) => a + b, 0)).toBe(ids.length);
    expect(await job.expireDue()).toBe(0);

    const statuses = await app.db.query(
      `SELECT id, status, sequence FROM bookings WHERE room_id = $1 ORDER BY starts_at`,
      [room.id],
    );
    const byId = new Map(statuses.map((row: { id: string }) => [row.id, row]));
    for (const id of ids) expect(byId.get(id)).toMatchObject({ status: 'expired', sequence: 1 });
    expect(byId.get(notYetDue)).toMatchObject({ status: 'pending', sequence: 0 });
    expect(byId.get(approved)).toMatchObject({ status: 'approved' });

    const audited = await app.db.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'booking.expired' AND entity_id = ANY($1) AND actor_id IS NULL`,
      [ids],
    );
    expect(audited[0].n).toBe(ids.length);

    // An expired request frees its slot and can no longer be approved.
    const late = await app.post(
      `/api/bookings/${ids[0]}/approve`,
      {},
      { token: stage.owner.token },
    );
    expect(late.status).toBe(409);
    const seen = await app.get(`/api/bookings/${ids[0]}`, { token: stage.requester.token });
    expect(seen.body.status).toBe('expired');
  });
});
