import type { StrategyConfig } from '../../../engine/config/schema.ts';
import { readManifest } from '../../records/manifest.ts';
import { readMetricsDocument } from '../../records/strategy-summaries.ts';
import { versionHash, VersionStore } from '../../records/versions/store.ts';
import type { Baseline } from './health-monitor.ts';

/**
 * A strategy's baseline from the results database: the newest backtest (or A/B run) of exactly this config
 * version (run_strategies.config_hash = the version hash). Its max drawdown, and its mean time between signals
 * estimated as the data span / (2 × trades) (an entry and an exit signal per trade).
 */
export function resultsDbBaseline(db: string | null | undefined): (id: string, config: StrategyConfig) => Promise<Baseline | null> {
  return async (_id, config) => {
    if (!VersionStore.exists(db)) return null;
    const rows = await VersionStore.with(
      db,
      (s) =>
        s.query(
          `SELECT r.run_id, s.max_drawdown, s.trades::DOUBLE AS trades, r.data_from, r.data_to
           FROM run_strategies s JOIN runs r USING (run_id)
           WHERE s.config_hash = $1 AND r.kind IN ('backtest', 'ab') ORDER BY r.created_at DESC LIMIT 1`,
          [versionHash(config)],
        ),
      { readOnly: true, waitMs: 3000 },
    );
    const r = rows[0];
    if (!r) return null;
    const span = Date.parse(String(r.data_to)) - Date.parse(String(r.data_from));
    const trades = Number(r.trades);
    return {
      maxDrawdown: typeof r.max_drawdown === 'number' ? r.max_drawdown : null,
      signalIntervalMs: trades > 0 && span > 0 ? span / (2 * trades) : null,
      source: `run ${String(r.run_id)}`,
    };
  };
}

/**
 * A strategy's baseline from one run folder (the backtest a session was started after, as the demo does): the
 * run's entry for a strategy of exactly this config version (manifest configHash = the version hash), its max
 * drawdown, and its mean time between signals estimated as above. Null when the run has no such strategy.
 */
export function runFolderBaseline(runDir: string): (id: string, config: StrategyConfig) => Baseline | null {
  return (_id, config) => {
    const manifest = readManifest(runDir);
    const hash = versionHash(config);
    const entry = (manifest.strategies ?? []).find((s) => s.configHash === hash);
    if (!entry) return null;
    const doc = readMetricsDocument(runDir);
    const m = doc.strategies.find((s) => s.id === entry.id)?.metrics;
    if (!m) return null;
    const first = Date.parse(String(manifest.data?.firstCandleClose ?? ''));
    const last = Date.parse(String(manifest.data?.lastCandleClose ?? ''));
    const trades = m.performance.totalTrades ?? 0;
    return {
      maxDrawdown: m.performance.maxDrawdown,
      signalIntervalMs: trades > 0 && last > first ? (last - first) / (2 * trades) : null,
      source: `run ${manifest.runId}`,
    };
  };
}
