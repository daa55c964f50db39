import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A browser's login to the web pages; the cookie's secret itself is never stored. */
@Entity('web_sessions')
export class WebSession {
  /** SHA-256 of the cookie's secret. */
  @PrimaryColumn('bytea')
  tokenHash!: Buffer;

  @Column('uuid')
  userId!: string;

  @Column('timestamptz')
  createdAt!: Date;

  /** Written at most once an hour, so that reading a page stays a read. */
  @Column('timestamptz')
  lastSeenAt!: Date;

  @Column('timestamptz')
  expiresAt!: Date;
}
