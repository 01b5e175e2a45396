import { PartialType } from '@nestjs/swagger';
import { MunicipalityFields } from './municipality-fields.js';

/** The AGS identifies a municipality and is not changed by PATCH; use a new record instead. */
/**
 * Absent fields stay as they are. Null is validated like any value, so it clears only what may
 * be empty (population, regionId) and is refused for name and kind.
 */
export class UpdateMunicipalityDto extends PartialType(MunicipalityFields, { skipNullProperties: false }) {}
