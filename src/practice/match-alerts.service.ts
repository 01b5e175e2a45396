import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { assertMayWriteAt, type Caller } from '../auth/index.js';
import { cursorScope } from '../common/pagination/cursor.js';
import { applyListFilters, type ListFilters } from '../common/pagination/list-filters.js';
import { keysetPage, type Page } from '../common/pagination/page.js';
import { Problems } from '../common/problems/problem.exception.js';
import { ISO_INSTANT_PATTERN, UUID_PATTERN } from '../common/validation/patterns.js';
import type { PracticeConfig } from '../config/app-config.js';
import { MunicipalityPlaces, type MunicipalityRef } from '../municipalities/index.js';
import { NeedsService, SolutionSuggestionsService } from '../needs/index.js';
import { WritePath, type WriteSession } from '../platform/index.js';
import { SolutionCatalog, type SolutionRefData } from '../solutions/index.js';
import { CaseCandidatesService, rationaleFrom, TransferCasesService } from '../transfer-cases/index.js';
import type { AcceptAlertDto, AlertListQuery, DismissAlertDto } from './dto/alert.dto.js';
import { MatchAlert } from './match-alert.entity.js';
import { PRACTICE_CONFIG } from './practice-config.js';
import { ALERT_RECORDS } from './practice-records.js';
import { ALERT_MAX_RANK, alertWorthy } from './practice-rules.js';

/** An alert as its pages show it: with its need's title, its municipality and its solution. */
export interface AlertView {
  alert: MatchAlert;
  needTitle: string;
  municipality: MunicipalityRef;
  solution: SolutionRefData | null;
}

const FILTERS: ListFilters<AlertListQuery> = {
  status: { where: (status) => (status === 'all' ? null : 'a.status = :status') },
  regionId: 'a.region_id = :regionId',
  needId: 'a.need_id = :needId',
  solutionId: 'a.solution_id = :solutionId',
};

/**
 * Information that arrives: when a solution is published (created, or a nomination taken up) or
 * its text changes, the matching that ranks a need's suggestions runs the other way, and each
 * open need it now fits strongly gets one alert for its pilot, in the solution's write.
 */
@Injectable()
export class MatchAlerts implements OnModuleInit {
  constructor(
    @InjectRepository(MatchAlert) private readonly alerts: Repository<MatchAlert>,
    @Inject(PRACTICE_CONFIG) private readonly config: PracticeConfig,
    private readonly writes: WritePath,
    private readonly catalog: SolutionCatalog,
    private readonly needs: NeedsService,
    private readonly suggestions: SolutionSuggestionsService,
    private readonly cases: TransferCasesService,
    private readonly candidates: CaseCandidatesService,
    private readonly places: MunicipalityPlaces,
  ) {}

  onModuleInit(): void {
    this.writes.keepDerived('solution', (_tx, ids, session) => this.scan(session, ids));
  }

  /**
   * The open needs these solutions now fit strongly, each pair alerted once (a repeated or
   * immaterial edit finds the pairs it alerted before and adds nothing).
   */
  private async scan(session: WriteSession, solutionIds: readonly string[]): Promise<void> {
    const { tx } = session;
    for (const solution of await this.catalog.inOrder(solutionIds, tx)) {
      if (solution.status !== 'active') continue;
      const needs = await this.needs.openNeedsSharing(
        [solution.title, solution.summary, solution.problem].join('\n'),
        solution.topics,
        this.config.alertCandidates,
        tx,
      );
      if (needs.length === 0) continue;
      const alerted = new Set(
        (
          await tx.withRepository(this.alerts).find({
            where: { solutionId: solution.id, needId: In(needs.map((n) => n.id)) },
            select: { needId: true },
          })
        ).map((a) => a.needId),
      );
      const fresh = needs.filter((n) => !alerted.has(n.id));
      const openCases = await this.cases.openCasesOf(
        fresh.map((n) => n.id),
        tx,
      );
      const rows: Partial<MatchAlert>[] = [];
      for (const need of fresh) {
        const ranked = await this.suggestions.suggest(need, ALERT_MAX_RANK, tx);
        const openCase = openCases.get(need.id);
        if (!alertWorthy(solution.id, ranked, openCase)) continue;
        const mine = ranked.find((r) => r.solutionId === solution.id)!;
        const place = await this.places.placeOf(need.municipalityId, tx);
        if (!place) continue;
        rows.push({
          solutionId: solution.id,
          needId: need.id,
          caseId: openCase?.caseId ?? null,
          municipalityId: place.id,
          regionId: place.regionId,
          stateCode: place.stateCode,
          score: mine.score,
          reasons: mine.reasons,
        });
      }
      if (rows.length === 0) continue;
      const { raw } = await tx
        .withRepository(this.alerts)
        .createQueryBuilder()
        .insert()
        .values(rows)
        .orIgnore()
        .returning(['id', 'needId'])
        .execute();
      // A pair another writer alerted meanwhile is left out (ON CONFLICT DO NOTHING), and not recorded.
      const byNeed = new Map(rows.map((row) => [row.needId, row]));
      await session.recordedMany(
        ALERT_RECORDS,
        (raw as { id: string; need_id: string }[]).map(({ id, need_id: needId }) => ({
          id,
          version: 1,
          action: 'created',
          data: { solutionId: solution.id, needId },
          place: {
            stateCode: byNeed.get(needId)!.stateCode!,
            regionId: byNeed.get(needId)!.regionId ?? null,
          },
        })),
      );
    }
  }

