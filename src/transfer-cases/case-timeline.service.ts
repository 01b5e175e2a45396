import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { Caller } from '../auth/index.js';
import { cursorScope } from '../common/pagination/cursor.js';
import { keysetPage, type Page } from '../common/pagination/page.js';
import type { PageQuery } from '../common/pagination/page-query.dto.js';
import { Problems } from '../common/problems/problem.exception.js';
import { WritePath } from '../platform/index.js';
import { CaseEvent } from './case-event.entity.js';
import { CASE_RECORDS } from './case-records.js';
import { TransferCase } from './transfer-case.entity.js';
import { TransferCasesService } from './transfer-cases.service.js';

@Injectable()
export class CaseTimelineService {
  constructor(
    @InjectRepository(CaseEvent) private readonly timeline: Repository<CaseEvent>,
    @InjectRepository(TransferCase) private readonly cases: Repository<TransferCase>,
    private readonly writes: WritePath,
    private readonly transferCases: TransferCasesService,
  ) {}

  /** The case's events, oldest first. */
  async events(caseId: string, page: PageQuery): Promise<Page<CaseEvent>> {
    if (!(await this.cases.existsBy({ id: caseId }))) throw Problems.notFound('transfer case', caseId);
    const qb = this.timeline.createQueryBuilder('e').where('e.case_id = :caseId', { caseId });
    return keysetPage(
      qb,
      { columns: ['e.seq'], shape: [/^\d{1,18}$/], keyOf: (e) => [e.seq] },
      page,
      cursorScope('case-events', { caseId }),
    );
  }

  /** A comment is part of the timeline, not a new version of the case: the version stays. */
  async comment(caller: Caller, caseId: string, text: string): Promise<CaseEvent> {
    const [seq] = await this.writes.run(caller, async (session) => {
      const { current } = await this.transferCases.lock(session, caller, caseId);
      const { history } = await session.changed(CASE_RECORDS, current, {
        action: 'commented',
        bumpsVersion: false,
        history: [{ type: 'commented', note: text.trim() }],
      });
      return history ?? [];
    });
    return this.timeline.findOneByOrFail({ seq });
  }
}
