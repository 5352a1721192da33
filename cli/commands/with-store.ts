import { DEFAULT_STORE_PATH } from '../../data/store-schema.ts';
import type { Store } from '../../data/store.ts';

/** Opens the store (DuckDB loads only now), runs `body` on it and closes it whatever happens. */
export async function withStore<T>(path: string | undefined, body: (store: Store) => Promise<T>): Promise<T> {
  const { openStore } = await import('../../data/store.ts');
  const store = await openStore(path ?? DEFAULT_STORE_PATH);
  try {
    return await body(store);
  } finally {
    store.close();
  }
}
