// The public surface of transfer-cases/. Other modules import only this file.
export { TransferCasesModule } from './transfer-cases.module.js';
export { appendCaseEvents } from './case-records.js';
export { planTransition, candidateAdded, type CaseFacts } from './case-state-machine.js';
export { CASE_STATUSES, type CaseStatus, type CaseEventInput } from './case-status.js';
export { TransferCasesService, type CaseSummaryView } from './transfer-cases.service.js';
export { CaseListQuery } from './dto/case-list.query.js';
export { TransferCasePage, TransferCaseSummary } from './dto/transfer-case.response.js';
