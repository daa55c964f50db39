import { berlin, BookingStage, createBookableRoom, futureDay } from './booking-factories';
import { TestApp } from './test-app';

/** A session's input in `roomId` on `day` ("yyyy-MM-dd", Berlin) from `from` to `to`. */
export const sessionInput = (
  roomId: string,
  day = futureDay(3, 2),
  from = '18:00',
  to = '20:00',
  extra: Record<string, unknown> = {},
) => ({
  kind: 'training',
  title: 'Fördermittel beantragen',
  topic: 'funding',
  speakers: ['Dr. Selin Kaya'],
  languages: ['de', 'tr'],
  roomId,
  startsAt: berlin(`${day}T${from}`),
  endsAt: berlin(`${day}T${to}`),
  capacity: 20,
  audience: 'public',
  ...extra,
});

/** A session planned by the stage's admin; fails the test unless it is created. */
export async function createSession(
  app: TestApp,
  stage: BookingStage,
  input: Record<string, unknown>,
): Promise<any> {
  const reply = await app.post('/api/forum/sessions', input, { token: stage.admin.token });
  if (reply.status !== 201) throw new Error(`session: ${reply.status} ${reply.text}`);
  return reply.body;
}

/** A room with automatic approval, so that sessions in it are confirmed at once. */
export const createForumRoom = (app: TestApp, stage: BookingStage, capacity = 30) =>
  createBookableRoom(app, stage, { approval: 'automatic' }, undefined, { capacity });

export const registrationInput = (n: number | string, extra: Record<string, unknown> = {}) => ({
  name: `Gast ${n}`,
  email: `gast-${n}@example.org`,
  places: 1,
  locale: 'de',
  ...extra,
});

/** The secret of a private link. */
export const tokenOf = (manageUrl: string): string => manageUrl.split('/').pop()!;
