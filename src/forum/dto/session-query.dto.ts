import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsISO6391, IsOptional, Matches } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page';
import { IsInstant } from '../../common/validation/time';
import { SESSION_KINDS, SessionKind } from '../forum-session.entity';

export class SessionQueryDto extends PageQueryDto {
  @ApiProperty({ required: false, format: 'date-time', description: 'Sessions ending after' })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiProperty({ required: false, format: 'date-time', description: 'Sessions starting before' })
  @IsOptional()
  @IsInstant()
  to?: string;

  @ApiProperty({ required: false, enum: SESSION_KINDS })
  @IsOptional()
  @IsIn(SESSION_KINDS)
  kind?: SessionKind;

  @ApiProperty({ required: false, example: 'funding' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{1,39}$/)
  topic?: string;

  @ApiProperty({ required: false, example: 'tr', description: 'Spoken in this language' })
  @IsOptional()
  @IsISO6391()
  language?: string;
}
