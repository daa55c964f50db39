import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ToInt, Trim } from '../../common/validation/transforms';

const DATE_TIME_LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** The catalogue's filters, as the API's room search takes them. */
export class CatalogueFilterForm {
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  q?: string;

  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(1)
  @Max(10000)
  capacityMin?: number;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  district?: string;

  @IsOptional()
  @IsIn(['on'])
  stepFree?: string;

  /** Wall-clock time in the city's zone (datetime-local). */
  @IsOptional()
  @Matches(DATE_TIME_LOCAL)
  freeFrom?: string;

  @IsOptional()
  @Matches(DATE_TIME_LOCAL)
  freeTo?: string;

  @IsOptional()
  @ToInt()
  @IsInt()
  @Min(0)
  @Max(10000)
  offset?: number;
}
