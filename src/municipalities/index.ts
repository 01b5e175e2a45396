// The public surface of municipalities/. Other modules import only this file.
export { MunicipalitiesModule } from './municipalities.module.js';
export { MunicipalityPlaces, type MunicipalityPlace, type MunicipalityRef } from './municipality-places.js';
export { agsOfDistrict, parseAgs, type Ags } from './ags.js';
export type { MunicipalityKind } from './municipality-kind.js';
