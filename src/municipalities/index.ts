// The public surface of municipalities/. Other modules import only this file.
export { MunicipalitiesModule } from './municipalities.module.js';
export { MunicipalityPlaces, type MunicipalityPlace, type MunicipalityRef } from './municipality-places.js';
export { agsOfDistrict, parseAgs, VALID_AGS_PATTERN, type Ags } from './ags.js';
export type { MunicipalityKind } from './municipality-kind.js';
export {
  MunicipalitiesService,
  type BulkWriteOutcome,
  type MunicipalityDraft,
  type MunicipalityPatch,
  type UpsertCheck,
} from './municipalities.service.js';
export { CreateMunicipalityDto } from './dto/create-municipality.dto.js';
export { MunicipalityResponse } from './dto/municipality.response.js';
export type { Municipality } from './municipality.entity.js';
