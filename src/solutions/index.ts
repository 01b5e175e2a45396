// The public surface of solutions/. Other modules import only this file.
export { SolutionsModule } from './solutions.module.js';
export { SolutionCatalog, type SolutionRefData } from './solution-catalog.js';
export { SolutionMatcher, type MatchRequest, type SolutionEvidence } from './solution-matcher.js';
export { SolutionRef, SolutionResponse } from './dto/solution.response.js';
export type { Solution } from './solution.entity.js';
export { THEMES, type Theme } from './solution-enums.js';
