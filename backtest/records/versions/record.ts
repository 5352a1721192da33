import { VersionStore, type RecordInput } from './store.ts';

/**
 * Stores the configs of a run (backtest, A/B) as versions. A store problem is returned as a warning, never
 * thrown: the run itself succeeded.
 */
export async function recordVersions(db: string | null | undefined, items: readonly RecordInput[]): Promise<string | null> {
  if (items.length === 0) return null;
  try {
    await VersionStore.with(db, async (s) => {
      for (const item of items) await s.record(item);
    });
    return null;
  } catch (err) {
    return `strategy versions not recorded: ${(err as Error).message}`;
  }
}
