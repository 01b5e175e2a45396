import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isAllowed, mayWriteAt, seesPersonalContacts } from '../auth/access-rule.js';
import type { Caller } from '../auth/caller.js';
import { assertMayWriteAt } from '../auth/territory.js';
import { cursorScope } from '../common/pagination/cursor.js';
import { keysetPage, mapPage, type Page } from '../common/pagination/page.js';
import { Problems } from '../common/problems/problem.exception.js';
import { ISO_INSTANT_PATTERN, UUID_PATTERN } from '../common/validation/patterns.js';
import { Municipality } from '../municipalities/municipality.entity.js';
import { Need } from '../needs/need.entity.js';
import { todayInGermany } from './berlin-date.js';
import { CASE_WRITERS } from './case-access.js';
import { CaseCandidate } from './case-candidate.entity.js';
import {
  allowedTargets,
  CONDITION_MESSAGES,
  decideTransition,
  type CaseFacts,
  type UnmetCondition,
} from './case-state-machine.js';
import { appendEvent, lockCaseForWrite, recordChange, type CaseEventInput } from './case-writes.js';
import type { CaseListQuery } from './dto/case-list.query.js';
import type { OpenCaseDto } from './dto/open-case.dto.js';
import type { TransitionDto } from './dto/transition.dto.js';
import type { TransferCaseResponse, TransferCaseSummary } from './dto/transfer-case.response.js';
import type { UpdateCaseDto } from './dto/update-case.dto.js';
import { TransferCase } from './transfer-case.entity.js';

interface CandidateRow {
  solution_id: string;
  slug: string;
  title: string;
  rationale: string;
  added_at: Date;
}

