import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The booking lists read each organisation's or room's bookings in the list's order
 * (`starts_at, id`) and stop after the page: the two indexes that led with the organisation
 * or the room and `starts_at` now end with `id` too, and carry the columns the lists filter
 * and check visibility by, so that skipping rows and counting them reads no table rows.
 * Open requests (the owners' inbox) get their own small index per room, as the expiry job
 * has one by deadline: otherwise a room's whole history is walked to find its few.
 */
export class IndexBookingLists1764140150000 implements MigrationInterface {
  name = 'IndexBookingLists1764140150000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX bookings_organization_starts_idx`);
    await db.query(
      `CREATE INDEX bookings_organization_list_idx ON bookings (organization_id, starts_at, id)
         INCLUDE (ends_at, status, room_id)`,
    );
    await db.query(`DROP INDEX bookings_room_starts_idx`);
    await db.query(
      `CREATE INDEX bookings_room_list_idx ON bookings (room_id, starts_at, id)
         INCLUDE (ends_at, status, organization_id)`,
    );
    await db.query(
      `CREATE INDEX bookings_pending_room_idx ON bookings (room_id, starts_at, id)
         WHERE status = 'pending'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX bookings_pending_room_idx`);
    await db.query(`DROP INDEX bookings_room_list_idx`);
    await db.query(`CREATE INDEX bookings_room_starts_idx ON bookings (room_id, starts_at)`);
    await db.query(`DROP INDEX bookings_organization_list_idx`);
    await db.query(
      `CREATE INDEX bookings_organization_starts_idx ON bookings (organization_id, starts_at)`,
    );
  }
}
