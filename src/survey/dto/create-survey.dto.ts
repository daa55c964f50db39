import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { IsNestedObject } from '../../common/validation/nested';
import { IsOmittable } from '../../common/validation/omittable';
import { IsInstant } from '../../common/validation/time';
import { NEED_AREAS, NeedArea, QUESTION_KINDS, QuestionKind } from '../survey.contract';
import { IsNestedArray, TitleDto, WordingDto } from './wording.dto';

export const MAX_QUESTIONS = 40;
export const MAX_OPTIONS = 20;
const KEY = /^[a-z][a-z0-9_]{1,39}$/;

export class OptionDto {
  @ApiProperty({ example: 'funding', description: 'Unique in the question' })
  @IsString()
  @Matches(KEY)
  key!: string;

  @ApiProperty({
    type: WordingDto,
    required: false,
    description: 'Left out: the key is a topic of GET /api/topics, labelled as there',
  })
  @IsOmittable()
  @IsNestedObject(() => WordingDto)
  label?: WordingDto;
}

export class QuestionDto {
  @ApiProperty({ enum: NEED_AREAS })
  @IsIn(NEED_AREAS)
  area!: NeedArea;

  @ApiProperty({ required: false, example: 'funding', description: 'A key of GET /api/topics' })
  @IsOmittable()
  @IsString()
  @Matches(KEY)
  topic?: string;

  @ApiProperty({ enum: QUESTION_KINDS, description: 'rating: 1 to 5; choice: of the options' })
  @IsIn(QUESTION_KINDS)
  kind!: QuestionKind;

  @ApiProperty({ type: WordingDto })
  @IsNestedObject(() => WordingDto)
  text!: WordingDto;

  @ApiProperty({
    type: [OptionDto],
    required: false,
    maxItems: MAX_OPTIONS,
    description: 'Choice questions only (2 or more)',
  })
  @IsOmittable()
  @IsNestedArray(() => OptionDto, 2, MAX_OPTIONS)
  options?: OptionDto[];

  @ApiProperty({ required: false, default: false, description: 'Choice: several options' })
  @IsOmittable()
  @IsBoolean()
  multiple?: boolean;

  @ApiProperty({ required: false, default: false })
  @IsOmittable()
  @IsBoolean()
  required?: boolean;
}

export class CreateSurveyDto {
  @ApiProperty({ type: TitleDto })
  @IsNestedObject(() => TitleDto)
  title!: TitleDto;

  @ApiProperty({ type: WordingDto, required: false })
  @IsOptional()
  @IsNestedObject(() => WordingDto)
  description?: WordingDto;

  @ApiProperty({
    format: 'date-time',
    example: '2027-03-31T23:59:00+02:00',
    description: 'In the future, at most a year away; the round opens now',
  })
  @IsInstant()
  closesAt!: string;

  @ApiProperty({
    format: 'date-time',
    required: false,
    description:
      'When organisations that have not answered are reminded; default 3 days before the end',
  })
  @IsOmittable()
  @IsInstant()
  remindAt?: string;

  @ApiProperty({ type: [QuestionDto], minItems: 1, maxItems: MAX_QUESTIONS })
  @IsNestedArray(() => QuestionDto, 1, MAX_QUESTIONS)
  questions!: QuestionDto[];
}
