import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Caller } from '../auth/caller.js';
import { assertMayWriteAt } from '../auth/territory.js';
import { cursorScope } from '../common/pagination/cursor.js';
import { keysetPage, type Page } from '../common/pagination/page.js';
import type { PageQuery } from '../common/pagination/page-query.dto.js';
import { Problems } from '../common/problems/problem.exception.js';
import { CaseEvent } from './case-event.entity.js';
import { appendEvent } from './case-writes.js';
import { TransferCase } from './transfer-case.entity.js';

@Injectable()
export class CaseTimelineService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The case's events, oldest first. */
  async events(caseId: string, page: PageQuery): Promise<Page<CaseEvent>> {
    if (!(await this.db.getRepository(TransferCase).existsBy({ id: caseId }))) {
      throw Problems.notFound('transfer case', caseId);
    }
    const qb = this.db
      .getRepository(CaseEvent)
      .createQueryBuilder('e')
      .where('e.case_id = :caseId', { caseId });
    return keysetPage(
      qb,
      { columns: ['e.seq'], shape: [/^\d{1,18}$/], keyOf: (e) => [e.seq] },
      page,
      cursorScope('case-events', { caseId }),
    );
  }

  /** A comment is part of the timeline, not a change of the case: the version stays. */
  async comment(caller: Caller, caseId: string, text: string): Promise<CaseEvent> {
    const found = await this.db.getRepository(TransferCase).findOneBy({ id: caseId });
    if (!found) throw Problems.notFound('transfer case', caseId);
    assertMayWriteAt(caller, found);
    const { seq } = await this.db.transaction((tx) =>
      appendEvent(tx, caseId, caller, { type: 'commented', note: text.trim() }),
    );
    return this.db.getRepository(CaseEvent).findOneByOrFail({ seq });
  }
}
