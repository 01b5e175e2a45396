import { Column, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A transaction that recorded changes, numbered in commit order: the feed's order. The position is
 * taken as the last step before COMMIT under an advisory lock (see `sealChanges`), so position n+1
 * is only handed out after n has committed; a reader that has seen n misses nothing before it.
 */
@Entity({ name: 'change_commits' })
@Unique('change_commits_txid_key', ['txid'])
export class ChangeCommit {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  position: string;

  @Column({ type: 'bigint' })
  txid: string;

  @Column({ name: 'committed_at', type: 'timestamptz', default: () => 'now()' })
  committedAt: Date;
}
