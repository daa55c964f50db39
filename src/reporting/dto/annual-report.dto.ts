import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { IsOmittable } from '../../common/validation/omittable';
import { ToInt } from '../../common/validation/transforms';

export const ANNUAL_LANGUAGES = ['de', 'en'] as const;
export type AnnualLanguage = (typeof ANNUAL_LANGUAGES)[number];
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

export class AnnualYearDto {
  @ApiProperty({ type: 'integer', minimum: FIRST_YEAR, maximum: LAST_YEAR, example: 2027 })
  @ToInt()
  @IsInt()
  @Min(FIRST_YEAR)
  @Max(LAST_YEAR)
  year!: number;
}

export class AnnualReportQueryDto extends AnnualYearDto {
  @ApiProperty({
    required: false,
    enum: ANNUAL_LANGUAGES,
    description: 'German or English; without it, from Accept-Language (German by default)',
  })
  @IsOmittable()
  @IsIn(ANNUAL_LANGUAGES)
  lang?: AnnualLanguage;
}

export class AnnualTableDto {
  @ApiProperty()
  caption!: string;

  @ApiProperty({ type: [String] })
  columns!: string[];

  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'string' } },
    description: 'The figures as written (numbers in the language’s format, "< 3", "–")',
  })
  rows!: string[][];

  @ApiProperty({ type: [String], description: 'The totals line' })
  totals!: string[];
}

export class AnnualSectionDto {
  @ApiProperty({ example: 'utilization' })
  key!: string;

  @ApiProperty()
  title!: string;

  @ApiProperty({ description: 'The section’s figures in a few sentences' })
  summary!: string;

  @ApiProperty({
    type: 'string',
    nullable: true,
    description:
      'The chart as SVG (role="img" with a title and a text alternative); null when the ' +
      'section has nothing to report',
  })
  chart!: string | null;

  @ApiProperty({ type: AnnualTableDto, description: 'The table behind the chart' })
  table!: AnnualTableDto;
}

export class AnnualReportResponseDto {
  @ApiProperty({ type: 'integer' })
  year!: number;

  @ApiProperty({ enum: ANNUAL_LANGUAGES })
  lang!: AnnualLanguage;

  @ApiProperty()
  title!: string;

  @ApiProperty()
  intro!: string;

  @ApiProperty({ format: 'date-time', description: 'When these figures were computed' })
  generatedAt!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When staff froze the report (then it is served as stored), else null',
  })
  frozenAt!: string | null;

  @ApiProperty({ type: [AnnualSectionDto] })
  sections!: AnnualSectionDto[];
}
