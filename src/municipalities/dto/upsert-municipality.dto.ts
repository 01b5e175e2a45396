import { MunicipalityFields } from './municipality-fields.js';

/**
 * Body of `PUT /municipalities/by-ags/{ags}`. `name` and `kind` are replaced; `population` and
 * `regionId` are replaced when present (null clears them) and kept when absent, so a state
 * system that knows nothing of pilot regions does not undo the Transferstelle's assignment.
 */
export class UpsertMunicipalityDto extends MunicipalityFields {}
