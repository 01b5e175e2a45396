import { Injectable } from '@nestjs/common';

/** A cohort or transfer team a case belongs to, as the case page names it. */
export interface CaseGroupRef {
  id: string;
  name: string;
  status: string;
}

/** Which cohort a case is in and which transfer team supports it. */
export interface CaseAffiliation {
  cohort: CaseGroupRef | null;
  transferTeam: CaseGroupRef | null;
}

/**
 * Scalar subqueries for the case whose id is in `caseIdColumn`, each giving a `{id, name, status}`
 * json object or null: the owner's SQL, embedded in the case page's own query.
 */
export interface AffiliationSql {
  cohort(caseIdColumn: string): string;
  transferTeam(caseIdColumn: string): string;
}

/**
 * Where the case page learns a case's cohort and transfer team: cohorts/ sits above
 * transfer-cases/ and registers its subqueries here (as municipalities/ lends `nameSql`), so the
 * page stays one query and transfer-cases/ never names cohorts' tables.
 */
@Injectable()
export class CaseAffiliations {
  private sql: AffiliationSql | undefined;

  register(sql: AffiliationSql): void {
    this.sql = sql;
  }

  cohortSql(caseIdColumn: string): string {
    return this.sql ? this.sql.cohort(caseIdColumn) : 'NULL::json';
  }

  transferTeamSql(caseIdColumn: string): string {
    return this.sql ? this.sql.transferTeam(caseIdColumn) : 'NULL::json';
  }
}
