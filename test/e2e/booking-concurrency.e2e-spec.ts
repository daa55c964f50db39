import {
  berlin,
  bookingInput,
  BookingStage,
  createBookableRoom,
  createStage,
  futureDay,
} from '../support/booking-factories';
import { startService, ServiceProcess } from '../support/service-process';
import { serverUrl } from '../support/test-database';
import { startTestApp, TEST_ENV, TestApp } from '../support/test-app';

const json = (token: string) => ({
  'content-type': 'application/json',
  authorization: `Bearer ${token}`,
});

async function race(urls: string[], token: string, body: unknown, n = 50): Promise<number[]> {
  const replies = await Promise.all(
    Array.from({ length: n }, (_, i) =>
      fetch(`${urls[i % urls.length]}/api/bookings`, {
        method: 'POST',
        headers: json(token),
        body: JSON.stringify(body),
      }),
    ),
  );
  return replies.map((reply) => reply.status);
}

describe('no double booking, ever', () => {
  let app: TestApp;
  let stage: BookingStage;

  beforeAll(async () => {
    app = await startTestApp({ JOB_INTERVAL_SECONDS: '0' });
    stage = await createStage(app);
  });
  afterAll(() => app.close());

  const count = async (roomId: string) =>
    (
      await app.db.query(
        `SELECT count(*)::int AS n FROM bookings WHERE room_id = $1 AND status IN ('pending','approved')`,
        [roomId],
      )
    )[0].n as number;

  it('gives one of 50 identical concurrent requests the slot, and 49 a conflict', async () => {
    const room = await createBookableRoom(app, stage);
    const day = futureDay(4);
    const statuses = await race(
      [app.url],
      stage.requester.token,
      bookingInput(
        room.id,
        stage.requesterOrganizationId,
        berlin(`${day}T10:00`),
        berlin(`${day}T12:00`),
      ),
    );
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(await count(room.id)).toBe(1);
  });

  it('holds the line in the database even without the application check', async () => {
    const room = await createBookableRoom(app, stage);
    const day = futureDay(4);
    const insert = (start: string, end: string) =>
      app.db.query(
        `INSERT INTO bookings (room_id, organization_id, status, starts_at, ends_at, buffer_minutes, title)
         VALUES ($1, $2, 'approved', $3, $4, 15, 'direkt')`,
        [
          room.id,
          stage.requesterOrganizationId,
          berlin(`${day}T${start}`),
          berlin(`${day}T${end}`),
        ],
      );
    await insert('10:00', '11:00');
    await expect(insert('10:30', '11:30')).rejects.toMatchObject({
      driverError: { code: '23P01' },
    });
    // The buffer after a booking is held too.
    await expect(insert('11:10', '11:40')).rejects.toMatchObject({
      driverError: { code: '23P01' },
    });
    await insert('11:15', '11:45');
    // Cancelled and declined bookings hold nothing.
    await app.db.query(
      `UPDATE bookings SET status = 'cancelled' WHERE room_id = $1 AND starts_at = $2`,
      [room.id, berlin(`${day}T10:00`)],
    );
    await insert('10:00', '11:00');
  });

  // Two processes need a PostgreSQL server they can share; the embedded one belongs to one process.
  if (serverUrl()) {
    describe('with two service processes on one PostgreSQL', () => {
      let services: ServiceProcess[] = [];
      beforeAll(async () => {
        const url = (app.db.options as { url?: string }).url!;
        services = await Promise.all(
          [0, 1].map(() =>
            startService({ ...TEST_ENV, DATABASE_URL: url, JOB_INTERVAL_SECONDS: '0' }),
          ),
        );
      });
      afterAll(async () => {
        await Promise.all(services.map((service) => service.stop()));
      });

      it('still gives exactly one of 50 requests the slot', async () => {
        const room = await createBookableRoom(app, stage);
        const day = futureDay(5);
        const statuses = await race(
          services.map((service) => service.url),
          stage.requester.token,
          bookingInput(
            room.id,
            stage.requesterOrganizationId,
            berlin(`${day}T14:00`),
            berlin(`${day}T16:00`),
          ),
        );
        expect(statuses.filter((s) => s === 201)).toHaveLength(1);
        expect(statuses.filter((s) => s === 409)).toHaveLength(49);
        expect(await count(room.id)).toBe(1);
      });
    });
  }
});
