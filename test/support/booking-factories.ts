import { DateTime } from 'luxon';
import { createVenue, createRoom, setOpeningHours, WeeklyInterval } from './catalogue-factories';
import { Cast, createCast, createOrganization, registerUser, TestUser } from './factories';
import { TestApp } from './test-app';

export const ZONE = 'Europe/Berlin';

/** "2027-03-02T19:00" in Berlin → ISO 8601 with its offset, as a client would send it. */
export const berlin = (local: string): string => DateTime.fromISO(local, { zone: ZONE }).toISO()!;

/** A Monday some weeks ahead (Berlin), as "yyyy-MM-dd", plus `days`. */
export const futureDay = (weeksAhead = 3, days = 0): string =>
  DateTime.now()
    .setZone(ZONE)
    .plus({ weeks: weeksAhead })
    .startOf('week')
    .plus({ days })
    .toISODate()!;

export const EVERY_DAY_8_TO_22: WeeklyInterval[] = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
  weekday,
  opens: '08:00',
  closes: '22:00',
}));

export const ALWAYS_OPEN: WeeklyInterval[] = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
  weekday,
  opens: '00:00',
  closes: '24:00',
}));

/**
 * A room owned by the cast's organisation, and a second organisation (with its own member,
 * the "requester") that books it.
 */
export interface BookingStage extends Cast {
  requester: TestUser;
  requesterOrganizationId: string;
  venueId: string;
}

export async function createStage(app: TestApp): Promise<BookingStage> {
  const cast = await createCast(app);
  const requester = await registerUser(app, { name: 'Requester' });
  const organization = await createOrganization(app, requester, {
    name: `Elternverein ${Date.now()}`,
  });
  const venue = await createVenue(app, cast.owner, cast.organizationId);
  return { ...cast, requester, requesterOrganizationId: organization.id, venueId: venue.id };
}

/** A room of the stage's venue with the given policy and opening hours. */
export async function createBookableRoom(
  app: TestApp,
  stage: BookingStage,
  policy: Record<string, unknown> = {},
  hours: WeeklyInterval[] = EVERY_DAY_8_TO_22,
  extra: Record<string, unknown> = {},
): Promise<{ id: string }> {
  const room = await createRoom(app, stage.owner, stage.venueId, {
    timeZone: ZONE,
    policy: {
      approval: 'manual',
      leadTimeHours: 0,
      minDurationMinutes: 30,
      maxDurationMinutes: 480,
      horizonDays: 400,
      bufferMinutes: 0,
      requestExpiryHours: 72,
      ...policy,
    },
    ...extra,
  });
  await setOpeningHours(app, stage.owner, room.id, hours);
  return room;
}

export const bookingInput = (
  roomId: string,
  organizationId: string,
  startsAt: string,
  endsAt: string,
  extra: Record<string, unknown> = {},
) => ({ roomId, organizationId, startsAt, endsAt, title: 'Elterncafé', ...extra });

export async function book(
  app: TestApp,
  user: TestUser,
  input: ReturnType<typeof bookingInput> | Record<string, unknown>,
): Promise<any> {
  const reply = await app.post('/api/bookings', input, { token: user.token });
  if (reply.status !== 201) throw new Error(`booking: ${reply.status} ${reply.text}`);
  return reply.body;
}

/**
 * The stage's requester asks for `roomId` on `day` ("yyyy-MM-dd") from `from` to `to`
 * (Berlin wall-clock "HH:MM"), for the requesting organisation.
 */
export const requestSlot = (
  app: TestApp,
  stage: BookingStage,
  roomId: string,
  day: string,
  from: string,
  to: string,
  extra: Record<string, unknown> = {},
): Promise<any> =>
  book(
    app,
    stage.requester,
    bookingInput(
      roomId,
      stage.requesterOrganizationId,
      berlin(`${day}T${from}`),
      berlin(`${day}T${to}`),
      extra,
    ),
  );
