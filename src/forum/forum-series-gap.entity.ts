import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { MessageParams } from '../common/i18n/message-catalogue';

/** A date of a series that did not get its room, and the refusal (worded when read). */
@Entity('forum_series_gaps')
export class ForumSeriesGap {
  @PrimaryColumn('uuid')
  seriesId!: string;

  @PrimaryColumn('timestamptz')
  startsAt!: Date;

  @Column('timestamptz')
  endsAt!: Date;

  @Column('text')
  code!: string;

  @Column('jsonb')
  params!: MessageParams;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
