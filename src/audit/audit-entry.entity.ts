import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('audit_log')
export class AuditEntry {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column('timestamptz', { default: () => 'now()' })
  at!: Date;

  /** Null for the system itself (e.g. the job that expires requests). */
  @Column('uuid', { nullable: true })
  actorId!: string | null;

  /** e.g. `booking.requested`, `booking.approved`. */
  @Column('text')
  action!: string;

  @Column('text')
  entity!: string;

  @Column('uuid')
  entityId!: string;

  @Column('jsonb', { default: () => "'{}'" })
  data!: Record<string, unknown>;
}
