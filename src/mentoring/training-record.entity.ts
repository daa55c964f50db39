import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Training recorded by staff for a module attended elsewhere than at the forum. */
@Entity('mentoring_training_records')
export class TrainingRecord {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  mentorId!: string;

  @Column('uuid')
  moduleId!: string;

  @Column('date')
  attendedOn!: string;

  @Column('numeric', { nullable: true })
  hours!: string | null;

  @Column('text', { nullable: true })
  note!: string | null;

  @Column('uuid', { nullable: true })
  recordedBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
