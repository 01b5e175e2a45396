import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { assertMayWriteAt, IdentitySources, type Caller } from '../auth/index.js';
import { Problems } from '../common/problems/problem.exception.js';
import { TransferCasesService, type CaseMemberState } from '../transfer-cases/index.js';
import { Pilots } from '../users/index.js';
import { decideJoin, type GroupFacts } from './cohort-rules.js';

/** Roles that may be in a transfer team. */
const STAFF = ['lotse', 'transferstelle', 'admin'];

/**
 * What teams and cohorts both ask when a case or a person joins: the case as it stands (404),
 * the caller's territory (403), the join rules (409/422); who the people are.
 */
@Injectable()
export class GroupMembers {
  constructor(
    private readonly cases: TransferCasesService,
    private readonly pilots: Pilots,
    private readonly identities: IdentitySources,
  ) {}

  /** The case that is to join, checked against the group and where the caller may write. */
  async admit(
    caller: Caller,
    group: GroupFacts,
    caseId: string,
    groupOfCase: string | null,
    noun: 'cohort' | 'transfer team',
    tx: EntityManager,
  ): Promise<CaseMemberState> {
    const state = await this.caseState(caseId, tx, 'caseId');
    assertMayWriteAt(caller, state);
    const decision = decideJoin(
      group,
      { ...state, municipalityId: state.municipality.id, groupId: groupOfCase },
      noun,
    );
    if (decision.kind === 'refused') {
      const error = [{ field: 'caseId', message: decision.detail }];
      throw decision.status === 409
        ? Problems.conflict(decision.rule, decision.detail, error)
        : Problems.unprocessable(decision.rule, decision.detail, error);
    }
    return state;
  }

  /** A case by id, or a 422 naming `field` (a body field) / 404 (a path segment). */
  async caseState(caseId: string, tx: EntityManager, field?: string): Promise<CaseMemberState> {
    const [state] = await this.cases.states([caseId], tx);
    if (state) return state;
    if (!field) throw Problems.notFound('transfer case', caseId);
    throw Problems.unprocessable('unknown-case', `transfer case ${caseId} does not exist`, [
      { field, message: `${field} must name an existing transfer case` },
    ]);
  }

  /** 422 unless every one is an active pilot, Transferstelle staff member or admin. */
  async assertStaff(
    userIds: readonly string[],
    field: string,
    tx: EntityManager,
  ): Promise<Map<string, string>> {
    const roles = await this.pilots.activeRoles(userIds, tx);
    const outsiders = userIds.filter((id) => !STAFF.includes(roles.get(id) ?? ''));
    if (outsiders.length > 0) {
      throw Problems.unprocessable('not-staff', `not active staff: ${outsiders.join(', ')}`, [
        { field, message: `${field} must name active pilots, Transferstelle staff or admins` },
      ]);
    }
    return roles;
  }

  /** People's names, one query for all (deactivated accounts too). */
  async names(userIds: readonly string[], tx?: EntityManager): Promise<Map<string, string>> {
    return userIds.length > 0 ? this.identities.users.namesOf(userIds, tx) : new Map();
  }
}
