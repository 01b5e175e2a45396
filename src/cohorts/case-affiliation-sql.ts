import type { AffiliationSql } from '../transfer-cases/index.js';

/** A case's cohort and team for its case page, by primary key (cohort_members, transfer_team_cases). */
export const CASE_AFFILIATION_SQL: AffiliationSql = {
  cohort: (caseId) =>
    `(SELECT json_build_object('id', k.id, 'name', k.title, 'status', k.status)
        FROM cohort_members m JOIN cohorts k ON k.id = m.cohort_id WHERE m.case_id = ${caseId})`,
  transferTeam: (caseId) =>
    `(SELECT json_build_object('id', t.id, 'name', t.name, 'status', t.status)
        FROM transfer_team_cases tc JOIN transfer_teams t ON t.id = tc.team_id WHERE tc.case_id = ${caseId})`,
};
