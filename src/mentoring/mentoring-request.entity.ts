import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const REQUEST_STATUSES = ['open', 'matched', 'closed'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const URGENCIES = ['low', 'normal', 'high'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** An organisation asking for a mentor. */
@Entity('mentoring_requests')
export class MentoringRequest {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  organizationId!: string;

  @Column('text')
  topic!: string;

  @Column('text', { array: true })
  languages!: string[];

  @Column('text')
  description!: string;

  @Column('text', { array: true })
  preferredTimes!: string[];

  @Column('text')
  urgency!: Urgency;

  @Column('text', { nullable: true })
  district!: string | null;

  @Column('text')
  status!: RequestStatus;

  @Column('uuid', { nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
