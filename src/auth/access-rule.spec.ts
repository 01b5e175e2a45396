import { isAllowed, mayWriteAt, type AccessRule } from './access-rule.js';
import type { ClientCaller, UserCaller } from './caller.js';

const REGION_A = '00000000-0000-4000-8000-00000000000a';
const REGION_B = '00000000-0000-4000-8000-00000000000b';

const user = (role: UserCaller['role'], regionIds: string[] = []): UserCaller => ({
  kind: 'user',
  id: 'u',
  role,
  regionIds,
});
const client = (
  scopes: ClientCaller['scopes'],
  stateCodes: string[] = [],
  regionIds: string[] = [],
): ClientCaller => ({
  kind: 'client',
  id: 'c',
  name: 'Sachsen',
  scopes,
  stateCodes,
  regionIds,
  systems: [],
});

describe('isAllowed', () => {
  const writeRule: AccessRule = {
    roles: ['admin', 'transferstelle', 'lotse'],
    clientScope: 'municipalities:write',
  };

  it('lets people in by role', () => {
    expect(isAllowed(user('lotse'), writeRule)).toBe(true);
    expect(isAllowed(user('analyst'), writeRule)).toBe(false);
  });

  it('lets clients in by scope only', () => {
    expect(isAllowed(client(['municipalities:write']), writeRule)).toBe(true);
    expect(isAllowed(client(['municipalities:read']), writeRule)).toBe(false);
    expect(isAllowed(client([]), { roles: ['admin'], clientScope: 'any' })).toBe(true);
  });

  it('shuts clients out of rules that name no scope', () => {
    expect(
      isAllowed(client(['municipalities:write', 'municipalities:read', 'regions:read']), {
        roles: ['admin'],
      }),
    ).toBe(false);
  });
});

describe('mayWriteAt', () => {
  const inA = { stateCode: 'DE-SN', regionId: REGION_A };
  const nowhere = { stateCode: 'DE-SN', regionId: null };

  it('lets admins and the Transferstelle write everywhere', () => {
    expect(mayWriteAt(user('admin'), nowhere)).toBe(true);
    expect(mayWriteAt(user('transferstelle'), inA)).toBe(true);
  });

  it('lets pilots write only in their regions', () => {
    expect(mayWriteAt(user('lotse', [REGION_A]), inA)).toBe(true);
    expect(mayWriteAt(user('lotse', [REGION_B]), inA)).toBe(false);
    expect(mayWriteAt(user('lotse', [REGION_A]), nowhere)).toBe(false);
  });

  it('never lets analysts write', () => {
    expect(mayWriteAt(user('analyst', [REGION_A]), inA)).toBe(false);
  });

  it('lets clients write in their states or regions', () => {
    expect(mayWriteAt(client([], ['DE-SN']), nowhere)).toBe(true);
    expect(mayWriteAt(client([], ['DE-BW']), nowhere)).toBe(false);
    expect(mayWriteAt(client([], [], [REGION_A]), inA)).toBe(true);
    expect(mayWriteAt(client([], [], [REGION_B]), inA)).toBe(false);
  });
});
