import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One interval of a weekday, in the room's local wall-clock time ("09:00"–"13:00"), valid on
 * the room's local dates [validFrom, validTo) (null: open-ended). A new week replaces the
 * current one from a date on, so that reports and availability see what held on each date.
 */
@Entity('room_opening_hours')
export class OpeningHours {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  roomId!: string;

  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  @Column('smallint')
  weekday!: number;

  /** "HH:MM:SS" as PostgreSQL returns a `time`. */
  @Column('time')
  opens!: string;

  @Column('time')
  closes!: string;

  /** "YYYY-MM-DD"; null: since always. */
  @Column('date', { nullable: true })
  validFrom!: string | null;

  /** "YYYY-MM-DD", the first date it no longer holds; null: until further notice. */
  @Column('date', { nullable: true })
  validTo!: string | null;
}
