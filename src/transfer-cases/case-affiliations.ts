import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

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

export type AffiliationSource = (caseId: string, tx?: EntityManager) => Promise<CaseAffiliation>;

const NONE: CaseAffiliation = { cohort: null, transferTeam: null };

/**
 * Where the case page learns a case's cohort and transfer team: cohorts/ sits above
 * transfer-cases/ and registers its lookup here; transfer-cases/ never reads its tables.
 */
@Injectable()
export class CaseAffiliations {
  private source: AffiliationSource | undefined;

  register(source: AffiliationSource): void {
    this.source = source;
  }

  /** One query, or none when no module registered. */
  of(caseId: string, tx?: EntityManager): Promise<CaseAffiliation> {
    return this.source ? this.source(caseId, tx) : Promise.resolve(NONE);
  }
}
