import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { IsOmittable } from '../../common/validation/omittable';
import { Trim } from '../../common/validation/transforms';
import { MAX_OPTIONS, MAX_QUESTIONS } from './create-survey.dto';
import { IsNestedArray } from './wording.dto';

/** One answer: exactly one of rating, choices, text, as the question's kind asks. */
export class AnswerDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  questionId!: string;

  @ApiProperty({ type: 'integer', required: false, minimum: 1, maximum: 5 })
  @IsOmittable()
  @IsInt()
  @Min(1)
  @Max(5)
  rating?: number;

  @ApiProperty({ type: [String], required: false, maxItems: MAX_OPTIONS, description: 'Keys' })
  @IsOmittable()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_OPTIONS)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(/^[a-z][a-z0-9_]{1,39}$/, { each: true })
  choices?: string[];

  @ApiProperty({ required: false, minLength: 1, maxLength: 5000 })
  @IsOmittable()
  @Trim()
  @IsString()
  @Length(1, 5000)
  text?: string;
}

export class PutAnswersDto {
  @ApiProperty({ format: 'uuid', description: 'Your organisation (verified), answering' })
  @IsUUID()
  organizationId!: string;

  @ApiProperty({
    type: [AnswerDto],
    maxItems: MAX_QUESTIONS,
    description: 'Replaces the organisation’s earlier answer; unanswered questions left out',
  })
  @IsNestedArray(() => AnswerDto, 0, MAX_QUESTIONS)
  answers!: AnswerDto[];
}

export class AnswersQueryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  organizationId!: string;
}
