import { describe, expect, it } from 'vitest';
import { HubSpotHttpError, ManualClock } from '../src/index.js';
import { ContactStore } from '../src/state/contacts.js';

function newStore(): ContactStore {
  let next = 1001;
  return new ContactStore(
    1,
    (count) => {
      const first = next;
      next += count;
      return first;
    },
    new ManualClock('2026-01-01T00:00:00Z'),
  );
}

describe('contact store', () => {
  it('store finds generated contacts by id and email without storing them', () => {
    const store = newStore();

    store.generate({ count: 100 });

    const byId = store.get('1042');
    expect(byId?.properties['email']).toBe('alan.turing.1.42@example.com');
    expect(store.findByEmail('Alan.Turing.1.42@EXAMPLE.com')?.id).toBe('1042');
    expect(store.findByEmail('ada.turing.1.42@example.com')).toBeUndefined();
    expect(store.findByEmail('alan.turing.1.420@example.com')).toBeUndefined();
    expect(store.size).toBe(100);
  });

  it('store rejects an explicit contact with a generated contact email', () => {
    const store = newStore();
    store.generate({ count: 2 });

    expect(() => store.create({ email: 'alan.lovelace.1.2@example.com' })).toThrow(HubSpotHttpError);
  });

  it('store releases a generated email once the contact changes address', () => {
    const store = newStore();
    store.generate({ count: 1 });

    store.update('1001', { email: 'moved@example.com' });

    expect(store.findByEmail('ada.lovelace.1.1@example.com')).toBeUndefined();
    expect(store.findByEmail('moved@example.com')?.id).toBe('1001');
    expect(store.create({ email: 'ada.lovelace.1.1@example.com' }).id).toBe('1002');
  });

  it('store deletes generated and explicit contacts and skips them when scanning', () => {
    const store = newStore();
    store.generate({ count: 3 });
    const explicit = store.create({ email: 'x@example.com' });

    store.delete('1002');
    store.delete(explicit.id);

    expect([...store.scan()].map((record) => record.id)).toEqual(['1001', '1003']);
    expect(store.findByEmail('x@example.com')).toBeUndefined();
    expect(store.size).toBe(2);
  });

  it('store pages in ascending id order across generated and explicit ranges', () => {
    const store = newStore();
    store.create({ email: 'first@example.com' });
    store.generate({ count: 2 });
    store.create({ email: 'last@example.com' });

    expect(store.page(undefined, 2).map((record) => record.id)).toEqual(['1001', '1002']);
    expect(store.page(1002, 10).map((record) => record.id)).toEqual(['1003', '1004']);
  });

  it('store reports a taken email as 409 with the existing id', () => {
    const store = newStore();
    const first = store.createFromEmail('ada@example.com');

    const error = store.checkCreate({ email: 'ADA@example.com' });

    expect(error?.status).toBe(409);
    expect(error?.body.message).toBe(`Contact already exists. Existing ID: ${first.id}`);
  });
});
