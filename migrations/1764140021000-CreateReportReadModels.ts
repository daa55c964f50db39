import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateReportReadModels1764140021000 implements MigrationInterface {
  name = 'CreateReportReadModels1764140021000';

  async up(db: QueryRunner): Promise<void> {
    // What a venue says an hour in its rooms is worth, for the in-kind report (null: the
    // agency default from the configuration).
    await db.query(`
      ALTER TABLE venues ADD COLUMN in_kind_hourly_rate_cents integer
        CHECK (in_kind_hourly_rate_cents BETWEEN 0 AND 1000000)`);

    // Read models for reports: each module publishes the columns reports may aggregate as a
    // view, named and described in its *.contract.ts (`*_READ_MODEL`). Reports query only these
    // views, so a module can change its tables as long as it keeps its views; and reports
    // aggregate in SQL without loading rows or reaching into another module's tables.

    // rooms (src/rooms/rooms.contract.ts)
    await db.query(`
      CREATE VIEW report_rooms AS
      SELECT r.id AS room_id, r.name AS room_name, v.id AS venue_id, v.name AS venue_name,
             v.district, r.time_zone, r.price_kind, v.in_kind_hourly_rate_cents,
             (r.created_at AT TIME ZONE r.time_zone)::date AS listed_on
        FROM rooms r JOIN venues v ON v.id = r.venue_id`);
    await db.query(`
      CREATE VIEW report_opening_hours AS
      SELECT room_id, weekday, opens, closes, valid_from, valid_to FROM room_opening_hours`);
    await db.query(`
      CREATE VIEW report_closures AS
      SELECT room_id, starts_at, ends_at FROM room_closures`);
    // The length of a set of periods in hours, for the reports' sums of open and booked time.
    await db.query(`
      CREATE FUNCTION rfe_hours(tstzmultirange) RETURNS numeric
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT coalesce(sum(extract(epoch FROM upper(r) - lower(r))), 0) / 3600
                FROM unnest($1) AS r $$`);

    // bookings (src/bookings/bookings.contract.ts)
    await db.query(`
      CREATE VIEW report_bookings AS
      SELECT id AS booking_id, room_id, organization_id, status, starts_at, ends_at,
             created_at AS requested_at,
             decided_at,
             decided_by IS NOT NULL AS answered_by_owner
        FROM bookings`);

    // organizations (src/organizations/organizations.contract.ts)
    await db.query(`
      CREATE VIEW report_organizations AS
      SELECT id AS organization_id, name, kind, languages, fields, district, created_at
        FROM organizations`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const view of [
      'report_organizations',
      'report_bookings',
      'report_closures',
      'report_opening_hours',
      'report_rooms',
    ]) {
      await db.query(`DROP VIEW ${view}`);
    }
    await db.query(`DROP FUNCTION rfe_hours(tstzmultirange)`);
    await db.query(`ALTER TABLE venues DROP COLUMN in_kind_hourly_rate_cents`);
  }
}
