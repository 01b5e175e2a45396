import { isUUID } from 'class-validator';
import { demoCaseId, demoNeedId, nameBasedUuid } from './demo-ids.js';

describe('demo ids', () => {
  it('computes version 5 UUIDs as RFC 9562 does (its DNS example)', () => {
    expect(nameBasedUuid('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('gives ids the API accepts as UUIDs', () => {
    for (const id of [demoNeedId('14511000', 'Wochenlange Wartezeit'), demoCaseId(demoNeedId('1', 'x'))]) {
      expect(isUUID(id, 'all')).toBe(true);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('gives the same name the same id and different names different ids', () => {
    expect(demoNeedId('14511000', 'Titel')).toBe(demoNeedId('14511000', 'Titel'));
    expect(demoNeedId('14511000', 'Titel')).not.toBe(demoNeedId('14521000', 'Titel'));
    expect(demoNeedId('14511000', 'Titel')).not.toBe(demoNeedId('14511000', 'Titel 2'));
    const need = demoNeedId('14511000', 'Titel');
    expect(demoCaseId(need)).not.toBe(need);
  });
});
