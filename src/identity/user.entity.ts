import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stored lower-case; unique. */
  @Column('text')
  email!: string;

  @Column('text')
  name!: string;

  @Column('text')
  locale!: string;

  /** argon2id, PHC string format. */
  @Column('text')
  passwordHash!: string;

  @Column('boolean', { default: false })
  isAdmin!: boolean;

  /** Null until the owner of the address followed the confirmation mail's link. */
  @Column('timestamptz', { nullable: true })
  emailConfirmedAt!: Date | null;

  /** Logins (bearer tokens, web sessions) begun before this moment are void. */
  @Column('timestamptz', { nullable: true })
  credentialsChangedAt!: Date | null;

  /** Set by an admin: no login, and tokens already issued are refused. */
  @Column('timestamptz', { nullable: true })
  blockedAt!: Date | null;

  @Column('uuid', { nullable: true })
  blockedBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
