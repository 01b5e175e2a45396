import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One change of a versioned record (municipality, need, solution, transfer case), written in the
 * transaction that made it. Append-only (a trigger refuses updates and deletes): the outbox that
 * the change feed and webhooks read. Holds no personal data: what changed, not the new texts.
 */
@Entity({ name: 'changes' })
@Check('changes_version_check', 'version >= 1')
@Check('changes_one_actor', 'actor_user_id IS NULL OR actor_client_id IS NULL')
@Index('changes_entity_idx', ['entityType', 'entityId', 'seq'])
@Index('changes_txid_idx', ['txid', 'seq'])
export class Change {
  /** Global order in which the changes were written (not the order they committed in: see ChangeCommit). */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq: string;

  /** `municipality`, `need`, `solution`, `transfer_case`. */
  @Column({ name: 'entity_type', type: 'varchar', length: 40 })
  entityType: string;

  @Column({ name: 'entity_id', type: 'uuid' })
  entityId: string;

  /** The entity's version after the change. */
  @Column({ type: 'integer' })
  version: number;

  /** `created`, `updated`, `closed`, `archived`, `deleted`, `transitioned`, … */
  @Column({ type: 'varchar', length: 40 })
  action: string;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId: string | null;

  @Column({ name: 'actor_client_id', type: 'uuid', nullable: true })
  actorClientId: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  data: Record<string, unknown>;

  /** The transaction that wrote it (pg_current_xact_id()); its commit's position is in `change_commits`. */
  @Column({ type: 'bigint' })
  txid: string;

  /** Where the entity is (null for the catalogue's solutions), so the feed can keep to a territory. */
  @Column({ name: 'state_code', type: 'varchar', length: 5, nullable: true })
  stateCode: string | null;

  @Column({ name: 'region_id', type: 'uuid', nullable: true })
  regionId: string | null;
}
