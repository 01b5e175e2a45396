import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ActorNames, type Actor, type Caller } from '../auth/index.js';
import { cursorScope, encodeCursor } from '../common/pagination/cursor.js';
import { decodeCursorParam } from '../common/pagination/page.js';
import { Problems } from '../common/problems/problem.exception.js';
import { ChangeCommit } from './change-commit.entity.js';
import { CHANGE_KINDS, PLACELESS_KINDS, READ_SCOPE_OF, type ChangeKind } from './change-kinds.js';
import { Change } from './change.entity.js';
import { ChangeRefs, type ExternalId } from './change-refs.js';
import type { ChangeFeedQuery } from './dto/change-feed.query.js';

export interface FeedEntry {
  change: Change;
  position: string;
  actor: Actor | null;
  externalIds: ExternalId[];
}

/** Past every sequence number: a cursor at (position, END_OF_COMMIT) has read that whole transaction. */
export const END_OF_COMMIT = '9223372036854775807';

/** Before the first change. */
const START: [string, string] = ['0', '0'];

export interface FeedPage {
  items: FeedEntry[];
  nextCursor: string;
}

/**
 * The change feed: change records in the order their transactions committed (`change_commits`,
 * see `sealChanges` and docs/change-feed.md), a transaction's records in the order written. The
 * cursor is the (position, seq) of the last record handed out, so a reader following it sees
 * every committed change exactly once. API clients see the kinds their read scopes cover, in
 * their territory (the place each record keeps), solutions, teams and cohorts everywhere.
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
    const after = query.after
      ? (decodeCursorParam(query.after, scope, ['integer', 'integer'], 'after').map(String) as [
          string,
          string,
        ])
      : START;
    const items = await this.entriesAfter(caller, kinds, after, query.limit);
    const last = items.at(-1);
    const next = last ? [Number(last.position), Number(last.change.seq)] : after.map(Number);
    return { items, nextCursor: encodeCursor(next, scope) };
  }

  /**
   * The position of the last committed transaction. Every transaction at or before it has
   * committed (positions are taken in commit order), so a reader that has read up to it and
   * found nothing it may see can move its cursor there: webhooks do, so that a subscriber who sees
   * little does not rescan the same changes on every round.
   */
  async head(): Promise<string> {
    const [row]: { position: string | null }[] = await this.changes.query(
      'SELECT max(position)::text AS position FROM change_commits',
    );
    return row?.position ?? '0';
  }

  /**
   * What `caller` may see of the changes after the cursor (position, seq), up to `limit` of them
   * and, when given, no further than position `upTo`. `page` serves the HTTP feed with it, the
   * webhook dispatcher its subscriptions.
   */
  async entriesAfter(
    caller: Caller,
    kinds: readonly ChangeKind[],
    [afterPosition, afterSeq]: readonly [string, string],
    limit: number,
    upTo?: string,
  ): Promise<FeedEntry[]> {
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
      .limit(limit);
    if (upTo !== undefined) qb.andWhere('cc.position <= CAST(:upTo AS bigint)', { upTo });
    if (caller.kind === 'client') {
      qb.andWhere(
        `(c.entity_type = ANY(:placeless) OR c.state_code = ANY(:states) OR c.region_id = ANY(CAST(:regions AS uuid[])))`,
        { placeless: [...PLACELESS_KINDS], states: [...caller.stateCodes], regions: [...caller.regionIds] },
      );
    }
    const { entities, raw } = await qb.getRawAndEntities<{ c_seq: string; position: string }>();
    const positions = new Map(raw.map((row) => [String(row.c_seq), String(row.position)]));
    const actors = await this.actors.of(entities);
    const externalIds = await this.refs.of(entities);
    // An API client sees its own systems' ids; people see every system's.
    const visible = (ids: ExternalId[]) =>
      caller.kind === 'client' ? ids.filter((ref) => caller.systems.includes(ref.system)) : ids;
    return entities.map((change) => ({
      change,
      position: positions.get(String(change.seq)) ?? '0',
      actor: actors.of(change),
      externalIds: visible(externalIds.get(`${change.entityType}:${change.entityId}`) ?? []),
    }));
  }

  /**
   * The kinds asked for, or all the caller may read (a client without any read scope: none, so an
   * empty feed); asking for a kind an API client has no read scope for is a 403.
   */
  kindsFor(caller: Caller, asked: readonly ChangeKind[] | undefined): ChangeKind[] {
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
