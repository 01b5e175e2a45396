import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every instance keeps the people it authenticated for a few seconds (auth/caller-cache.ts). A
 * change that alters who a person is to the API — deactivated, another role, other regions, gone —
 * is announced to every instance at commit (`NOTIFY caller_changes, 'user:<id>'`), whoever writes
 * it: the API, a script, psql. Each instance then forgets that person.
 */
export class CallerChanges1764270000000 implements MigrationInterface {
  name = 'CallerChanges1764270000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION notify_caller_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('caller_changes',
          TG_ARGV[0] || ':' || (to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END) ->> TG_ARGV[1]));
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER users_caller_change AFTER UPDATE OF active, role OR DELETE ON users
      FOR EACH ROW EXECUTE FUNCTION notify_caller_change('user', 'id')`);
    await db.query(`
      CREATE TRIGGER user_regions_caller_change AFTER INSERT OR UPDATE OR DELETE ON user_regions
      FOR EACH ROW EXECUTE FUNCTION notify_caller_change('user', 'user_id')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TRIGGER user_regions_caller_change ON user_regions');
    await db.query('DROP TRIGGER users_caller_change ON users');
    await db.query('DROP FUNCTION notify_caller_change()');
  }
}
