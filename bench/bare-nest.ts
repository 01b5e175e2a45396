/**
 * The framework's share: the same 50-row page of municipalities as the baseline, served by a
 * bare NestJS controller on Express over the same kind of pg pool — no guard, pipe, interceptor,
 * ORM, logger or filter. The API's row against this one shows what our own layers cost; this
 * row against the baseline what Nest and Express cost.
 */
import 'reflect-metadata';
import { Controller, Get, Inject, Module, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import pg from 'pg';

const POOL = Symbol('POOL');

@Controller()
class MunicipalitiesController {
  constructor(@Inject(POOL) private readonly pool: pg.Pool) {}

  @Get('municipalities')
  async page(@Query('limit') rawLimit?: string, @Query('after') after = '') {
    const limit = Math.min(Number(rawLimit ?? 50), 200);
    const { rows } = await this.pool.query(
      `SELECT id, ags, name, kind, population, state_code AS "stateCode", region_id AS "regionId",
              created_at AS "createdAt", updated_at AS "updatedAt"
       FROM municipalities WHERE ags > $1 ORDER BY ags LIMIT $2`,
      [after, limit + 1],
    );
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].ags : null };
  }
}

@Module({
  controllers: [MunicipalitiesController],
  providers: [
    {
      provide: POOL,
      useFactory: () =>
        new pg.Pool({
          connectionString: process.env.DATABASE_URL,
          max: Number(process.env.DB_POOL_SIZE ?? 10),
        }),
    },
  ],
})
class BareModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(BareModule, { logger: false });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  process.stdout.write('bare nest listening\n');
  const pool = app.get<pg.Pool>(POOL);
  process.on('SIGTERM', () => {
    void app.close().then(async () => {
      await pool.end();
      process.exit(0);
    });
  });
}

void main();
