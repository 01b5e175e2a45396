import { PersonalContact, seesPersonalContacts, withoutPersonalContacts } from './personal-contact.js';

class Person {
  name: string;

  @PersonalContact()
  email: string;
}

class Pilot extends Person {
  @PersonalContact()
  phone: string;

  region: string;
}

class Listing {
  owner: Person;
  notes: { email: string };
}

const person = (email: string) => Object.assign(new Person(), { name: 'Ada', email });

describe('personal contact data', () => {
  it('is hidden from analysts only', () => {
    expect(seesPersonalContacts({ kind: 'user', id: 'a', role: 'analyst', regionIds: [] })).toBe(false);
    for (const role of ['admin', 'transferstelle', 'lotse'] as const) {
      expect(seesPersonalContacts({ kind: 'user', id: 'u', role, regionIds: [] })).toBe(true);
    }
    expect(
      seesPersonalContacts({
        kind: 'client',
        id: 'c',
        name: 'SN',
        scopes: [],
        stateCodes: [],
        regionIds: [],
        systems: [],
      }),
    ).toBe(true);
    // Public routes have no caller and no personal data.
    expect(seesPersonalContacts(undefined)).toBe(true);
  });

  it('drops the marked fields of a response, keeping the rest', () => {
    expect(withoutPersonalContacts(person('ada@example.org'))).toEqual({ name: 'Ada' });
  });

  it('drops the fields marked on a base class and on the class itself', () => {
    const pilot = Object.assign(new Pilot(), {
      name: 'Bo',
      email: 'bo@example.org',
      phone: '0351',
      region: 'x',
    });
    expect(withoutPersonalContacts(pilot)).toEqual({ name: 'Bo', region: 'x' });
  });

  it('finds marked responses inside pages, lists and other responses', () => {
    const page = { items: [person('a@example.org'), person('b@example.org')], nextCursor: null };
    expect(withoutPersonalContacts(page)).toEqual({
      items: [{ name: 'Ada' }, { name: 'Ada' }],
      nextCursor: null,
    });
    const listing = Object.assign(new Listing(), {
      owner: person('c@example.org'),
      notes: { email: 'kept' },
    });
    // Only what a response class marks is personal: a plain object's `email` is not guessed at.
    expect(withoutPersonalContacts(listing)).toEqual({ owner: { name: 'Ada' }, notes: { email: 'kept' } });
  });

  it('leaves values that are not responses as they are', () => {
    const at = new Date('2026-11-25T10:00:00Z');
    expect(withoutPersonalContacts(at)).toBe(at);
    expect(withoutPersonalContacts(null)).toBeNull();
    expect(withoutPersonalContacts('text')).toBe('text');
    expect(withoutPersonalContacts({ at })).toEqual({ at });
  });
});