@Injectable()
export class TransferCasesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Opens a case for a need; region and municipality come from the need. */
  async open(caller: Caller, dto: OpenCaseDto): Promise<string> {
    return this.db.transaction(async (tx) => {
      const need = await tx.getRepository(Need).findOneBy({ id: dto.needId });
      if (!need) {
        throw Problems.unprocessable('unknown-need', `need ${dto.needId} does not exist`, [
          { field: 'needId', message: 'needId must name an existing need' },
        ]);
      }
      if (need.status !== 'open') throw Problems.conflict('need-closed', `need ${need.id} is closed`);
      const municipality = await tx.getRepository(Municipality).findOneByOrFail({ id: need.municipalityId });
      assertMayWriteAt(caller, municipality);
      if (dto.assigneeId) await assertPilotOf(tx, dto.assigneeId, municipality.regionId);
      // A second open case for the need is refused by a partial unique index (409 via the filter).
      const { identifiers } = await tx.getRepository(TransferCase).insert({
        needId: need.id,
        municipalityId: municipality.id,
        regionId: municipality.regionId,
        stateCode: municipality.stateCode,
        assigneeId: dto.assigneeId ?? null,
        status: 'erfasst',
      });
      const id = identifiers[0].id as string;
      await appendEvent(tx, id, caller, {
        type: 'created',
        to: 'erfasst',
        data: { needId: need.id, assigneeId: dto.assigneeId ?? null },
      });
      return id;
    });
  }

  /** The case page: two queries whatever the number of candidates. */
  async get(caller: Caller, id: string): Promise<TransferCaseResponse> {
    // One statement (findOne with relations would add a second one to apply its LIMIT).
    const found = await this.db
      .getRepository(TransferCase)
      .createQueryBuilder('c')
      .leftJoinAndSelect('c.chosenSolution', 'chosen')
      .where('c.id = :id', { id })
      .getOne();
    if (!found) throw Problems.notFound('transfer case', id);
    const candidates: CandidateRow[] = await this.db.query(
      `SELECT c.solution_id, s.slug, s.title, c.rationale, c.added_at
       FROM transfer_case_candidates c JOIN solutions s ON s.id = c.solution_id
       WHERE c.case_id = $1 ORDER BY c.added_at, s.slug`,
      [id],
    );
    const facts = factsOf(
      found,
      candidates.map((c) => ({ solutionId: c.solution_id, rationale: c.rationale })),
    );
    const mayWrite = isAllowed(caller, CASE_WRITERS) && mayWriteAt(caller, found);
    return {
      ...summaryOf(found),
      candidates: candidates.map((c) => ({
        solution: { id: c.solution_id, slug: c.slug, title: c.title },
        rationale: c.rationale,
        addedAt: c.added_at,
      })),
      chosenSolution: found.chosenSolution
        ? { id: found.chosenSolution.id, slug: found.chosenSolution.slug, title: found.chosenSolution.title }
        : null,
      ...(seesPersonalContacts(caller) && { originContact: found.originContact }),
      outcome:
        found.implementedOn || found.outcomeNote || found.measuredEffect
          ? {
              implementedOn: found.implementedOn,
              note: found.outcomeNote,
              measuredEffect: found.measuredEffect,
            }
          : null,
      cancelReason: found.cancelReason,
      transitions: mayWrite ? availableTransitions(facts) : [],
    };
  }

  async list(query: CaseListQuery): Promise<Page<TransferCaseSummary>> {
    const qb = this.db.getRepository(TransferCase).createQueryBuilder('c');
    const filters: [keyof CaseListQuery, string][] = [
      ['status', 'c.status = :status'],
      ['stateCode', 'c.state_code = :stateCode'],
      ['regionId', 'c.region_id = :regionId'],
      ['municipalityId', 'c.municipality_id = :municipalityId'],
      ['assigneeId', 'c.assignee_id = :assigneeId'],
      ['solutionId', 'c.chosen_solution_id = :solutionId'],
      ['openedFrom', 'c.opened_at >= :openedFrom'],
      ['openedTo', 'c.opened_at < :openedTo'],
      ['changedFrom', 'c.updated_at >= :changedFrom'],
      ['changedTo', 'c.updated_at < :changedTo'],
    ];
    const used: Record<string, unknown> = {};
    for (const [key, condition] of filters) {
      if (query[key] === undefined) continue;
      used[key] = query[key];
      qb.andWhere(condition, { [key]: query[key] });
    }
    const page = await keysetPage(
      qb,
      {
        columns: ['c.opened_at', 'c.id'],
        shape: [ISO_INSTANT_PATTERN, UUID_PATTERN],
        keyOf: (c) => [c.openedAt.toISOString(), c.id],
        direction: 'DESC',
      },
      query,
      cursorScope('transfer-cases', used),
    );
    return mapPage(page, summaryOf);
  }

  /** Assignee, and the facts the next moves need: choice and contact (recherchiert), measured effect (umgesetzt). */
  async update(
    caller: Caller,
    id: string,
    dto: UpdateCaseDto,
    expectedVersion: number | undefined,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      const current = await lockCaseForWrite(tx, id, caller, expectedVersion);
      const changes: Partial<TransferCase> = {};
      const events: CaseEventInput[] = [];

      if (dto.assigneeId !== undefined) {
        if (current.status === 'umgesetzt' || current.status === 'abgebrochen') {
          throw Problems.conflict('case-closed', `transfer case ${id} is ${current.status}`);
        }
        if (dto.assigneeId !== null) await assertPilotOf(tx, dto.assigneeId, current.regionId);
        changes.assigneeId = dto.assigneeId;
        events.push({ type: 'assigned', data: { assigneeId: dto.assigneeId } });
      }
      if (dto.chosenSolutionId !== undefined || dto.originContact !== undefined) {
        if (current.status !== 'recherchiert') {
          throw Problems.conflict(
            'case-not-recherchiert',
            `a solution is chosen and the contact recorded while the case is recherchiert, not ${current.status}`,
          );
        }
      }
      if (dto.chosenSolutionId !== undefined) {
        const isCandidate = await tx
          .getRepository(CaseCandidate)
          .existsBy({ caseId: id, solutionId: dto.chosenSolutionId });
        if (!isCandidate) {
          throw Problems.unprocessable(
            'not-a-candidate',
            'the chosen solution must be one of the candidates',
            [{ field: 'chosenSolutionId', message: 'chosenSolutionId must name a candidate of this case' }],
          );
        }
        changes.chosenSolutionId = dto.chosenSolutionId;
        events.push({ type: 'solution_chosen', data: { solutionId: dto.chosenSolutionId } });
      }
      if (dto.originContact !== undefined) {
        changes.originContact = dto.originContact.trim();
        events.push({ type: 'contact_recorded' });
      }
      if (dto.measuredEffect !== undefined) {
        if (current.status !== 'umgesetzt') {
          throw Problems.conflict(
            'case-not-umgesetzt',
            'a measured effect is recorded once the case is umgesetzt',
          );
        }
        changes.measuredEffect = dto.measuredEffect.trim();
        events.push({ type: 'outcome_recorded', data: { measuredEffect: changes.measuredEffect } });
      }
      if (events.length === 0) return;
      await tx.getRepository(TransferCase).update({ id }, changes);
      await recordChange(tx, current, caller, ...events);
    });
  }

  /**
   * Moves the case, with the state machine deciding under the row lock: 409 for a move the
   * machine does not have (naming the allowed targets), 422 listing every unmet condition.
   */
  async transition(
    caller: Caller,
    id: string,
    dto: TransitionDto,
    expectedVersion: number | undefined,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      const current = await lockCaseForWrite(tx, id, caller, expectedVersion);
      const candidates = await tx.getRepository(CaseCandidate).findBy({ caseId: id });
      const decision = decideTransition(factsOf(current, candidates), dto.to, dto, todayInGermany());
      if (decision.kind === 'illegal') {
        throw Problems.conflict(
          'illegal-transition',
          `a case that is ${current.status} cannot move to ${dto.to}; allowed: ${decision.allowedTargets.join(', ') || 'none (final state)'}`,
          undefined,
          { allowedTargets: decision.allowedTargets },
        );
      }
      if (decision.kind === 'unmet') {
        throw Problems.unprocessable(
          'transition-conditions-unmet',
          `${current.status} → ${dto.to} needs: ${decision.unmet.map((c) => CONDITION_MESSAGES[c]).join('; ')}`,
          decision.unmet.map((condition) => ({
            field: fieldOf(condition),
            message: CONDITION_MESSAGES[condition],
          })),
          { unmetConditions: decision.unmet },
        );
      }
      const { next } = decision;
      const terminal = next.status === 'umgesetzt' || next.status === 'abgebrochen';
      await tx.getRepository(TransferCase).update(
        { id },
        {
          status: next.status,
          chosenSolutionId: next.chosenSolutionId,
          originContact: next.originContact,
          implementedOn: next.implementedOn,
          outcomeNote: next.outcomeNote,
          ...(next.status === 'umgesetzt' &&
            dto.measuredEffect !== undefined && { measuredEffect: dto.measuredEffect }),
          ...(next.status === 'abgebrochen' && { cancelReason: dto.reason?.trim() ?? null }),
          ...(terminal && { closedAt: new Date() }),
        },
      );
      await recordChange(tx, current, caller, {
        type: 'transitioned',
        from: current.status,
        to: next.status,
        note: dto.note ?? dto.reason ?? null,
        data: transitionData(current, next, dto),
      });
    });
  }
}

