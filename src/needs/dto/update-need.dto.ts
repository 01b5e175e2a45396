import { OmitType, PartialType } from '@nestjs/swagger';
import { CreateNeedDto } from './create-need.dto.js';

/** The municipality and capture time of a need are fixed once recorded. */
export class UpdateNeedDto extends PartialType(
  OmitType(CreateNeedDto, ['municipalityId', 'capturedAt'] as const),
  {
    skipNullProperties: false,
  },
) {}
