import { ApiProperty, PartialType } from '@nestjs/swagger';
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
  MaxLength,
  Min,
} from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page';
import { IsOmittable } from '../../common/validation/omittable';
import { Trim } from '../../common/validation/transforms';
import { MENTOR_STATUSES, MentorStatus, TIMES_OF_WEEK, TimeOfWeek } from '../mentor.entity';

export const TOPIC_KEY = /^[a-z][a-z0-9_]{1,39}$/;

export class MentorProfileDto {
  @ApiProperty({ type: [String], example: ['de', 'tr'], description: 'ISO 639-1 codes spoken' })
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ArrayUnique()
  @IsISO6391({ each: true })
  languages!: string[];

  @ApiProperty({ type: [String], example: ['funding'], description: 'Keys of GET /api/topics' })
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(TOPIC_KEY, { each: true })
  topics!: string[];

  @ApiProperty({ required: false, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  bio?: string;

  @ApiProperty({ required: false, maxLength: 100 })
  @IsOptional()
  @Trim()
  @IsString()
  @Length(1, 100)
  district?: string;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    maximum: 10,
    description: 'How many organisations at once',
  })
  @IsInt()
  @Min(1)
  @Max(10)
  capacity!: number;

  @ApiProperty({ enum: TIMES_OF_WEEK, isArray: true })
  @ArrayMaxSize(TIMES_OF_WEEK.length)
  @ArrayUnique()
  @IsIn(TIMES_OF_WEEK, { each: true })
  availability!: TimeOfWeek[];
}

export class CreateMentorDto extends MentorProfileDto {
  @ApiProperty({
    required: false,
    format: 'uuid',
    description: 'Staff only: the user who becomes a mentor (default: you)',
  })
  @IsOmittable()
  @IsUUID()
  userId?: string;
}

export class UpdateMentorDto extends PartialType(MentorProfileDto, { skipNullProperties: false }) {
  @ApiProperty({
    enum: MENTOR_STATUSES,
    required: false,
    description:
      'paused or retired; certified again after a pause. Certification itself is ' +
      'POST /certify (staff).',
  })
  @IsOmittable()
  @IsIn(MENTOR_STATUSES)
  status?: MentorStatus;
}

export class MentorQueryDto extends PageQueryDto {
  @ApiProperty({ required: false, enum: MENTOR_STATUSES })
  @IsOptional()
  @IsIn(MENTOR_STATUSES)
  status?: MentorStatus;
}

export class ModuleProgressDto {
  @ApiProperty({ format: 'uuid' })
  moduleId!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty()
  required!: boolean;

  @ApiProperty({ type: 'number' })
  hours!: number;

  @ApiProperty()
  attended!: boolean;

  @ApiProperty({ enum: ['forum', 'record'], nullable: true, type: String })
  source!: 'forum' | 'record' | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  attendedOn!: string | null;
}

export class TrainingProgressDto {
  @ApiProperty({ type: [ModuleProgressDto] })
  modules!: ModuleProgressDto[];

  @ApiProperty({ description: 'Every required module attended' })
  certifiable!: boolean;

  @ApiProperty({ type: 'number', description: 'Hours of the modules attended' })
  hours!: number;
}

export class MentorResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  userId!: string;

  @ApiProperty({ description: 'The mentor’s name' })
  name!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Contact: for the mentor, staff and the organisations assigned to them',
  })
  email!: string | null;

  @ApiProperty({ type: [String] })
  languages!: string[];

  @ApiProperty({ type: [String] })
  topics!: string[];

  @ApiProperty({ type: String, nullable: true })
  bio!: string | null;

  @ApiProperty({ type: String, nullable: true })
  district!: string | null;

  @ApiProperty({ type: 'integer' })
  capacity!: number;

  @ApiProperty({ enum: TIMES_OF_WEEK, isArray: true })
  availability!: string[];

  @ApiProperty({ enum: MENTOR_STATUSES })
  status!: MentorStatus;

  @ApiProperty({ type: 'integer', description: 'Running assignments' })
  activeAssignments!: number;

  @ApiProperty({
    type: 'integer',
    description: 'Places held: running assignments and open proposals',
  })
  placesTaken!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  certifiedAt!: string | null;

  @ApiProperty({
    type: TrainingProgressDto,
    required: false,
    description: 'For the mentor and staff, in a single mentor’s answer',
  })
  training?: TrainingProgressDto;
}
