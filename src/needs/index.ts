// The public surface of needs/. Other modules import only this file.
export { NeedsModule } from './needs.module.js';
export { NeedFitsRefreshModule } from './need-fits-refresh.module.js';
export { NeedsService, type NeedDraft, type NeedPatch, type NeedView } from './needs.service.js';
export {
  SolutionSuggestionsService,
  type SolutionSuggestion,
} from './suggestions/solution-suggestions.service.js';
export type { SuggestionReasons } from './suggestions/suggestion-ranking.js';
export { NeedFits, type NeedFit } from './suggestions/need-fits.js';
export type { Need } from './need.entity.js';
export { NeedResponse } from './dto/need.response.js';
export { UpdateNeedDto } from './dto/update-need.dto.js';
export { SuggestionReasonsResponse } from './dto/solution-suggestion.response.js';
