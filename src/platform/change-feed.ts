import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ActorNames, type Actor, type Caller } from '../auth/index.js';
import { cursorScope, encodeCursor } from '../common/pagination/cursor.js';
import { decodeCursorParam } from '../common/pagination/page.js';
import { Problems } from '../common/problems/problem.exception.js';
import { ChangeCommit } from './change-commit.entity.js';
import { CHANGE_KINDS, READ_SCOPE_OF, type ChangeKind } from './change-kinds.js';
import { Change } from './change.entity.js';
import { ChangeRefs, type ExternalId } from './change-refs.js';
import type { ChangeFeedQuery } from './dto/change-feed.query.js';

export interface FeedEntry {
  change: Change;
  position: string;
  actor: Actor | null;
  externalIds: ExternalId[];
}

export interface FeedPage {
  items: FeedEntry[];
  nextCursor: string;
}

/**
 * The change feed: change records in the order their transactions committed (`change_commits`,
 * see `sealChanges` and docs/change-feed.md), a transaction's records in the order written. The
 * cursor is the (position, seq) of the last record handed out, so a reader following it sees
 * every committed change exactly once. API clients see the kinds their read scopes cover, in
 * their territory (the place each record keeps), solutions everywhere.
 */
@Injectable()
export class ChangeFeed {
  constructor(
    @InjectRepository(Change) private readonly changes: Repository<Change>,
    private readonly actors: ActorNames,
    private readonly refs: ChangeRefs,
  ) {}

  async page(caller: Caller, query: ChangeFeedQuery): Promise<FeedPage> {
    const kinds = this.kindsFor(caller, query.types);
    const scope = cursorScope('changes', { types: [...kinds].sort().join(',') });
    const [afterPosition, afterSeq] = query.after
      ? decodeCursorParam(query.after, scope, ['integer', 'integer'], 'after').map(String)
      : ['0', '0'];

    const qb = this.changes
      .createQueryBuilder('c')
      .innerJoin(ChangeCommit, 'cc', 'cc.txid = c.txid')
      .addSelect('cc.position', 'position')
      .where('(cc.position, c.seq) > (CAST(:afterPosition AS bigint), CAST(:afterSeq AS bigint))', {
        afterPosition,
        afterSeq,
      })
      .andWhere('c.entity_type = ANY(:kinds)', { kinds })
      .orderBy('cc.position', 'ASC')
      .addOrderBy('c.seq', 'ASC')
      .limit(query.limit);
    if (caller.kind === 'client') {
      qb.andWhere(
        `(c.entity_type = 'solution' OR c.state_code = ANY(:states) OR c.region_id = ANY(CAST(:regions AS uuid[])))`,
        { states: [...caller.stateCodes], regions: [...caller.regionIds] },
      );
    }
    const { entities, raw } = await qb.getRawAndEntities<{ c_seq: string; position: string }>();
    const positions = new Map(raw.map((row) => [String(row.c_seq), String(row.position)]));
    const actors = await this.actors.of(entities);
    const externalIds = await this.refs.of(entities);
    // An API client sees its own systems' ids; people see every system's.
    const visible = (ids: ExternalId[]) =>
      caller.kind === 'client' ? ids.filter((ref) => caller.systems.includes(ref.system)) : ids;
    const items = entities.map((change) => ({
      change,
      position: positions.get(String(change.seq)) ?? '0',
      actor: actors.of(change),
      externalIds: visible(externalIds.get(`${change.entityType}:${change.entityId}`) ?? []),
    }));
    const last = items.at(-1);
    const next = last
      ? [Number(last.position), Number(last.change.seq)]
      : [Number(afterPosition), Number(afterSeq)];
    return { items, nextCursor: encodeCursor(next, scope) };
  }

  /**
   * The kinds asked for, or all the caller may read (a client without any read scope: none, so an
   * empty feed); asking for a kind an API client has no read scope for is a 403.
   */
  private kindsFor(caller: Caller, asked: readonly ChangeKind[] | undefined): ChangeKind[] {
    if (caller.kind === 'user') return [...(asked ?? CHANGE_KINDS)];
    const readable = CHANGE_KINDS.filter((kind) => caller.scopes.includes(READ_SCOPE_OF[kind]));
    if (!asked) return readable;
    const refused = asked.filter((kind) => !readable.includes(kind));
    if (refused.length > 0) {
      throw Problems.forbidden(
        `this API client may not read ${refused.join(', ')} (needs ${refused.map((k) => READ_SCOPE_OF[k]).join(', ')})`,
      );
    }
    return [...asked];
  }
}
