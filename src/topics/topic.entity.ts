import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One entry of the agency's topic list; its label is in the catalogue (`topics.<key>`). */
@Entity('topics')
export class Topic {
  @PrimaryColumn('text')
  key!: string;

  @Column('integer')
  position!: number;

  @Column('boolean', { default: true })
  active!: boolean;
}
