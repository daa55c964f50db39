import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { IsOmittable } from '../../common/validation/omittable';
import { IsCalendarDate } from '../../common/validation/time';
import type { CsvDelimiter } from '../csv';
import type {
  ForumGroup,
  InKindGroup,
  MentoringGroup,
  ReachGroup,
  UtilizationGroup,
} from '../report-sql';

export const REPORT_FORMATS = ['json', 'csv'] as const;
export const CSV_DELIMITERS: CsvDelimiter[] = ['comma', 'semicolon'];
export const UTILIZATION_GROUPS: UtilizationGroup[] = ['room', 'venue', 'district', 'month'];
export const REACH_GROUPS: ReachGroup[] = ['kind', 'language', 'field', 'district'];
export const IN_KIND_GROUPS: InKindGroup[] = ['venue', 'organization'];
export const FORUM_GROUPS: ForumGroup[] = ['topic', 'language'];
export const MENTORING_GROUPS: MentoringGroup[] = ['topic', 'language'];
export const LETTER_LANGUAGES = ['de', 'en'] as const;

/** A range of local dates, both included, read in each room's time zone. */
export class ReportRangeDto {
  @ApiProperty({ format: 'date', example: '2027-01-01', description: 'First day, included' })
  @IsCalendarDate()
  from!: string;

  @ApiProperty({
    format: 'date',
    example: '2027-12-31',
    description: 'Last day, included; at most 366 days after from',
  })
  @IsCalendarDate()
  to!: string;
}

/** How a report is sent: JSON, or CSV with commas or semicolons. */
export class ReportFormatDto {
  @ApiProperty({ required: false, enum: REPORT_FORMATS, default: 'json' })
  @IsOmittable()
  @IsIn(REPORT_FORMATS)
  format?: (typeof REPORT_FORMATS)[number];

  @ApiProperty({
    required: false,
    enum: CSV_DELIMITERS,
    default: 'comma',
    description: 'CSV only: semicolon (and decimal commas) for spreadsheets set to German',
  })
  @IsOmittable()
  @IsIn(CSV_DELIMITERS)
  delimiter?: CsvDelimiter;
}

export class ReportQueryDto extends IntersectionType(ReportRangeDto, ReportFormatDto) {}

export class UtilizationQueryDto extends ReportQueryDto {
  @ApiProperty({ required: false, enum: UTILIZATION_GROUPS, default: 'room' })
  @IsOmittable()
  @IsIn(UTILIZATION_GROUPS)
  groupBy?: UtilizationGroup;
}

export class ReachQueryDto extends ReportQueryDto {
  @ApiProperty({ required: false, enum: REACH_GROUPS, default: 'kind' })
  @IsOmittable()
  @IsIn(REACH_GROUPS)
  groupBy?: ReachGroup;
}

export class InKindQueryDto extends ReportQueryDto {
  @ApiProperty({ required: false, enum: IN_KIND_GROUPS, default: 'venue' })
  @IsOmittable()
  @IsIn(IN_KIND_GROUPS)
  groupBy?: InKindGroup;
}

export class ForumQueryDto extends ReportQueryDto {
  @ApiProperty({ required: false, enum: FORUM_GROUPS, default: 'topic' })
  @IsOmittable()
  @IsIn(FORUM_GROUPS)
  groupBy?: ForumGroup;
}

export class MentoringQueryDto extends ReportQueryDto {
  @ApiProperty({ required: false, enum: MENTORING_GROUPS, default: 'topic' })
  @IsOmittable()
  @IsIn(MENTORING_GROUPS)
  groupBy?: MentoringGroup;
}

export class NeedsQueryDto extends ReportFormatDto {
  @ApiProperty({ format: 'uuid', description: 'The survey round (GET /api/surveys)' })
  @IsUUID()
  round!: string;

  @ApiProperty({
    required: false,
    enum: LETTER_LANGUAGES,
    default: 'de',
    description: 'Language of the questions and options',
  })
  @IsOmittable()
  @IsIn(LETTER_LANGUAGES)
  lang?: (typeof LETTER_LANGUAGES)[number];
}

export class ThankYouLetterQueryDto extends ReportRangeDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  venueId!: string;

  @ApiProperty({ required: false, enum: LETTER_LANGUAGES, default: 'de' })
  @IsOmittable()
  @IsIn(LETTER_LANGUAGES)
  lang?: (typeof LETTER_LANGUAGES)[number];
}
