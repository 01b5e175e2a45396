import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { assertMayWriteAt, type Caller } from '../auth/index.js';
import type { FieldError } from '../common/problems/problem-details.js';
import { ProblemException, Problems } from '../common/problems/problem.exception.js';
import {
  MunicipalitiesService,
  MunicipalityPlaces,
  type CreateMunicipalityDto,
  type Municipality,
  type MunicipalityDraft,
  type MunicipalityPatch,
  type MunicipalityPlace,
} from '../municipalities/index.js';
import { NeedsService, type NeedDraft, type NeedPatch, type NeedView } from '../needs/index.js';
import type { BulkMunicipalityItem } from './dto/bulk-municipalities.dto.js';
import type { BulkNeedItem } from './dto/bulk-needs.dto.js';
import type { Page } from '../common/pagination/page.js';
import type { PageQuery } from '../common/pagination/page-query.dto.js';
import { CaseListQuery, TransferCasesService, type CaseSummaryView } from '../transfer-cases/index.js';
import type { PutNeedDto } from './dto/put-need.dto.js';
import type { EntityManager } from 'typeorm';
import type { RefKind } from './external-ref.entity.js';
import { ExternalRefs } from './external-refs.js';

export interface Upserted<T> {
  value: T;
  created: boolean;
}

/**
 * Municipalities and needs addressed by a state system's own ids. The writes themselves are the
 * owning modules' (territory, validation, versions and change records); this module keeps the ids.
 */
@Injectable()
export class IntegrationsService {
  constructor(
    private readonly refs: ExternalRefs,
    private readonly municipalities: MunicipalitiesService,
    private readonly needs: NeedsService,
    private readonly cases: TransferCasesService,
    private readonly places: MunicipalityPlaces,
  ) {}

  /** An API client writes only for the systems it is bound to. */
  assertMayWriteFor(caller: Caller, system: string): void {
    if (caller.kind === 'client' && !caller.systems.includes(system)) {
      throw Problems.forbidden(`this API client may not write for system ${system}`);
    }
  }

  async municipality(system: string, externalId: string): Promise<Municipality> {
    const id = await this.refs.entityOf('municipality', system, externalId);
    if (!id) throw Problems.notFound(`municipality of ${system}`, externalId);
    return this.municipalities.get(id);
  }

  /**
   * Creates or updates by the system's id. The AGS is the municipality's natural key, so the upsert
   * goes by AGS (safe under concurrent requests) and the id is linked to what it found or made.
   */
  async putMunicipality(
    caller: Caller,
    system: string,
    externalId: string,
    dto: CreateMunicipalityDto,
  ): Promise<Upserted<Municipality>> {
    this.assertMayWriteFor(caller, system);
    const linked = await this.linkedMunicipality(system, externalId);
    if (linked && linked.ags !== dto.ags) {
      throw Problems.unprocessable(
        'ags-is-fixed',
        `${system} ${externalId} names municipality ${linked.ags}`,
        [{ field: 'ags', message: `ags must stay ${linked.ags}: a municipality's AGS does not change` }],
      );
    }
    const { ags, ...fields } = dto;
    const { municipality, created } = await this.municipalities.upsertByAgs(caller, ags, fields);
    if (!linked) {
      await this.refs.link('municipality', system, externalId, municipality.id);
      const now = await this.refs.entityOf('municipality', system, externalId);
      if (now !== municipality.id) {
        throw Problems.conflict(
          'external-id-taken',
          now
            ? `${system} ${externalId} already names another municipality`
            : `municipality ${municipality.ags} already has another id in ${system}`,
          [{ field: 'externalId', message: 'externalId does not fit the municipality of this AGS' }],
        );
      }
    }
    return { value: municipality, created };
  }

