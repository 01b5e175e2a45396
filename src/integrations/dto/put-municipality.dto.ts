import { CreateMunicipalityDto } from '../../municipalities/index.js';

/**
 * Body of `PUT /integrations/{system}/municipalities/{externalId}`: the municipality as the
 * system knows it, AGS included (a municipality's AGS never changes).
 */
export class PutMunicipalityDto extends CreateMunicipalityDto {}
