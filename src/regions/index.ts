// The public surface of regions/. Other modules import only this file.
export { RegionsModule } from './regions.module.js';
export { RegionsService, type RegionState } from './regions.service.js';
export { counted, RegionReferences, type RegionUse } from './region-references.js';
