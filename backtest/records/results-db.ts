import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import { openDuckDb } from '../../data/duck-open.ts';
import { flushPendingRuns } from './pending-runs.ts';
import type { StrategyMetrics } from '../../engine/types.ts';

/** Default results database, beside the candle store. A separate file so a running server can read runs while the store is busy. */
export { DEFAULT_RESULTS_DB } from './paths.ts';
import { DEFAULT_RESULTS_DB } from './paths.ts';

const DDL = [
  `CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    created_at VARCHAR NOT NULL,
    out_dir VARCHAR NOT NULL,
    command VARCHAR NOT NULL,
    data_hash VARCHAR,
    data_from VARCHAR,
    data_to VARCHAR,
    candles BIGINT,
    strategies INTEGER NOT NULL,
    total_return DOUBLE,
    sharpe DOUBLE,
    max_drawdown DOUBLE,
    trades BIGINT,
    summary_json VARCHAR NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS run_strategies (
    run_id VARCHAR NOT NULL,
    strategy_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,
    symbol VARCHAR NOT NULL,
    timeframe VARCHAR NOT NULL,
    config_hash VARCHAR NOT NULL,
    total_return DOUBLE,
    sharpe DOUBLE,
    sortino DOUBLE,
    max_drawdown DOUBLE,
    win_rate DOUBLE,
    trades BIGINT,
    exposure DOUBLE,
    final_equity DOUBLE,
    metrics_json VARCHAR NOT NULL,
    config_json VARCHAR NOT NULL,
    PRIMARY KEY (run_id, strategy_id)
  )`,
  `CREATE TABLE IF NOT EXISTS sweep_results (
    run_id VARCHAR NOT NULL,
    combination INTEGER NOT NULL,
    rank INTEGER,
    status VARCHAR NOT NULL,
    reason VARCHAR,
    params_json VARCHAR NOT NULL,
    score DOUBLE,
    total_return DOUBLE,
    sharpe DOUBLE,
    sortino DOUBLE,
    max_drawdown DOUBLE,
    win_rate DOUBLE,
    trades BIGINT,
    exposure DOUBLE,
    final_equity DOUBLE,
    metrics_json VARCHAR,
    PRIMARY KEY (run_id, combination)
  )`,
];

/** One combination of a sweep, as registered in `sweep_results`. */
export interface SweepResultRecord {
  combination: number;
  rank: number | null;
  status: string;
  reason: string | null;
  /** Parameter path -> value. */
  params: Record<string, unknown>;
  /** The value of the metric the sweep ranked by. */
  score: number | null;
  metrics: { performance: { totalReturn: number; sharpeRatio: number | null; sortinoRatio: number | null; maxDrawdown: number; winRate: number | null; totalTrades: number; exposure: number | null; equity: number } } | null;
}

export interface RunRecord {
  runId: string;
  kind: 'backtest' | 'sweep' | 'walkforward' | 'paper' | 'ab' | 'optimize';
  createdAt: string;
  outDir: string;
  command: string;
  dataHash: string | null;
  dataFrom: string | null;
  dataTo: string | null;
  candles: number | null;
  totalReturn: number | null;
  sharpe: number | null;
  maxDrawdown: number | null;
  trades: number | null;
  summary: unknown;
  strategies: {
    id: string;
    name: string;
    symbol: string;
    timeframe: string;
    configHash: string;
    totalReturn: number | null;
    sharpe: number | null;
    sortino: number | null;
    maxDrawdown: number | null;
    winRate: number | null;
    trades: number;
    exposure: number | null;
    finalEquity: number;
    metrics: unknown;
    config: unknown;
  }[];
}

/** A strategy's performance block as the results database's run_strategies columns take it. */
export function performanceColumns(p: StrategyMetrics['performance']): Pick<RunRecord['strategies'][number], 'totalReturn' | 'sharpe' | 'sortino' | 'maxDrawdown' | 'winRate' | 'trades' | 'exposure'> {
  return { totalReturn: p.totalReturn, sharpe: p.sharpeRatio, sortino: p.sortinoRatio, maxDrawdown: p.maxDrawdown, winRate: p.winRate, trades: p.totalTrades, exposure: p.exposure };
}

/** The one lock policy of every owner of the results database file (runs and versions): see openDuckDb. */
export const openResultsFile = openDuckDb;

/** What a run folder keeps in registration.json: everything its row in the results database is made of. */
export interface RegistrationDoc {
  readonly record: RunRecord;
  readonly sweepResults?: readonly SweepResultRecord[];
}

/** The results database: every run registered so runs can be listed, queried and compared later. */
export class ResultsDb {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  /**
   * Opens the database, waiting (bounded, see openDuckDb) while another process holds it. A writable open
   * first registers the runs whose registration failed earlier (pending-runs.ts), so no run stays missing
   * after the next command that writes.
   */
  static async open(path: string = DEFAULT_RESULTS_DB, opts: { readOnly?: boolean; waitMs?: number } = {}): Promise<ResultsDb> {
    const instance = await openDuckDb(path, opts);
    const connection = await instance.connect();
    const db = new ResultsDb(instance, connection);
    if (!opts.readOnly) {
      for (const ddl of DDL) await connection.run(ddl);
      if (path !== ':memory:') await flushPendingRuns<RegistrationDoc>(path, (doc) => db.apply(doc));
    }
    return db;
  }

  /** Opens, runs `body`, closes: DuckDB allows one writer process, so hold the file only as long as needed. */
  static async with<T>(path: string, body: (db: ResultsDb) => Promise<T>, opts: { readOnly?: boolean; waitMs?: number } = {}): Promise<T> {
    const db = await ResultsDb.open(path, opts);
    try {
      return await body(db);
    } finally {
      db.close();
    }
  }