  /**
   * A batch of municipalities by the system's ids, each as `putMunicipality` would write it: every
   * item is checked first (AGS and kind, region, territory, the AGS a linked id names, the id an
   * AGS's municipality already has); if any fails, nothing is written and each failing item is
   * named with its index. Otherwise all are written in one transaction with set-based statements,
   * the ids not yet linked linked in it too.
   */
  async bulkMunicipalities(
    caller: Caller,
    system: string,
    items: readonly BulkMunicipalityItem[],
  ): Promise<BulkItemOutcome[]> {
    this.assertMayWriteFor(caller, system);
    const linkedIds = await this.refs.entitiesOf(
      'municipality',
      system,
      items.map((item) => item.externalId),
    );
    const linked = await this.municipalities.findMany([...linkedIds.values()]);
    const checks = await this.municipalities.checkUpserts(caller, items);
    const idsOfExisting = await this.refs.externalIdsOf(
      'municipality',
      checks.flatMap((check) => (check.existing ? [check.existing.id] : [])),
    );

    const refused: Array<{ index: number; externalId: string; errors: FieldError[] }> = [];
    const creates: MunicipalityDraft[] = [];
    const patches: MunicipalityPatch[] = [];
    const links: Array<{ externalId: string; entityId: string }> = [];
    const gone: Array<{ externalId: string; entityId: string }> = [];
    const ids: string[] = [];
    items.forEach((item, index) => {
      const { existing, errors } = checks[index];
      const linkedId = linkedIds.get(item.externalId);
      // A link whose municipality was deleted since names nothing: the item creates or links anew.
      const named = linkedId ? linked.get(linkedId) : undefined;
      if (named && named.ags !== item.ags) {
        errors.push({
          field: 'ags',
          message: `ags must stay ${named.ags}: a municipality's AGS does not change`,
        });
      }
      // The same id linked since the lookup above is no conflict of the item's (linking it fails: 409).
      const otherId =
        existing &&
        (idsOfExisting.get(existing.id) ?? []).find(
          (ref) => ref.system === system && ref.externalId !== item.externalId,
        );
      if (!named && otherId) {
        errors.push({
          field: 'externalId',
          message: `municipality ${existing.ags} already has another id in ${system}`,
        });
      }
      if (errors.length > 0) {
        refused.push({ index, externalId: item.externalId, errors });
        return;
      }
      const { externalId, ...fields } = item;
      const id = existing?.id ?? randomUUID();
      if (existing) patches.push({ ...fields, id });
      else creates.push({ ...fields, id });
      if (!named) links.push({ externalId, entityId: id });
      if (linkedId && !named) gone.push({ externalId, entityId: linkedId });
      ids.push(id);
    });
    if (refused.length > 0) throw bulkRefused(refused, items.length);

    const outcome = await this.municipalities.bulkWrite(caller, creates, patches, async (tx) => {
      await this.refs.unlinkMany('municipality', system, gone, tx);
      await this.linkEvery('municipality', system, links, tx);
    });
    return bulkOutcomes(items, ids, outcome);
  }

  /** The cases of the need the system knows by `externalId`, newest first; 404 when it knows none. */
  async casesOfNeed(system: string, externalId: string, page: PageQuery): Promise<Page<CaseSummaryView>> {
    const needId = await this.refs.entityOf('need', system, externalId);
    if (!needId) throw Problems.notFound(`need of ${system}`, externalId);
    return this.cases.list(
      Object.assign(new CaseListQuery(), { needId, limit: page.limit, cursor: page.cursor }),
    );
  }

  async need(system: string, externalId: string): Promise<NeedView> {
    const id = await this.refs.entityOf('need', system, externalId);
    if (!id) throw Problems.notFound(`need of ${system}`, externalId);
    return this.needs.view(id);
  }

  /**
   * Creates or updates by the system's id. A new need and its id are stored in one transaction, so
   * of two requests creating the same id at once one creates, the other finds it and updates.
   */
  async putNeed(
    caller: Caller,
    system: string,
    externalId: string,
    dto: PutNeedDto,
  ): Promise<Upserted<NeedView>> {
    this.assertMayWriteFor(caller, system);
    const { place, error } = placeOfItem(dto, await this.municipalitiesNamedBy(system, [dto]));
    if (!place) {
      throw Problems.unprocessable(
        error?.field === 'municipality' ? 'municipality-reference' : 'unknown-municipality',
        error?.message ?? 'the municipality does not exist',
        error && [error],
      );
    }
    const municipalityId = place.id;
    const {
      municipalityId: _id,
      municipalityAgs: _ags,
      municipalityExternalId: _ext,
      capturedAt,
      ...fields
    } = dto;
    for (let attempt = 0; attempt < 2; attempt++) {
      const existing = await this.refs.entityOf('need', system, externalId);
      if (existing) {
        const current = await this.needs.find(existing);
        if (current) {
          if (current.municipalityId !== municipalityId) {
            throw Problems.unprocessable(
              'municipality-is-fixed',
              `need ${system} ${externalId} belongs to another municipality`,
              [{ field: 'municipality', message: 'a need stays with the municipality it was recorded for' }],
            );
          }
          return { value: await this.needs.update(caller, existing, fields), created: false };
        }
        await this.refs.unlink('need', system, externalId); // its need was deleted since
      }
      if (fields.title === undefined) {
        // Well-formed (an update may leave it out), but a new need needs one: 422, not 400.
        throw Problems.unprocessable('title-required', 'a new need needs a title', [
          { field: 'title', message: 'title is required to create a need' },
        ]);
      }
      try {
        const value = await this.needs.create(
          caller,
          { ...fields, title: fields.title, municipalityId, capturedAt },
          async (tx, id) => {
            if (!(await this.refs.link('need', system, externalId, id, tx))) throw new LinkTaken();
          },
        );
        return { value, created: true };
      } catch (error) {
        // Another request created this id meanwhile (its transaction committed first): update it.
        if (!(error instanceof LinkTaken)) throw error;
      }
    }
    throw Problems.conflict(
      'external-id-contended',
      `${system} ${externalId} is being written concurrently; retry`,
    );
  }

