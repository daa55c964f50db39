import { createRoom, createVenue, setOpeningHours } from './catalogue-factories';
import { createOrganization, registerUser } from './factories';
import { TestApp } from './test-app';

/**
 * A venue with one room open Monday to Saturday 09:00–18:00, for the pages' tests; with its
 * owner and venue, for more rooms there.
 */
export async function roomWithWeek(app: TestApp, name = 'Saal Vielfalt'): Promise<any> {
  const owner = await registerUser(app);
  const organization = await createOrganization(app, owner);
  const venue = await createVenue(app, owner, organization.id, { name: 'Bürgerhaus Süd' });
  const room = await createRoom(app, owner, venue.id, { name });
  await setOpeningHours(
    app,
    owner,
    room.id,
    [1, 2, 3, 4, 5, 6].map((weekday) => ({ weekday, opens: '09:00', closes: '18:00' })),
  );
  return { ...room, owner, venue };
}
