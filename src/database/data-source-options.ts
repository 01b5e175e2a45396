import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { Municipality } from '../municipalities/municipality.entity.js';
import { Region } from '../regions/region.entity.js';
import { State } from '../states/state.entity.js';

export const ENTITIES = [State, Region, Municipality];

export function dataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    // Each migration in its own transaction, so a failing one leaves the earlier ones applied.
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    extra: { max: poolSize, application_name: 'transferstelle' },
  };
}