  /**
   * A batch of needs by the system's ids: every item is checked first (references, territory,
   * title for new ones); if any fails, nothing is written and each failing item is named with its
   * index. Otherwise all are written in one transaction with set-based statements.
   */
  async bulkNeeds(
    caller: Caller,
    system: string,
    items: readonly BulkNeedItem[],
  ): Promise<BulkItemOutcome[]> {
    this.assertMayWriteFor(caller, system);
    const existing = await this.refs.entitiesOf(
      'need',
      system,
      items.map((item) => item.externalId),
    );
    const named = await this.municipalitiesNamedBy(system, items);
    const needs = await this.needs.findMany([...existing.values()]);
    const now = Date.now();

    const refused: Array<{ index: number; externalId: string; errors: FieldError[] }> = [];
    const creates: NeedDraft[] = [];
    const patches: NeedPatch[] = [];
    const links: Array<{ externalId: string; entityId: string }> = [];
    const ids: string[] = [];
    items.forEach((item, index) => {
      const errors: FieldError[] = [];
      const { place, error } = placeOfItem(item, named);
      if (error) errors.push(error);
      if (place) {
        try {
          assertMayWriteAt(caller, place);
        } catch (refusal) {
          if (!(refusal instanceof ProblemException)) throw refusal;
          errors.push({
            field: 'municipality',
            message: 'the municipality lies outside this caller’s territory',
          });
        }
      }
      const needId = existing.get(item.externalId);
      const need = needId ? needs.get(needId) : undefined;
      if (need && place && need.municipalityId !== place.id) {
        errors.push({
          field: 'municipality',
          message: 'a need stays with the municipality it was recorded for',
        });
      }
      if (!need && item.title === undefined)
        errors.push({ field: 'title', message: 'title is required to create a need' });
      const capturedAt = item.capturedAt === undefined ? new Date(now) : new Date(item.capturedAt);
      if (capturedAt.getTime() > now)
        errors.push({ field: 'capturedAt', message: 'capturedAt must not be in the future' });
      if (errors.length > 0 || !place) {
        refused.push({ index, externalId: item.externalId, errors });
        return;
      }
      const fields = {
        title: item.title,
        description: item.description,
        topics: item.topics,
        urgency: item.urgency,
      };
      if (need) {
        patches.push({ id: need.id, place, ...fields });
        ids.push(need.id);
      } else {
        const id = randomUUID();
        creates.push({ id, place, ...fields, title: item.title ?? '', capturedAt });
        links.push({ externalId: item.externalId, entityId: id });
        ids.push(id);
      }
    });
    if (refused.length > 0) throw bulkRefused(refused, items.length);

    const outcome = await this.needs.bulkWrite(caller, creates, patches, (tx) =>
      this.linkEvery('need', system, links, tx),
    );
    return bulkOutcomes(items, ids, outcome);
  }

  /** Links a batch's new ids in its transaction; one taken meanwhile makes the whole batch a 409. */
  private async linkEvery(
    kind: RefKind,
    system: string,
    links: ReadonlyArray<{ externalId: string; entityId: string }>,
    tx: EntityManager,
  ): Promise<void> {
    if ((await this.refs.linkMany(kind, system, links, tx)) !== links.length) {
      throw Problems.conflict(
        'external-id-contended',
        `another request linked some of these ids or ${kind === 'need' ? 'needs' : 'municipalities'} meanwhile; send the batch again`,
      );
    }
  }

