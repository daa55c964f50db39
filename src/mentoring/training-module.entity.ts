import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A module of the mentors' training programme. */
@Entity('mentoring_training_modules')
export class TrainingModule {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  title!: string;

  @Column('text', { nullable: true })
  description!: string | null;

  /** numeric comes back as text; read through `Number`. */
  @Column('numeric')
  hours!: string;

  @Column('boolean')
  required!: boolean;

  /** Attending any forum training on this topic counts for the module. */
  @Column('text', { nullable: true })
  forumTopic!: string | null;

  /** Attending one of these forum sessions counts for the module. */
  @Column('uuid', { array: true })
  forumSessionIds!: string[];

  @Column({ type: 'integer', insert: false, update: false })
  position!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
