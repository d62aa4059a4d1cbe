import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deferred, once } from '../../shared/adapters/deferred.ts';

interface Store {
  get(key: string): Promise<string | undefined>;
  list(prefix: string): AsyncIterable<string>;
}

class MemoryStore implements Store {
  constructor(private readonly items: Record<string, string>) {}
  async get(key: string): Promise<string | undefined> {
    return this.items[key];
  }
  async *list(prefix: string): AsyncIterable<string> {
    for (const key of Object.keys(this.items)) if (key.startsWith(prefix)) yield key;
  }
}

describe('ports created on first use (shared/adapters/deferred.ts)', () => {
  it('builds nothing until a method is called, then builds the adapter once for every later call', async () => {
    let built = 0;
    const store = deferred<Store>(async () => {
      built++;
      return new MemoryStore({ 'a/1': 'one', 'b/2': 'two' });
    }, ['list']);
    assert.equal(built, 0);

    const [one, two] = await Promise.all([store.get('a/1'), store.get('b/2')]);

    assert.deepEqual([one, two, built], ['one', 'two', 1]);
  });

  it('streams an AsyncIterable method through the adapter', async () => {
    const store = deferred<Store>(async () => new MemoryStore({ 'a/1': 'one', 'a/2': 'two', 'b/3': 'three' }), ['list']);
    const keys: string[] = [];

    for await (const key of store.list('a/')) keys.push(key);

    assert.deepEqual(keys, ['a/1', 'a/2']);
  });

  it('passes the adapter\'s errors through unchanged', async () => {
    const refused = new Error('AccessDenied');
    const store = deferred<Store>(async () => ({ get: async () => { throw refused; }, list: () => [][Symbol.iterator]() as never }));

    await assert.rejects(store.get('x'), (error: unknown) => error === refused);
  });

  it('builds again after a failed creation, instead of keeping the failure for the container\'s life', async () => {
    let attempts = 0;
    const client = once(async () => {
      attempts++;
      if (attempts === 1) throw new Error('chunk not readable');
      return 'client';
    });

    await assert.rejects(client(), /chunk not readable/);

    assert.equal(await client(), 'client');
    assert.equal(await client(), 'client');
    assert.equal(attempts, 2);
  });

  it('is not a thenable, so awaiting the port itself does not call into the adapter', async () => {
    let built = 0;
    const store = deferred<Store>(async () => {
      built++;
      return new MemoryStore({});
    });

    const awaited = await store;

    assert.equal(awaited, store);
    assert.equal(built, 0);
  });
});
