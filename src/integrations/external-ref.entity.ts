import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import { oneOf } from '../common/validation/patterns.js';

export const REF_KINDS = ['municipality', 'need'] as const;
export type RefKind = (typeof REF_KINDS)[number];

/** A state system's own id for one of our entities: one per system and entity, unique per system. */
@Entity({ name: 'external_refs' })
@Unique('external_refs_entity_key', ['kind', 'system', 'entityId'])
@Check('external_refs_kind_check', oneOf('kind', REF_KINDS))
@Index('external_refs_entity_idx', ['kind', 'entityId'])
export class ExternalRef {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  kind: RefKind;

  @PrimaryColumn({ type: 'varchar', length: 40 })
  system: string;

  @PrimaryColumn({ name: 'external_id', type: 'varchar', length: 200 })
  externalId: string;

  @Column({ name: 'entity_id', type: 'uuid' })
  entityId: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
