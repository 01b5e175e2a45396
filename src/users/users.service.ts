import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { PasswordHasher } from '../auth/password-hasher.js';
import { TokensService } from '../auth/tokens.service.js';
import { cursorScope } from '../common/pagination/cursor.js';
import { keysetPage, type Page } from '../common/pagination/page.js';
import { Problems } from '../common/problems/problem.exception.js';
import { RegionsService } from '../regions/regions.service.js';
import type { CreateUserDto } from './dto/create-user.dto.js';
import type { UpdateUserDto } from './dto/update-user.dto.js';
import type { UserListQuery } from './dto/user-list.query.js';
import { UserResponse } from './dto/user.response.js';
import { UserRegion } from './user-region.entity.js';
import { User } from './user.entity.js';

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly regions: RegionsService,
    private readonly passwords: PasswordHasher,
    private readonly tokens: TokensService,
  ) {}

  async create(dto: CreateUserDto): Promise<UserResponse> {
    await this.regions.assertAllExist(dto.regionIds ?? [], 'regionIds');
    const passwordHash = await this.passwords.hash(dto.password);
    const id = await this.db.transaction(async (tx) => {
      // A taken email is refused by the unique constraint (409 naming `email` via the problem filter).
      const { identifiers } = await tx.getRepository(User).insert({
        email: dto.email.toLowerCase(),
        name: dto.name.trim(),
        role: dto.role,
        passwordHash,
      });
      const userId = identifiers[0].id as string;
      await replaceRegions(tx, userId, dto.regionIds ?? []);
      return userId;
    });
    return this.get(id);
  }

  async get(id: string): Promise<UserResponse> {
    const user = await this.db.getRepository(User).findOneBy({ id });
    if (!user) throw Problems.notFound('user', id);
    return UserResponse.from(user, (await this.regionIdsOf([id])).get(id) ?? []);
  }

  async list(query: UserListQuery): Promise<Page<UserResponse>> {
    const qb = this.db.getRepository(User).createQueryBuilder('u');
    if (query.role) qb.andWhere('u.role = :role', { role: query.role });
    if (query.active !== undefined) qb.andWhere('u.active = :active', { active: query.active });
    const page = await keysetPage(
      qb,
      // Any stored email can end a page, so the cursor accepts any string the column can hold.
      { columns: ['u.email'], shape: [/^[\s\S]{1,254}$/], keyOf: (u) => [u.email] },
      query,
      cursorScope('users', { role: query.role, active: query.active }),
    );
    // One query for the regions of the whole page, not one per user.
    const regions = await this.regionIdsOf(page.items.map((u) => u.id));
    return {
      items: page.items.map((u) => UserResponse.from(u, regions.get(u.id) ?? [])),
      nextCursor: page.nextCursor,
    };
  }

  async update(id: string, dto: UpdateUserDto): Promise<UserResponse> {
    const users = this.db.getRepository(User);
    const user = await users.findOneBy({ id });
    if (!user) throw Problems.notFound('user', id);
    if (dto.regionIds) await this.regions.assertAllExist(dto.regionIds, 'regionIds');
    const passwordHash = dto.password === undefined ? undefined : await this.passwords.hash(dto.password);

    await this.db.transaction(async (tx) => {
      await tx.getRepository(User).update(
        { id },
        {
          ...(dto.email !== undefined && { email: dto.email.toLowerCase() }),
          ...(dto.name !== undefined && { name: dto.name.trim() }),
          ...(dto.role !== undefined && { role: dto.role }),
          ...(dto.active !== undefined && { active: dto.active }),
          // A new password also lifts a lock.
          ...(passwordHash !== undefined && { passwordHash, failedLogins: 0, lockedUntil: null }),
        },
      );
      if (dto.regionIds) await replaceRegions(tx, id, dto.regionIds);
    });
    // Access tokens die with the next request (the guard re-reads `active`); logins end here.
    if (dto.active === false || passwordHash !== undefined) await this.tokens.revokeAllOf(id);
    return this.get(id);
  }

  /** The first admin, from ADMIN_EMAIL/ADMIN_PASSWORD; an existing account is left as it is. */
  async ensureAdmin(credentials: { email: string; password: string }): Promise<boolean> {
    const passwordHash = await this.passwords.hash(credentials.password);
    const inserted: unknown[] = await this.db.query(
      `INSERT INTO users (email, name, role, password_hash) VALUES ($1, 'Administrator', 'admin', $2)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [credentials.email, passwordHash],
    );
    return inserted.length > 0;
  }

  private async regionIdsOf(userIds: string[]): Promise<Map<string, string[]>> {
    const result = new Map<string, string[]>();
    if (userIds.length === 0) return result;
    const rows = await this.db.getRepository(UserRegion).find({
      where: { userId: In(userIds) },
      order: { regionId: 'ASC' },
    });
    for (const row of rows) result.set(row.userId, [...(result.get(row.userId) ?? []), row.regionId]);
    return result;
  }
}

async function replaceRegions(
  tx: EntityManager,
  userId: string,
  regionIds: readonly string[],
): Promise<void> {
  await tx.getRepository(UserRegion).delete({ userId });
  if (regionIds.length > 0) {
    await tx.getRepository(UserRegion).insert(regionIds.map((regionId) => ({ userId, regionId })));
  }
}
