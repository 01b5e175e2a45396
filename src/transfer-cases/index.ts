// The public surface of transfer-cases/. Other modules import only this file.
export { TransferCasesModule } from './transfer-cases.module.js';
export { appendCaseEvents } from './case-records.js';
export { planTransition, candidateAdded, UNMET_CONDITIONS, type CaseFacts } from './case-state-machine.js';
export { CASE_STATUSES, type CaseStatus, type CaseEventInput } from './case-status.js';
export {
  TransferCasesService,
  type CaseMemberState,
  type CaseSummaryView,
  type MemberMoveInput,
  type MemberMoveResult,
  type MemberReadiness,
} from './transfer-cases.service.js';
export {
  CaseAffiliations,
  type AffiliationSql,
  type CaseAffiliation,
  type CaseGroupRef,
} from './case-affiliations.js';
export { todayInGermany } from './berlin-date.js';
export { CaseOutcomes, type ImplementedCase } from './case-outcomes.js';
export { CaseCandidatesService, rationaleFrom } from './case-candidates.service.js';
export { CASE_WRITERS } from './case-access.js';
export { CaseListQuery } from './dto/case-list.query.js';
export { TransferCasePage, TransferCaseSummary } from './dto/transfer-case.response.js';
