import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ActorNames, type Actor, type Caller } from '../auth/index.js';
import { cursorScope } from '../common/pagination/cursor.js';
import { keysetPage, type Page } from '../common/pagination/page.js';
import type { PageQuery } from '../common/pagination/page-query.dto.js';
import { Problems } from '../common/problems/problem.exception.js';
import { WritePath } from '../platform/index.js';
import { CaseEvent } from './case-event.entity.js';
import { CASE_RECORDS } from './case-records.js';
import { TransferCase } from './transfer-case.entity.js';
import { TransferCasesService } from './transfer-cases.service.js';

/** A timeline entry with the name of whoever made it. */
export interface TimelineEvent {
  event: CaseEvent;
  actor: Actor | null;
}

@Injectable()
export class CaseTimelineService {
  constructor(
    @InjectRepository(CaseEvent) private readonly timeline: Repository<CaseEvent>,
    @InjectRepository(TransferCase) private readonly cases: Repository<TransferCase>,
    private readonly writes: WritePath,
    private readonly transferCases: TransferCasesService,
    private readonly actors: ActorNames,
  ) {}

  /** The case's events, oldest first; their actors named in one query per kind of actor. */
  async events(caseId: string, page: PageQuery): Promise<Page<TimelineEvent>> {
    if (!(await this.cases.existsBy({ id: caseId }))) throw Problems.notFound('transfer case', caseId);
    const qb = this.timeline.createQueryBuilder('e').where('e.case_id = :caseId', { caseId });
    const events = await keysetPage(
      qb,
      { columns: ['e.seq'], shape: [/^\d{1,18}$/], keyOf: (e) => [e.seq] },
      page,
      cursorScope('case-events', { caseId }),
    );
    return { items: await this.named(events.items), nextCursor: events.nextCursor };
  }

  /** A comment is part of the timeline, not a new version of the case: the version stays. */
  async comment(caller: Caller, caseId: string, note: string): Promise<TimelineEvent> {
    const [seq] = await this.writes.run(caller, async (session) => {
      const { current } = await this.transferCases.lock(session, caller, caseId);
      const { history } = await session.changed(CASE_RECORDS, current, {
        action: 'commented',
        bumpsVersion: false,
        history: [{ type: 'commented', note: note.trim() }],
      });
      return history ?? [];
    });
    const [event] = await this.named([await this.timeline.findOneByOrFail({ seq })]);
    return event;
  }

  private async named(events: CaseEvent[]): Promise<TimelineEvent[]> {
    const actors = await this.actors.of(events);
    return events.map((event) => ({ event, actor: actors.of(event) }));
  }
}
