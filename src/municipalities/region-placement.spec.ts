import type { Caller, ClientCaller, Role, UserCaller } from '../auth/index.js';
import { decidePlacement } from './region-placement.js';

const leipzig = { code: 'leipzig', stateCode: 'DE-SN' };

const user = (role: Role, regionIds: string[] = []): UserCaller => ({
  kind: 'user',
  id: 'u',
  role,
  regionIds,
});
const client = (rights: Partial<Pick<ClientCaller, 'stateCodes' | 'regionIds'>>): ClientCaller => ({
  kind: 'client',
  id: 'c',
  name: 'System',
  scopes: ['municipalities:write'],
  stateCodes: [],
  regionIds: [],
  systems: [],
  ...rights,
});

describe('decidePlacement', () => {
  it.each<[string, Caller]>([
    ['a pilot', user('lotse', ['r-leipzig'])],
    ['a client limited to the region', client({ regionIds: ['r-leipzig'] })],
    ['a client of the region’s state only', client({ stateCodes: ['DE-SN'] })],
    ['an analyst', user('analyst')],
  ])('refuses %s a municipality of another state, naming both states', (_label, caller) => {
    expect(decidePlacement(caller, 'DE-BY', leipzig)).toEqual({
      allowed: false,
      reason:
        'region leipzig lies in DE-SN and the municipality in DE-BY; only admins, the Transferstelle and API clients of DE-BY may place it in a region of another state',
    });
  });

  it.each<[string, Caller]>([
    ['an admin', user('admin')],
    ['the Transferstelle', user('transferstelle')],
    ['a client of the municipality’s state', client({ stateCodes: ['DE-BY'] })],
  ])('lets %s place a municipality in a region of another state', (_label, caller) => {
    expect(decidePlacement(caller, 'DE-BY', leipzig)).toEqual({ allowed: true });
  });

  it.each<[string, Caller]>([
    ['a pilot', user('lotse', ['r-leipzig'])],
    ['a client limited to the region', client({ regionIds: ['r-leipzig'] })],
  ])('leaves %s a municipality of the region’s own state (territory is mayWriteAt’s)', (_label, caller) => {
    expect(decidePlacement(caller, 'DE-SN', leipzig)).toEqual({ allowed: true });
  });
});
