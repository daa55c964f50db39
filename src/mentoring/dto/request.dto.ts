import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsIn,
  IsInt,
  IsISO6391,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page';
import { IsOmittable } from '../../common/validation/omittable';
import { ToInt } from '../../common/validation/transforms';
import { TIMES_OF_WEEK, TimeOfWeek } from '../mentor.entity';
import { REQUEST_STATUSES, RequestStatus, URGENCIES, Urgency } from '../mentoring-request.entity';
import { TOPIC_KEY } from './mentor.dto';

export class CreateMentoringRequestDto {
  @ApiProperty({ format: 'uuid', description: 'Your organisation' })
  @IsUUID()
  organizationId!: string;

  @ApiProperty({ example: 'funding', description: 'A key of GET /api/topics' })
  @IsString()
  @Matches(TOPIC_KEY)
  topic!: string;

  @ApiProperty({ type: [String], example: ['de', 'ar'], description: 'Languages you speak' })
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsISO6391({ each: true })
  languages!: string[];

  @ApiProperty({ minLength: 1, maxLength: 5000 })
  @IsString()
  @Length(1, 5000)
  description!: string;

  @ApiProperty({ enum: TIMES_OF_WEEK, isArray: true, required: false })
  @IsOmittable()
  @ArrayMaxSize(TIMES_OF_WEEK.length)
  @ArrayUnique()
  @IsIn(TIMES_OF_WEEK, { each: true })
  preferredTimes?: TimeOfWeek[];

  @ApiProperty({ enum: URGENCIES, required: false, default: 'normal' })
  @IsOmittable()
  @IsIn(URGENCIES)
  urgency?: Urgency;

  @ApiProperty({ required: false, maxLength: 100, description: 'Where to meet' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  district?: string;
}

export class MentoringRequestQueryDto extends PageQueryDto {
  @ApiProperty({ required: false, enum: REQUEST_STATUSES })
  @IsOptional()
  @IsIn(REQUEST_STATUSES)
  status?: RequestStatus;

  @ApiProperty({ required: false, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;
}

export class MentoringRequestResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  organizationId!: string;

  @ApiProperty()
  topic!: string;

  @ApiProperty({ type: [String] })
  languages!: string[];

  @ApiProperty()
  description!: string;

  @ApiProperty({ enum: TIMES_OF_WEEK, isArray: true })
  preferredTimes!: string[];

  @ApiProperty({ enum: URGENCIES })
  urgency!: Urgency;

  @ApiProperty({ type: String, nullable: true })
  district!: string | null;

  @ApiProperty({ enum: REQUEST_STATUSES })
  status!: RequestStatus;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class SuggestionQueryDto {
  @ApiProperty({ type: 'integer', required: false, minimum: 1, maximum: 50, default: 10 })
  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(50)
  limit: number = 10;
}

export class SuggestionReasonDto {
  @ApiProperty({ enum: ['language', 'topic', 'availability', 'load', 'district'] })
  factor!: string;

  @ApiProperty({ type: 'number', description: 'Points this factor can give at most' })
  weight!: number;

  @ApiProperty({ type: 'number', description: '0..1: how far the factor is met' })
  value!: number;

  @ApiProperty({ description: 'Why, in the caller’s language' })
  text!: string;
}

export class SuggestionResponseDto {
  @ApiProperty({ format: 'uuid' })
  mentorId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ type: 'number', description: 'The sum of weight × value over the reasons' })
  score!: number;

  @ApiProperty({ type: [SuggestionReasonDto] })
  reasons!: SuggestionReasonDto[];
}
