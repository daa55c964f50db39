import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsBoolean,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsOmittable } from '../../common/validation/omittable';
import { IsCalendarDate } from '../../common/validation/time';
import { Trim } from '../../common/validation/transforms';
import { TOPIC_KEY } from './mentor.dto';

export class CreateTrainingModuleDto {
  @ApiProperty({ example: 'Interkulturelle Kompetenz', minLength: 1, maxLength: 200 })
  @Trim()
  @IsString()
  @Length(1, 200)
  title!: string;

  @ApiProperty({ required: false, maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiProperty({ type: 'number', minimum: 0.25, maximum: 100 })
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0.25)
  @Max(100)
  hours!: number;

  @ApiProperty({ description: 'Needed for certification' })
  @IsBoolean()
  required!: boolean;

  @ApiProperty({
    required: false,
    example: 'intercultural_opening',
    description: 'Attending any forum training on this topic counts for the module',
  })
  @IsOptional()
  @IsString()
  @Matches(TOPIC_KEY)
  forumTopic?: string;

  @ApiProperty({
    type: [String],
    required: false,
    description: 'Attending one of these forum sessions counts for the module',
  })
  @IsOmittable()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  forumSessionIds?: string[];
}

export class TrainingModuleResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @ApiProperty({ type: 'number' })
  hours!: number;

  @ApiProperty()
  required!: boolean;

  @ApiProperty({ type: String, nullable: true })
  forumTopic!: string | null;

  @ApiProperty({ type: [String] })
  forumSessionIds!: string[];
}

export class CreateTrainingRecordDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  moduleId!: string;

  @ApiProperty({ format: 'date', example: '2027-03-02' })
  @IsCalendarDate()
  attendedOn!: string;

  @ApiProperty({ type: 'number', required: false, description: 'Default: the module’s hours' })
  @IsOmittable()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0.25)
  @Max(100)
  hours?: number;

  @ApiProperty({ required: false, maxLength: 500, description: 'Where, e.g. another agency' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class TrainingRecordResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  mentorId!: string;

  @ApiProperty({ format: 'uuid' })
  moduleId!: string;

  @ApiProperty({ format: 'date' })
  attendedOn!: string;

  @ApiProperty({ type: 'number' })
  hours!: number;

  @ApiProperty({ type: String, nullable: true })
  note!: string | null;
}