function factsOf(c: TransferCase, candidates: { solutionId: string; rationale: string }[]): CaseFacts {
  return {
    status: c.status,
    candidates,
    chosenSolutionId: c.chosenSolutionId,
    originContact: c.originContact,
    implementedOn: c.implementedOn,
    outcomeNote: c.outcomeNote,
  };
}

function summaryOf(c: TransferCase): TransferCaseSummary {
  return {
    id: c.id,
    needId: c.needId,
    municipalityId: c.municipalityId,
    regionId: c.regionId,
    stateCode: c.stateCode,
    assigneeId: c.assigneeId,
    status: c.status,
    chosenSolutionId: c.chosenSolutionId,
    version: c.version,
    openedAt: c.openedAt,
    updatedAt: c.updatedAt,
    closedAt: c.closedAt,
  };
}

function availableTransitions(facts: CaseFacts) {
  return allowedTargets(facts.status).map((to) => {
    const decision = decideTransition(facts, to, {}, todayInGermany());
    return {
      to,
      ready: decision.kind === 'allowed',
      missing: decision.kind === 'unmet' ? decision.unmet : [],
    };
  });
}

/** What the timeline keeps of a move: the facts it brought, never the contact text. */
function transitionData(before: TransferCase, next: CaseFacts, dto: TransitionDto): Record<string, unknown> {
  if (next.status === 'vermittelt') return { chosenSolutionId: next.chosenSolutionId };
  if (next.status === 'umgesetzt') {
    return {
      implementedOn: next.implementedOn,
      outcomeNote: next.outcomeNote,
      measuredEffect: dto.measuredEffect ?? null,
    };
  }
  if (before.status === 'vermittelt' && next.status === 'recherchiert') {
    return { reason: dto.reason?.trim(), clearedSolutionId: before.chosenSolutionId };
  }
  if (next.status === 'abgebrochen') return { reason: dto.reason?.trim() };
  return {};
}

function fieldOf(condition: UnmetCondition): string {
  switch (condition) {
    case 'candidate_with_rationale':
      return 'candidates';
    case 'chosen_solution':
    case 'chosen_solution_among_candidates':
      return 'chosenSolutionId';
    case 'origin_contact':
      return 'originContact';
    case 'implementation_date':
    case 'implementation_date_not_in_future':
      return 'implementedOn';
    case 'outcome_note':
      return 'outcomeNote';
    case 'reason':
      return 'reason';
  }
}

/** The assignee must be an active pilot working in the case's region. */
async function assertPilotOf(tx: EntityManager, userId: string, regionId: string | null): Promise<void> {
  const [row] = await tx.query(
    `SELECT 1 FROM users u JOIN user_regions r ON r.user_id = u.id
     WHERE u.id = $1 AND u.active AND u.role = 'lotse' AND r.region_id = $2`,
    [userId, regionId],
  );
  if (!row) {
    throw Problems.unprocessable(
      'assignee-not-a-pilot-here',
      'the assignee must be a pilot of the case’s region',
      [{ field: 'assigneeId', message: 'assigneeId must name an active pilot (lotse) of the case’s region' }],
    );
  }
}
