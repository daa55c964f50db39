import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One interval of a weekday, in the room's local wall-clock time ("09:00"–"13:00"). */
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
}
