import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository, type EntityManager } from 'typeorm';
import type { Place } from '../auth/index.js';
import { counted } from '../regions/index.js';
import { Municipality } from './municipality.entity.js';
import { inTransaction } from '../common/persistence/in-transaction.js';

/** Where a municipality lies: its state and pilot region. */
export interface MunicipalityPlace extends Place {
  id: string;
}

/** How another module's pages name a municipality. */
export interface MunicipalityRef {
  id: string;
  name: string;
  ags: string;
}

/**
 * What other modules may know of municipalities: where one lies, and which lie in a state or a
 * region. Needs, solutions and cases ask here instead of reading `municipalities` themselves.
 * Called during a write, they pass its transaction as `tx`.
 */
@Injectable()
export class MunicipalityPlaces {
  constructor(@InjectRepository(Municipality) private readonly municipalities: Repository<Municipality>) {}

  async placeOf(id: string, tx?: EntityManager): Promise<MunicipalityPlace | null> {
    const found = await inTransaction(this.municipalities, tx).findOne({
      where: { id },
      select: { id: true, stateCode: true, regionId: true },
    });
    return found && { id: found.id, stateCode: found.stateCode, regionId: found.regionId };
  }

  /** Where each of these municipalities lies, by id or by AGS (bulk writes): two lookups at most. */
  async placesOf(
    ids: readonly string[],
    agsList: readonly string[] = [],
  ): Promise<{
    byId: Map<string, MunicipalityPlace>;
    byAgs: Map<string, MunicipalityPlace>;
  }> {
    const rows =
      ids.length + agsList.length === 0
        ? []
        : await this.municipalities.find({
            where: [
              ...(ids.length > 0 ? [{ id: In([...ids]) }] : []),
              ...(agsList.length > 0 ? [{ ags: In([...agsList]) }] : []),
            ],
            select: { id: true, ags: true, stateCode: true, regionId: true },
          });
    const place = (m: Municipality): MunicipalityPlace => ({
      id: m.id,
      stateCode: m.stateCode,
      regionId: m.regionId,
    });
    return {
      byId: new Map(rows.map((m) => [m.id, place(m)])),
      byAgs: new Map(rows.map((m) => [m.ags, place(m)])),
    };
  }

  /**
   * Name and AGS of the municipality whose id is in `column`, as scalar subqueries for another
   * module's select list (a page of cases names its municipalities in its own query).
   */
  nameSql(column: string): string {
    return `(SELECT m.name FROM municipalities m WHERE m.id = ${column})`;
  }

  agsSql(column: string): string {
    return `(SELECT m.ags FROM municipalities m WHERE m.id = ${column})`;
  }

  /**
   * A condition: the folded word in `word` (an SQL expression) is a word of some municipality's
   * name ("bautzen", "karlsruhe"). One lookup in the GIN index over the names' words.
   */
  isPlaceNameSql(word: string): string {
    return `EXISTS (SELECT 1 FROM municipalities m
      WHERE to_tsvector('simple'::regconfig, fold_de(m.name)) @@ to_tsquery('simple'::regconfig, quote_literal(${word})))`;
  }

  exists(id: string, tx?: EntityManager): Promise<boolean> {
    return inTransaction(this.municipalities, tx).existsBy({ id });
  }

  /**
   * A subquery of the ids of the municipalities in a state, for another module's condition
   * `… IN (<this>)`; `param` is the placeholder the caller binds the state code to.
   */
  idsInStateSql(param: string): string {
    return `SELECT id FROM municipalities WHERE state_code = ${param}`;
  }

  /** As `idsInStateSql`, for a pilot region. */
  idsInRegionSql(param: string): string {
    return `SELECT id FROM municipalities WHERE region_id = ${param}`;
  }

  /** Why a region cannot be deleted yet, for `RegionReferences`. */
  async regionUse(regionId: string): Promise<string | null> {
    const count = await this.municipalities.countBy({ regionId });
    return count > 0
      ? `still holds ${counted(count, 'municipality', 'municipalities')}; reassign them first`
      : null;
  }
}
