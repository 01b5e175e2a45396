import { ROLES } from '../auth/index.js';
import { decideAdminChange, mayRemoveAnAdmin, type AdminChangeFacts } from './admin-continuity.js';

const lastAdmin: AdminChangeFacts = { targetIsActiveAdmin: true, otherActiveAdmins: 0, self: false };
const oneOfTwo: AdminChangeFacts = { targetIsActiveAdmin: true, otherActiveAdmins: 1, self: false };
const notAnAdmin: AdminChangeFacts = { targetIsActiveAdmin: false, otherActiveAdmins: 1, self: false };
const OTHER_ROLES = ROLES.filter((role) => role !== 'admin');

describe('mayRemoveAnAdmin', () => {
  it.each(OTHER_ROLES)('holds for a change to role %s', (role) => {
    expect(mayRemoveAnAdmin({ role })).toBe(true);
  });

  it('holds for active: false', () => {
    expect(mayRemoveAnAdmin({ active: false })).toBe(true);
  });

  it.each([{}, { role: 'admin' as const }, { active: true }, { role: 'admin' as const, active: true }])(
    'does not hold for %j, which needs no lock',
    (change) => {
      expect(mayRemoveAnAdmin(change)).toBe(false);
    },
  );
});

describe('decideAdminChange', () => {
  it('refuses deactivating the last active admin, naming active', () => {
    expect(decideAdminChange({ active: false }, lastAdmin)).toEqual({
      kind: 'last-admin',
      fields: ['active'],
    });
  });

  it.each(OTHER_ROLES)('refuses giving the last active admin the role %s, naming role', (role) => {
    expect(decideAdminChange({ role }, lastAdmin)).toEqual({ kind: 'last-admin', fields: ['role'] });
  });

  it('names both fields when the last active admin would be deactivated and demoted at once', () => {
    expect(decideAdminChange({ active: false, role: 'analyst' }, lastAdmin)).toEqual({
      kind: 'last-admin',
      fields: ['active', 'role'],
    });
  });

  it('tells the last active admin deactivating herself that she is the last one', () => {
    expect(decideAdminChange({ active: false }, { ...lastAdmin, self: true })).toEqual({
      kind: 'last-admin',
      fields: ['active'],
    });
  });

  it('refuses an admin deactivating herself while other admins remain', () => {
    expect(decideAdminChange({ active: false }, { ...oneOfTwo, self: true })).toEqual({
      kind: 'self-deactivation',
    });
  });

  it('allows an admin to give herself another role while another admin remains', () => {
    expect(decideAdminChange({ role: 'transferstelle' }, { ...oneOfTwo, self: true })).toEqual({
      kind: 'allowed',
    });
  });

  it('allows deactivating or demoting an admin while another admin remains', () => {
    expect(decideAdminChange({ active: false }, oneOfTwo)).toEqual({ kind: 'allowed' });
    expect(decideAdminChange({ role: 'lotse' }, oneOfTwo)).toEqual({ kind: 'allowed' });
  });

  it('allows keeping the last active admin an active admin', () => {
    expect(decideAdminChange({ role: 'admin', active: true }, { ...lastAdmin, self: true })).toEqual({
      kind: 'allowed',
    });
  });

  it('allows deactivating or changing the role of a user who is not an active admin', () => {
    expect(decideAdminChange({ active: false }, notAnAdmin)).toEqual({ kind: 'allowed' });
    expect(decideAdminChange({ role: 'analyst' }, notAnAdmin)).toEqual({ kind: 'allowed' });
  });
});
