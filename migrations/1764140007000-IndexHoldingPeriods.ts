import { MigrationInterface, QueryRunner } from 'typeorm';

export class IndexHoldingPeriods1764140007000 implements MigrationInterface {
  name = 'IndexHoldingPeriods1764140007000';

  async up(db: QueryRunner): Promise<void> {
    // The free-room search asks "which rooms hold a booking in this window" for all rooms at
    // once; the exclusion constraint's index leads with room_id and serves one room at a time.
    await db.query(
      `CREATE INDEX bookings_holding_period_idx ON bookings USING gist (period)
        WHERE status IN ('pending', 'approved')`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX bookings_holding_period_idx`);
  }
}
