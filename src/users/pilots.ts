import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository, type EntityManager } from 'typeorm';
import { counted } from '../regions/index.js';
import { UserRegion } from './user-region.entity.js';
import { inTransaction } from '../common/persistence/in-transaction.js';

/** What other modules may know of pilots (users with the role `lotse`) and their regions. */
@Injectable()
export class Pilots {
  constructor(@InjectRepository(UserRegion) private readonly assignments: Repository<UserRegion>) {}

  /** Whether the user is an active pilot working in the region (a case's assignee must be). */
  async isActivePilotOf(userId: string, regionId: string | null, tx?: EntityManager): Promise<boolean> {
    if (regionId === null) return false;
    const [row] = await inTransaction(this.assignments, tx).query(
      `SELECT 1 FROM users u JOIN user_regions r ON r.user_id = u.id
       WHERE u.id = $1 AND u.active AND u.role = 'lotse' AND r.region_id = $2`,
      [userId, regionId],
    );
    return row !== undefined;
  }

  /**
   * The roles of those of these users whose accounts are active (team members and cohort
   * facilitators must be staff: pilots, the Transferstelle, admins).
   */
  async activeRoles(userIds: readonly string[], tx?: EntityManager): Promise<Map<string, string>> {
    if (userIds.length === 0) return new Map();
    const rows: { id: string; role: string }[] = await inTransaction(this.assignments, tx).query(
      'SELECT id, role FROM users WHERE id = ANY($1::uuid[]) AND active',
      [userIds],
    );
    return new Map(rows.map((row) => [row.id, row.role]));
  }

  /** Why a region cannot be deleted yet, for `RegionReferences`. */
  async regionUse(regionId: string): Promise<string | null> {
    const count = await this.assignments.countBy({ regionId });
    return count > 0
      ? `is still assigned to ${counted(count, 'pilot', 'pilots')}; unassign them first`
      : null;
  }
}
