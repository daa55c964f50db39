import { MigrationInterface, QueryRunner } from 'typeorm';

const CHANNEL = 'rfe_feed_changes';

/**
 * The bookings' statement trigger: CountRoomChangesPerStatement's (for `down`), or with the days
 * the changed bookings touch announced too.
 */
const countRoomChanges = (announceDays: boolean) => `
  CREATE OR REPLACE FUNCTION rfe_count_room_booking_changes() RETURNS trigger
    LANGUAGE plpgsql AS $$
  DECLARE
    changed uuid[];
    periods tstzrange[];
  BEGIN
    IF TG_OP = 'INSERT' THEN
      SELECT array_agg(DISTINCT room_id ORDER BY room_id), array_agg(period)
        INTO changed, periods FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
      SELECT array_agg(DISTINCT room_id ORDER BY room_id), array_agg(period)
        INTO changed, periods FROM old_rows;
    ELSE
      SELECT array_agg(DISTINCT room_id ORDER BY room_id), array_agg(period)
        INTO changed, periods
        FROM (SELECT room_id, period FROM new_rows
              UNION ALL SELECT room_id, period FROM old_rows) touched;
    END IF;
    IF changed IS NULL THEN
      RETURN NULL;
    END IF;
    INSERT INTO room_booking_versions AS v (room_id, version, changed_at)
      SELECT room, 1, now() FROM unnest(changed) AS room ORDER BY room
    ON CONFLICT (room_id)
      DO UPDATE SET version = v.version + 1, changed_at = now();
    PERFORM pg_notify('${CHANNEL}', 'room:' || room) FROM unnest(changed) AS room;
    ${
      announceDays
        ? `PERFORM pg_notify('${CHANNEL}', 'day:' || day)
       FROM (SELECT DISTINCT to_char(touched, 'YYYY-MM-DD') AS day
               FROM unnest(periods) AS p,
                    generate_series(date_trunc('day', lower(p) AT TIME ZONE 'UTC'),
                                    upper(p) AT TIME ZONE 'UTC' - interval '1 microsecond',
                                    interval '1 day') AS touched) days;`
        : ''
    }
    RETURN NULL;
  END
  $$`;

/**
 * The verification trigger: NotifyVerificationFeedChanges's (for `down`), or announcing the
 * catalogue too (verification decides which rooms the public sees).
 */
const verification = (announceCatalogue: boolean) => `
  CREATE OR REPLACE FUNCTION rfe_notify_verification_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
  BEGIN
    IF (NEW.verified_at IS NULL) <> (OLD.verified_at IS NULL) THEN
      PERFORM pg_notify('${CHANNEL}', 'venue:' || v.id)
         FROM venues v WHERE v.organization_id = NEW.id;
      ${announceCatalogue ? `PERFORM pg_notify('${CHANNEL}', 'catalogue');` : ''}
    END IF;
    RETURN NULL;
  END
  $$`;

const EVENTS = [
  ['insert', 'INSERT', 'NEW TABLE AS new_rows'],
  ['update', 'UPDATE', 'NEW TABLE AS new_rows OLD TABLE AS old_rows'],
  ['delete', 'DELETE', 'OLD TABLE AS old_rows'],
] as const;

/**
 * Availability and the free-room search are answered from memory while nothing they were made
 * of changed (src/database/database-changes.ts). That needs every such change announced on
 * `rfe_feed_changes` when it commits, on whichever instance or `psql` it was made:
 *
 * - `room:<id>` now also for a room's opening hours and closures (its bookings and the room
 *   row announced it already): an availability answer depends on those;
 * - `catalogue` for any change to rooms, venues, opening hours, closures, and an
 *   organisation's verification: everything the search reads besides bookings;
 * - `day:<yyyy-mm-dd>` for each UTC day a changed booking's period touches (the period holds
 *   the booking's own buffer after it): a search for a window depends on the days of the
 *   window widened by the largest buffer, and on no other booking.
 *
 * Every trigger is per statement (transition tables, one trigger per event) and announces each
 * subject once; PostgreSQL folds equal notifications of one transaction into one.
 */
export class AnnounceCatalogueChanges1764140100000 implements MigrationInterface {
  name = 'AnnounceCatalogueChanges1764140100000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(countRoomChanges(true));

    // Opening hours and closures: the room's subject and the catalogue's.
    await db.query(`
      CREATE FUNCTION rfe_announce_room_schedule_changes() RETURNS trigger
        LANGUAGE plpgsql AS $$
      DECLARE
        changed uuid[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          SELECT array_agg(DISTINCT room_id) INTO changed FROM new_rows;
        ELSIF TG_OP = 'DELETE' THEN
          SELECT array_agg(DISTINCT room_id) INTO changed FROM old_rows;
        ELSE
          SELECT array_agg(DISTINCT room_id) INTO changed
            FROM (SELECT room_id FROM new_rows UNION ALL SELECT room_id FROM old_rows) touched;
        END IF;
        IF changed IS NULL THEN
          RETURN NULL;
        END IF;
        PERFORM pg_notify('${CHANNEL}', 'room:' || room) FROM unnest(changed) AS room;
        PERFORM pg_notify('${CHANNEL}', 'catalogue');
        RETURN NULL;
      END
      $$`);
    for (const table of ['room_opening_hours', 'room_closures']) {
      for (const [name, event, tables] of EVENTS) {
        await db.query(`
          CREATE TRIGGER ${table}_announce_${name}
            AFTER ${event} ON ${table} REFERENCING ${tables}
            FOR EACH STATEMENT EXECUTE FUNCTION rfe_announce_room_schedule_changes()`);
      }
    }

    // Rooms and venues themselves (their own subjects are announced per row since
    // NotifyFeedChanges).
    await db.query(`
      CREATE FUNCTION rfe_announce_catalogue_change() RETURNS trigger
        LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('${CHANNEL}', 'catalogue');
        RETURN NULL;
      END
      $$`);
    for (const table of ['rooms', 'venues']) {
      await db.query(`
        CREATE TRIGGER ${table}_announce_catalogue
          AFTER INSERT OR UPDATE OR DELETE ON ${table}
          FOR EACH STATEMENT EXECUTE FUNCTION rfe_announce_catalogue_change()`);
    }

    await db.query(verification(true));
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(verification(false));
    for (const table of ['rooms', 'venues']) {
      await db.query(`DROP TRIGGER ${table}_announce_catalogue ON ${table}`);
    }
    await db.query(`DROP FUNCTION rfe_announce_catalogue_change()`);
    for (const table of ['room_opening_hours', 'room_closures']) {
      for (const [name] of EVENTS) {
        await db.query(`DROP TRIGGER ${table}_announce_${name} ON ${table}`);
      }
    }
    await db.query(`DROP FUNCTION rfe_announce_room_schedule_changes()`);
    await db.query(countRoomChanges(false));
  }
}
