import { PartialType } from '@nestjs/swagger';
import { MunicipalityFields } from './municipality-fields.js';

/** The AGS identifies a municipality and is not changed by PATCH; use a new record instead. */
export class UpdateMunicipalityDto extends PartialType(MunicipalityFields) {}
