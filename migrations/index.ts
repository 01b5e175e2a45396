// Every migration, in order. TypeORM is given this list instead of a file glob so the same code
// runs compiled (dist/) and under jest without a loader; `npm run migration:generate` prints the
// line to add here.
import { StatesRegionsMunicipalities1764050000000 } from './1764050000000-states-regions-municipalities.js';
import { UsersTokensApiClients1764060000000 } from './1764060000000-users-tokens-api-clients.js';
import { SolutionsNeedsSearch1764070000000 } from './1764070000000-solutions-needs-search.js';
import { TransferCases1764080000000 } from './1764080000000-transfer-cases.js';
import { SearchLexicon1764090000000 } from './1764090000000-search-lexicon.js';
import { ChangesAndVersions1764100000000 } from './1764100000000-changes-and-versions.js';
import { IdempotencyKeys1764110000000 } from './1764110000000-idempotency-keys.js';
import { ChangeFeed1764120000000 } from './1764120000000-change-feed.js';
import { ExternalReferences1764130000000 } from './1764130000000-external-references.js';
import { ExternalRefLookup1764140000000 } from './1764140000000-external-ref-lookup.js';
import { IdempotencyCommitted1764150000000 } from './1764150000000-idempotency-committed.js';
import { Webhooks1764160000000 } from './1764160000000-webhooks.js';
import { ReportProjections1764170000000 } from './1764170000000-report-projections.js';
import { ReportProjectionsAtVolume1764180000000 } from './1764180000000-report-projections-at-volume.js';
import { RateLimits1764190000000 } from './1764190000000-rate-limits.js';
import { CandidateSuggestionOrder1764200000000 } from './1764200000000-candidate-suggestion-order.js';
import { PlaceNameWords1764210000000 } from './1764210000000-place-name-words.js';
import { SearchSynonyms1764220000000 } from './1764220000000-search-synonyms.js';
import { SolutionTerms1764230000000 } from './1764230000000-solution-terms.js';
import { NeedFits1764240000000 } from './1764240000000-need-fits.js';
import { Cohorts1764250000000 } from './1764250000000-cohorts.js';
import { Practice1764260000000 } from './1764260000000-practice.js';
import { CallerChanges1764270000000 } from './1764270000000-caller-changes.js';

export const MIGRATIONS = [
  StatesRegionsMunicipalities1764050000000,
  UsersTokensApiClients1764060000000,
  SolutionsNeedsSearch1764070000000,
  TransferCases1764080000000,
  SearchLexicon1764090000000,
  ChangesAndVersions1764100000000,
  IdempotencyKeys1764110000000,
  ChangeFeed1764120000000,
  ExternalReferences1764130000000,
  ExternalRefLookup1764140000000,
  IdempotencyCommitted1764150000000,
  Webhooks1764160000000,
  ReportProjections1764170000000,
  ReportProjectionsAtVolume1764180000000,
  RateLimits1764190000000,
  CandidateSuggestionOrder1764200000000,
  PlaceNameWords1764210000000,
  SearchSynonyms1764220000000,
  SolutionTerms1764230000000,
  NeedFits1764240000000,
  Cohorts1764250000000,
  Practice1764260000000,
  CallerChanges1764270000000,
];
