import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { NeedArea, QuestionKind, Wording } from './survey.contract';

/** A round of the needs survey. */
@Entity('surveys')
export class Survey {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('jsonb')
  title!: Wording;

  @Column('jsonb', { nullable: true })
  description!: Wording | null;

  @Column('timestamptz')
  opensAt!: Date;

  @Column('timestamptz')
  closesAt!: Date;

  @Column('timestamptz')
  remindAt!: Date;

  @Column('timestamptz', { nullable: true })
  remindedAt!: Date | null;

  @Column('timestamptz', { nullable: true })
  closedAt!: Date | null;

  @Column('uuid', { nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

export interface StoredOption {
  key: string;
  label: Wording | null;
}

@Entity('survey_questions')
export class SurveyQuestion {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  surveyId!: string;

  @Column('integer')
  position!: number;

  @Column('text')
  area!: NeedArea;

  @Column('text', { nullable: true })
  topic!: string | null;

  @Column('text')
  kind!: QuestionKind;

  @Column('jsonb')
  text!: Wording;

  @Column('jsonb', { default: () => "'[]'" })
  options!: StoredOption[];

  @Column('boolean', { default: false })
  multiple!: boolean;

  @Column('boolean', { default: false })
  required!: boolean;
}

/** One organisation's answer to a round. */
@Entity('survey_responses')
export class SurveyResponse {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('uuid')
  surveyId!: string;

  @Column('uuid')
  organizationId!: string;

  @Column('uuid', { nullable: true })
  answeredBy!: string | null;

  @Column('integer', { default: 1 })
  revision!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity('survey_answers')
export class SurveyAnswer {
  @Column('uuid', { primary: true })
  responseId!: string;

  @Column('uuid', { primary: true })
  questionId!: string;

  @Column('integer', { nullable: true })
  rating!: number | null;

  @Column('text', { array: true, nullable: true })
  choices!: string[] | null;

  @Column('text', { nullable: true })
  text!: string | null;
}
