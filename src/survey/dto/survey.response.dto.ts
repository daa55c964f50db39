import { ApiProperty } from '@nestjs/swagger';
import { NEED_AREAS, NeedArea, QUESTION_KINDS, QuestionKind } from '../survey.contract';
import type { Wording } from '../survey.contract';
import { SurveyAnswer, SurveyQuestion, Survey } from '../survey.entity';

const WORDING = {
  type: 'object' as const,
  additionalProperties: { type: 'string' as const },
  example: { de: 'Wie dringend brauchen Sie Räume?', en: 'How urgently do you need rooms?' },
  description: 'By language: de and en always, further languages where given',
};

export class OptionResponseDto {
  @ApiProperty({ example: 'funding' })
  key!: string;

  @ApiProperty({ ...WORDING, description: 'For a topic key: the topic’s label in each language' })
  label!: Wording;
}

export class QuestionResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: 'integer', minimum: 1 })
  position!: number;

  @ApiProperty({ enum: NEED_AREAS })
  area!: NeedArea;

  @ApiProperty({ type: String, nullable: true, description: 'A key of GET /api/topics' })
  topic!: string | null;

  @ApiProperty({ enum: QUESTION_KINDS })
  kind!: QuestionKind;

  @ApiProperty(WORDING)
  text!: Wording;

  @ApiProperty({ type: [OptionResponseDto] })
  options!: OptionResponseDto[];

  @ApiProperty()
  multiple!: boolean;

  @ApiProperty()
  required!: boolean;
}

export class SurveyResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty(WORDING)
  title!: Wording;

  @ApiProperty({ ...WORDING, nullable: true })
  description!: Wording | null;

  @ApiProperty({ enum: ['open', 'closed'] })
  status!: 'open' | 'closed';

  @ApiProperty({ format: 'date-time' })
  opensAt!: string;

  @ApiProperty({ format: 'date-time' })
  closesAt!: string;

  @ApiProperty({ format: 'date-time', description: 'Reminder to those that have not answered' })
  remindAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt!: string | null;

  @ApiProperty({ type: [QuestionResponseDto] })
  questions!: QuestionResponseDto[];
}

export class AnswerResponseDto {
  @ApiProperty({ format: 'uuid' })
  questionId!: string;

  @ApiProperty({ type: 'integer', required: false })
  rating?: number;

  @ApiProperty({ type: [String], required: false })
  choices?: string[];

  @ApiProperty({ required: false })
  text?: string;
}

export class AnswersResponseDto {
  @ApiProperty({ format: 'uuid' })
  surveyId!: string;

  @ApiProperty({ format: 'uuid' })
  organizationId!: string;

  @ApiProperty({ type: 'integer', description: '1 for the first answer, raised by each edit' })
  revision!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ type: [AnswerResponseDto] })
  answers!: AnswerResponseDto[];
}

export function toSurveyResponse(
  survey: Survey,
  questions: SurveyQuestion[],
  topicLabel: (key: string) => Wording,
  now = new Date(),
): SurveyResponseDto {
  const closed = survey.closedAt !== null || survey.closesAt <= now;
  return {
    id: survey.id,
    title: survey.title,
    description: survey.description,
    status: closed ? 'closed' : 'open',
    opensAt: survey.opensAt.toISOString(),
    closesAt: survey.closesAt.toISOString(),
    remindAt: survey.remindAt.toISOString(),
    closedAt: survey.closedAt?.toISOString() ?? null,
    questions: questions.map((q) => ({
      id: q.id,
      position: q.position,
      area: q.area,
      topic: q.topic,
      kind: q.kind,
      text: q.text,
      options: q.options.map((o) => ({ key: o.key, label: o.label ?? topicLabel(o.key) })),
      multiple: q.multiple,
      required: q.required,
    })),
  };
}

export const toAnswerResponse = (answer: SurveyAnswer): AnswerResponseDto => ({
  questionId: answer.questionId,
  ...(answer.rating !== null ? { rating: answer.rating } : {}),
  ...(answer.choices !== null ? { choices: answer.choices } : {}),
  ...(answer.text !== null ? { text: answer.text } : {}),
});
