import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/pagination/page';
import { REGISTRATION_STATUSES, RegistrationStatus } from '../forum-registration.entity';

export class RegistrationQueryDto extends PageQueryDto {
  @ApiProperty({ required: false, enum: REGISTRATION_STATUSES })
  @IsOptional()
  @IsIn(REGISTRATION_STATUSES)
  status?: RegistrationStatus;
}