  /** Newest first; a pilot without `regionId` sees her regions' alerts, a client its territory's. */
  list(caller: Caller, query: AlertListQuery): Promise<Page<AlertView>> {
    const qb = this.alerts.createQueryBuilder('a');
    const filters = applyListFilters(qb, query, FILTERS);
    if (caller.kind === 'user' && caller.role === 'lotse' && query.regionId === undefined) {
      qb.andWhere('a.region_id = ANY(:ownRegions)', { ownRegions: [...caller.regionIds] });
      filters.ownRegions = [...caller.regionIds].sort();
    }
    if (caller.kind === 'client') {
      qb.andWhere('(a.state_code = ANY(:states) OR a.region_id = ANY(CAST(:regions AS uuid[])))', {
        states: [...caller.stateCodes],
        regions: [...caller.regionIds],
      });
    }
    return keysetPage(
      qb,
      {
        columns: ['a.created_at', 'a.id'],
        shape: [ISO_INSTANT_PATTERN, UUID_PATTERN],
        keyOf: ({ alert }) => [alert.createdAt.toISOString(), alert.id],
        direction: 'DESC',
      },
      query,
      cursorScope('alerts', filters),
      (page) => this.views(page),
    );
  }

  async get(caller: Caller, id: string): Promise<AlertView> {
    const [view] = await this.views(this.alerts.createQueryBuilder('a').where('a.id = :id', { id }));
    if (!view) throw Problems.notFound('match alert', id);
    if (caller.kind === 'client') assertMayWriteAt(caller, view.alert);
    return view;
  }

  /**
   * Accepting adds the solution as a candidate of the need's case, with the alert's reasons as
   * rationale; a need without an open case gets one (its pilot's, when a pilot accepts).
   */
  accept(caller: Caller, id: string, dto: AcceptAlertDto): Promise<AlertView> {
    return this.writes.run(caller, async (session) => {
      const alert = await this.lockOpen(session, caller, id);
      const assignee = caller.kind === 'user' && caller.role === 'lotse' ? caller.id : null;
      const caseId = await this.cases.openCaseOf(session, caller, alert.needId, assignee);
      await this.candidates.addIn(
        session,
        caller,
        caseId,
        alert.solutionId,
        dto.rationale ?? rationaleFrom(alert.reasons),
      );
      await session.changed(ALERT_RECORDS, alert, {
        action: 'accepted',
        data: { caseId },
        set: { status: 'accepted', caseId, decidedByUserId: caller.id, decidedAt: new Date() },
      });
      return this.viewIn(session, id);
    });
  }

  dismiss(caller: Caller, id: string, dto: DismissAlertDto): Promise<AlertView> {
    return this.writes.run(caller, async (session) => {
      const alert = await this.lockOpen(session, caller, id);
      await session.changed(ALERT_RECORDS, alert, {
        action: 'dismissed',
        set: {
          status: 'dismissed',
          decidedByUserId: caller.id,
          decidedAt: new Date(),
          dismissReason: dto.reason.trim(),
        },
      });
      return this.viewIn(session, id);
    });
  }

  private async lockOpen(session: WriteSession, caller: Caller, id: string): Promise<MatchAlert> {
    const alert = await session.lock(ALERT_RECORDS, id, { authorize: (a) => assertMayWriteAt(caller, a) });
    if (alert.status !== 'open') {
      throw Problems.conflict('alert-decided', `match alert ${id} was already ${alert.status}`);
    }
    return alert;
  }

  private async viewIn(session: WriteSession, id: string): Promise<AlertView> {
    const [view] = await this.views(
      session.tx.withRepository(this.alerts).createQueryBuilder('a').where('a.id = :id', { id }),
      session.tx,
    );
    return view;
  }

  /** The alerts a query selects (alias `a`), with need title and municipality in the same query. */
  private async views(qb: SelectQueryBuilder<MatchAlert>, tx?: EntityManager): Promise<AlertView[]> {
    const { entities, raw } = await qb
      .addSelect(this.needs.titleSql('a.need_id'), 'need_title')
      .addSelect(this.places.nameSql('a.municipality_id'), 'municipality_name')
      .addSelect(this.places.agsSql('a.municipality_id'), 'municipality_ags')
      .getRawAndEntities<{
        a_id: string;
        need_title: string;
        municipality_name: string;
        municipality_ags: string;
      }>();
    const names = new Map(raw.map((row) => [row.a_id, row]));
    const solutions = await this.catalog.refs(
      entities.map((a) => a.solutionId),
      tx,
    );
    return entities.map((alert) => ({
      alert,
      needTitle: names.get(alert.id)?.need_title ?? '',
      municipality: {
        id: alert.municipalityId,
        name: names.get(alert.id)?.municipality_name ?? '',
        ags: names.get(alert.id)?.municipality_ags ?? '',
      },
      solution: solutions.get(alert.solutionId) ?? null,
    }));
  }
}
