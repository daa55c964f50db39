import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsOptional } from 'class-validator';

export class VerifyOrganizationDto {
  @ApiProperty({ required: false, default: true, description: 'false withdraws the verification' })
  @IsOptional()
  @IsBoolean()
  verified: boolean = true;
}
