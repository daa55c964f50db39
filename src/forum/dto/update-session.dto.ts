import { ApiProperty, OmitType, PartialType } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { IsOmittable } from '../../common/validation/omittable';
import { CreateSessionDto } from './create-session.dto';

/**
 * Any field of a session may be sent; a new time or room moves its booking (judged like a
 * new request) and tells the registrants. Cancelling is its own route.
 */
export class UpdateSessionDto extends PartialType(
  OmitType(CreateSessionDto, ['status', 'seriesId'] as const),
  {
    skipNullProperties: false,
  },
) {
  @ApiProperty({ enum: ['draft', 'published'], required: false })
  @IsOmittable()
  @IsIn(['draft', 'published'])
  status?: 'draft' | 'published';
}

export class CancelSessionDto {
  @ApiProperty({ required: false, maxLength: 500, description: 'Told to the registrants' })
  @IsOmittable()
  @IsString()
  @MaxLength(500)
  reason?: string;
}
