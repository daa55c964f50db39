import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsUUID } from 'class-validator';

export const MAX_ATTENDANCE_ENTRIES = 500;

/** Whether one registration came (all its places) or did not. */
export class AttendanceEntryDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  registrationId!: string;

  @ApiProperty({ description: 'true: attended; false: no-show' })
  @IsBoolean()
  attended!: boolean;
}

export class AttendanceResultDto {
  @ApiProperty({ type: 'integer', description: 'Registrations recorded' })
  recorded!: number;

  @ApiProperty({ type: 'integer', description: 'Registrations marked attended, in all' })
  attended!: number;

  @ApiProperty({ type: 'integer', description: 'Registrations marked no-show, in all' })
  noShow!: number;
}