  /** Registers a run folder's registration document: the run, and a sweep's combinations. */
  async apply(doc: RegistrationDoc): Promise<void> {
    await this.register(doc.record);
    if (doc.sweepResults) await this.registerSweepResults(doc.record.runId, doc.sweepResults);
  }

  /** Run ids and folders registered (for reindex). */
  async registeredFolders(): Promise<{ runId: string; outDir: string }[]> {
    const r = await this.connection.runAndReadAll('SELECT run_id, out_dir FROM runs ORDER BY run_id');
    return (r.getRowObjectsJson() as Record<string, unknown>[]).map((x) => ({ runId: String(x.run_id), outDir: String(x.out_dir) }));
  }

  async register(r: RunRecord): Promise<void> {
    const c = this.connection;
    await c.run('BEGIN TRANSACTION');
    try {
      await c.run('DELETE FROM run_strategies WHERE run_id = $1', [r.runId]);
      await c.run('DELETE FROM runs WHERE run_id = $1', [r.runId]);
      await c.run('INSERT INTO runs VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)', [
        r.runId,
        r.kind,
        r.createdAt,
        r.outDir,
        r.command,
        r.dataHash,
        r.dataFrom,
        r.dataTo,
        r.candles,
        r.strategies.length,
        r.totalReturn,
        r.sharpe,
        r.maxDrawdown,
        r.trades,
        JSON.stringify(r.summary),
      ] as DuckDBValue[]);
      for (const s of r.strategies) {
        await c.run('INSERT INTO run_strategies VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)', [
          r.runId,
          s.id,
          s.name,
          s.symbol,
          s.timeframe,
          s.configHash,
          s.totalReturn,
          s.sharpe,
          s.sortino,
          s.maxDrawdown,
          s.winRate,
          s.trades,
          s.exposure,
          s.finalEquity,
          JSON.stringify(s.metrics),
          JSON.stringify(s.config),
        ] as DuckDBValue[]);
      }
      await c.run('COMMIT');
    } catch (err) {
      await c.run('ROLLBACK');
      throw err;
    }
  }

  /** Replaces the combinations registered for a sweep run (the run itself is registered with register()). */
  async registerSweepResults(runId: string, rows: readonly SweepResultRecord[]): Promise<void> {
    const c = this.connection;
    await c.run('BEGIN TRANSACTION');
    try {
      await c.run('DELETE FROM sweep_results WHERE run_id = $1', [runId]);
      const stmt = await c.prepare('INSERT INTO sweep_results VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)');
      for (const r of rows) {
        const p = r.metrics?.performance ?? null;
        stmt.bind([
          runId,
          r.combination,
          r.rank,
          r.status,
          r.reason,
          JSON.stringify(r.params),
          r.score,
          p?.totalReturn ?? null,
          p?.sharpeRatio ?? null,
          p?.sortinoRatio ?? null,
          p?.maxDrawdown ?? null,
          p?.winRate ?? null,
          p?.totalTrades ?? null,
          p?.exposure ?? null,
          p?.equity ?? null,
          r.metrics === null ? null : JSON.stringify(r.metrics),
        ] as DuckDBValue[]);
        await stmt.run();
      }
      await c.run('COMMIT');
    } catch (err) {
      await c.run('ROLLBACK');
      throw err;
    }
  }

  /** A sweep's combinations, best first (unranked ones last, by combination). */
  async getSweepResults(runId: string): Promise<Record<string, unknown>[]> {
    const r = await this.connection.runAndReadAll(
      `SELECT * EXCLUDE (trades), trades::DOUBLE AS trades FROM sweep_results WHERE run_id = $1 ORDER BY rank NULLS LAST, combination`,
      [runId],
    );
    return r.getRowObjectsJson() as Record<string, unknown>[];
  }

  /** Runs, newest first. */
  async listRuns(limit = 50): Promise<Record<string, unknown>[]> {
    const r = await this.connection.runAndReadAll(
      `SELECT run_id, kind, created_at, out_dir, strategies, total_return, sharpe, max_drawdown, trades::DOUBLE AS trades, candles::DOUBLE AS candles, data_from, data_to
       FROM runs ORDER BY created_at DESC, run_id DESC LIMIT ${Math.max(1, Math.floor(limit))}`,
    );
    return r.getRowObjectsJson() as Record<string, unknown>[];
  }

  /** One run with its strategies, or null. `id` may be a unique prefix. */
  async getRun(id: string): Promise<{ run: Record<string, unknown>; strategies: Record<string, unknown>[] } | null> {
    const runs = await this.connection.runAndReadAll(`SELECT * EXCLUDE (candles, trades), candles::DOUBLE AS candles, trades::DOUBLE AS trades FROM runs WHERE starts_with(run_id, $1) ORDER BY run_id`, [id]);
    const rows = runs.getRowObjectsJson() as Record<string, unknown>[];
    if (rows.length === 0) return null;
    const exact = rows.find((r) => r.run_id === id);
    if (!exact && rows.length > 1) throw new Error(`run id "${id}" is ambiguous: ${rows.map((r) => r.run_id).join(', ')}`);
    const run = exact ?? rows[0];
    const s = await this.connection.runAndReadAll(
      `SELECT * EXCLUDE (trades), trades::DOUBLE AS trades FROM run_strategies WHERE run_id = $1 ORDER BY strategy_id`,
      [run.run_id as string],
    );
    return { run, strategies: s.getRowObjectsJson() as Record<string, unknown>[] };
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
