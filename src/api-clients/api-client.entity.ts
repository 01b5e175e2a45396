import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { Scope } from '../auth/index.js';

/** A state system calling machine to machine with an API key. */
@Entity({ name: 'api_clients' })
@Unique('api_clients_key_prefix_key', ['keyPrefix'])
export class ApiClient {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** Public part of the key, to find the client without scanning. */
  @Column({ name: 'key_prefix', type: 'varchar', length: 16 })
  keyPrefix: string;

  /** sha256 of the whole key; keys are long random strings, so a slow hash adds nothing. */
  @Column({ name: 'key_hash', type: 'char', length: 64 })
  keyHash: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  scopes: Scope[];

  /** Territory: municipalities in these states … */
  @Column({ name: 'state_codes', type: 'varchar', length: 5, array: true, default: () => "'{}'" })
  stateCodes: string[];

  /** … or in these regions. */
  @Column({ name: 'region_ids', type: 'uuid', array: true, default: () => "'{}'" })
  regionIds: string[];

  /** The external systems whose ids the client may write (`PUT /integrations/{system}/…`). */
  @Column({ type: 'varchar', length: 40, array: true, default: () => "'{}'" })
  systems: string[];

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