  private async linkedMunicipality(system: string, externalId: string): Promise<Municipality | null> {
    const id = await this.refs.entityOf('municipality', system, externalId);
    if (!id) return null;
    const municipality = await orNullIfMissing(this.municipalities.get(id));
    if (!municipality) await this.refs.unlink('municipality', system, externalId);
    return municipality;
  }

  /** The municipalities a batch of items names (by id, AGS or this system's id): two lookups at most. */
  private async municipalitiesNamedBy(
    system: string,
    items: readonly MunicipalityReference[],
  ): Promise<NamedMunicipalities> {
    const byExternalId = await this.refs.entitiesOf(
      'municipality',
      system,
      items.flatMap((item) => (item.municipalityExternalId ? [item.municipalityExternalId] : [])),
    );
    const places = await this.places.placesOf(
      [
        ...items.flatMap((item) => (item.municipalityId ? [item.municipalityId] : [])),
        ...byExternalId.values(),
      ],
      items.flatMap((item) => (item.municipalityAgs ? [item.municipalityAgs] : [])),
    );
    return { ...places, byExternalId, system };
  }
}

/** A batch's answer: per item in the order sent, what happened to it (written items not changed: `unchanged`). */
function bulkOutcomes(
  items: ReadonlyArray<{ externalId: string }>,
  ids: readonly string[],
  outcome: ReadonlyMap<string, 'created' | 'updated' | 'unchanged'>,
): BulkItemOutcome[] {
  return items.map((item, index) => ({
    index,
    externalId: item.externalId,
    id: ids[index],
    result: outcome.get(ids[index]) ?? 'unchanged',
  }));
}

/** 422 for a batch: each item that cannot be written, by its index; nothing was written. */
function bulkRefused(
  refused: ReadonlyArray<{ index: number; externalId: string; errors: FieldError[] }>,
  total: number,
) {
  return Problems.unprocessable(
    'bulk-refused',
    `${refused.length} of ${total} items cannot be written; nothing was written`,
    undefined,
    { items: refused },
  );
}

/** The external id was linked by a concurrent request; thrown inside the create to roll it back. */
class LinkTaken extends Error {}

/** The entity, or null when it is gone (404); any other failure still fails. */
async function orNullIfMissing<T>(found: Promise<T>): Promise<T | null> {
  try {
    return await found;
  } catch (error) {
    if (error instanceof ProblemException && error.problem.status === 404) return null;
    throw error;
  }
}

export interface BulkItemOutcome {
  index: number;
  externalId: string;
  id: string;
  result: 'created' | 'updated' | 'unchanged';
}

/** How a need names its municipality: exactly one of our id, its AGS or the system's id for it. */
type MunicipalityReference = Pick<
  PutNeedDto,
  'municipalityId' | 'municipalityAgs' | 'municipalityExternalId'
>;

interface NamedMunicipalities {
  system: string;
  byId: Map<string, MunicipalityPlace>;
  byAgs: Map<string, MunicipalityPlace>;
  byExternalId: Map<string, string>;
}

/** The municipality an item names, or the field error why it names none. */
function placeOfItem(
  item: MunicipalityReference,
  { system, byId, byAgs, byExternalId }: NamedMunicipalities,
): { place?: MunicipalityPlace; error?: FieldError } {
  const given = [item.municipalityId, item.municipalityAgs, item.municipalityExternalId].filter(
    (v) => v !== undefined,
  );
  if (given.length !== 1) {
    return {
      error: {
        field: 'municipality',
        message:
          'name the municipality by exactly one of municipalityId, municipalityAgs, municipalityExternalId',
      },
    };
  }
  if (item.municipalityId) {
    const place = byId.get(item.municipalityId);
    return place
      ? { place }
      : { error: { field: 'municipalityId', message: 'municipalityId must name an existing municipality' } };
  }
  if (item.municipalityAgs) {
    const place = byAgs.get(item.municipalityAgs);
    return place
      ? { place }
      : {
          error: { field: 'municipalityAgs', message: 'municipalityAgs must name an existing municipality' },
        };
  }
  const id = byExternalId.get(item.municipalityExternalId ?? '');
  const place = id ? byId.get(id) : undefined;
  return place
    ? { place }
    : {
        error: {
          field: 'municipalityExternalId',
          message: `municipalityExternalId must name a municipality of ${system}`,
        },
      };
}
