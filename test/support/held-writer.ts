import { randomUUID } from 'node:crypto';
import pg from 'pg';

export interface HeldWriter {
  /** The need whose change it recorded. */
  entityId: string;
  /** The change's sequence number, taken when it was written (before writes that commit first). */
  seq: string;
  /** Ends the write as the write path ends every write (`sealChanges`): its commit takes the next position. */
  commit(): Promise<void>;
  end(): Promise<void>;
}

/**
 * A write in progress: it records a need's change now and commits only when told, while others
 * commit past it. The case in which a sequence number alone is the wrong order for a reader.
 */
export async function holdWriter(databaseUrl: string, stateCode = 'DE-SN'): Promise<HeldWriter> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const entityId = randomUUID();
  await client.query('BEGIN');
  const [{ seq }] = (
    await client.query(
      `INSERT INTO changes (entity_type, entity_id, version, action, txid, state_code)
       VALUES ('need', $1, 1, 'created', pg_current_xact_id()::text::bigint, $2) RETURNING seq::text`,
      [entityId, stateCode],
    )
  ).rows;
  return {
    entityId,
    seq,
    async commit() {
      await client.query('SELECT pg_advisory_xact_lock(7412011)');
      await client.query('INSERT INTO change_commits (txid) VALUES (pg_current_xact_id()::text::bigint)');
      await client.query('COMMIT');
    },
    end: () => client.end(),
  };
}
