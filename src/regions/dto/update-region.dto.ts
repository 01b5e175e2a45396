import { PartialType } from '@nestjs/swagger';
import { CreateRegionDto } from './create-region.dto.js';

// Absent fields stay as they are; null is validated like any value, so it cannot blank a required field.
export class UpdateRegionDto extends PartialType(CreateRegionDto, { skipNullProperties: false }) {}
