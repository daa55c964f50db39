import {
  BookingStage,
  createBookableRoom,
  createStage,
  futureDay,
  requestSlot,
} from '../support/booking-factories';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * A new booking's times are set once, when it is inserted: what the answer reports is what
 * the database holds, to the millisecond, and what a later read shows.
 */
describe('times of a new booking', () => {
  let app: TestApp;
  let stage: BookingStage;
  beforeAll(async () => {
    app = await startTestApp();
    stage = await createStage(app);
  });
  afterAll(() => app.close());

  it.each(['manual', 'automatic'])(
    'are the same in the answer, the database and a later read (%s approval)',
    async (approval) => {
      const room = await createBookableRoom(app, stage, { approval });
      const day = futureDay(5, approval === 'manual' ? 1 : 2);
      const before = Date.now();
      const booking = await requestSlot(app, stage, room.id, day, '10:00', '12:00');
      const after = Date.now();
      expect(booking.updatedAt).toBe(booking.createdAt);
      const created = Date.parse(booking.createdAt);
      expect(created).toBeGreaterThanOrEqual(before);
      expect(created).toBeLessThanOrEqual(after);
      if (approval === 'automatic') expect(booking.decidedAt).toBe(booking.createdAt);

      const [row] = await app.db.query<{ created_at: Date; updated_at: Date }[]>(
        `SELECT created_at, updated_at FROM bookings WHERE id = $1`,
        [booking.id],
      );
      expect(row.created_at.toISOString()).toBe(booking.createdAt);
      expect(row.updated_at.toISOString()).toBe(booking.createdAt);
      const read = await app.get(`/api/bookings/${booking.id}`, { token: stage.requester.token });
      expect(read.status).toBe(200);
      expect([read.body.createdAt, read.body.updatedAt]).toEqual([
        booking.createdAt,
        booking.createdAt,
      ]);
    },
  );
});
