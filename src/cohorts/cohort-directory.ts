import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { inTransaction } from '../common/persistence/in-transaction.js';
import { Cohort, CohortMember } from './cohort.entity.js';
import type { CohortStatus } from './cohort-status.js';

/** A cohort as other modules see it (a lesson learned on it): its solution, who leads it, its members. */
export interface CohortSubject {
  id: string;
  title: string;
  solutionId: string;
  facilitatorId: string;
  status: CohortStatus;
  memberCaseIds: string[];
}

/** What practice/ may know of a cohort; during a write it passes the write's transaction. */
@Injectable()
export class CohortDirectory {
  constructor(
    @InjectRepository(Cohort) private readonly cohorts: Repository<Cohort>,
    @InjectRepository(CohortMember) private readonly members: Repository<CohortMember>,
  ) {}

  async subject(id: string, tx?: EntityManager): Promise<CohortSubject | null> {
    const cohort = await inTransaction(this.cohorts, tx).findOneBy({ id });
    if (!cohort) return null;
    const members = await inTransaction(this.members, tx).find({
      where: { cohortId: id },
      select: { caseId: true },
      order: { caseId: 'ASC' },
    });
    return {
      id: cohort.id,
      title: cohort.title,
      solutionId: cohort.solutionId,
      facilitatorId: cohort.facilitatorId,
      status: cohort.status,
      memberCaseIds: members.map((m) => m.caseId),
    };
  }
}
