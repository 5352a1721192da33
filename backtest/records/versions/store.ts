/**
 * The strategy version store: every config a strategy ran with (started, edited, rolled back, backtested) kept
 * as an immutable version in the results database (`strategy_versions`), identified by the sha256 of its
 * canonical JSON (the `configHash` of run manifests), numbered per strategy, with its parent (the version that
 * was current when it first appeared), a note, an author and a time. `strategy_version_log` records each time a
 * strategy switched to a version, so history shows rollbacks too.
 *
 * DuckDB allows one writing process per file: the store opens the file for each operation only, with the
 * results database's lock policy (openResultsFile: retry while another process holds it), and serialises
 * operations inside this process.
 */
import { type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { openDuckDb } from '../../../data/duck-open.ts';
import { contentHash } from '../canonical.ts';
import { DEFAULT_RESULTS_DB, openResultsFile } from '../results-db.ts';

const DDL = [
  `CREATE TABLE IF NOT EXISTS strategy_versions (
    strategy_id VARCHAR NOT NULL,
    hash VARCHAR NOT NULL,
    number INTEGER NOT NULL,
    parent VARCHAR,
    source VARCHAR NOT NULL,
    note VARCHAR,
    author VARCHAR,
    created_at VARCHAR NOT NULL,
    config_json VARCHAR NOT NULL,
    PRIMARY KEY (strategy_id, hash)
  )`,
  `CREATE TABLE IF NOT EXISTS strategy_version_log (
    strategy_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    hash VARCHAR NOT NULL,
    previous VARCHAR,
    reason VARCHAR NOT NULL,
    note VARCHAR,
    session VARCHAR,
    run_id VARCHAR,
    switched_at VARCHAR NOT NULL,
    PRIMARY KEY (strategy_id, seq)
  )`,
];

/** Where a version came from / why a strategy switched to it. */
export type VersionSource = 'start' | 'update' | 'set' | 'rollback' | 'backtest' | 'ab' | 'import';

export interface StrategyVersion {
  strategyId: string;
  hash: string;
  /** 1, 2, 3 ... per strategy, in order of first appearance. */
  number: number;
  parent: string | null;
  source: VersionSource;
  note: string | null;
  author: string | null;
  createdAt: string;
  config: Record<string, unknown>;
}

export interface VersionActivation {
  strategyId: string;
  seq: number;
  hash: string;
  previous: string | null;
  reason: VersionSource;
  note: string | null;
  session: string | null;
  runId: string | null;
  at: string;
}

export interface RecordInput {
  strategyId: string;
  config: unknown;
  source: VersionSource;
  note?: string | null;
  author?: string | null;
  session?: string | null;
  runId?: string | null;
  /** ISO time (default: now). */
  at?: string;
}

export interface RecordOutcome {
  version: StrategyVersion;
  /** A new version row was written (false: this config was known). */
  created: boolean;
  /** The strategy switched to it (false: it already was its current version). */
  activated: boolean;
}

/** Version hashes are shown shortened to this many characters; any unique prefix of 4 or more resolves. */
export const SHORT_HASH = 12;
export const shortHash = (h: string) => h.slice(0, SHORT_HASH);

/** A version's identity: the sha256 of the config's canonical JSON (as the manifests' configHash). */
export const versionHash = (config: unknown) => contentHash(config);

const locks = new Map<string, Promise<unknown>>();

/** Runs `body` after every earlier operation on `path` in this process has finished. */
function serialised<T>(path: string, body: () => Promise<T>): Promise<T> {
  const prev = locks.get(path) ?? Promise.resolve();
  const next = prev.then(body, body);
  locks.set(
    path,
    next.catch(() => undefined),
  );
  return next;
}


function rowVersion(r: Record<string, unknown>): StrategyVersion {
  return {
    strategyId: String(r.strategy_id),
    hash: String(r.hash),
    number: Number(r.number),
    parent: (r.parent as string | null) ?? null,
    source: r.source as VersionSource,
    note: (r.note as string | null) ?? null,
    author: (r.author as string | null) ?? null,
    createdAt: String(r.created_at),
    config: JSON.parse(String(r.config_json)) as Record<string, unknown>,
  };
}

function rowActivation(r: Record<string, unknown>): VersionActivation {
  return {
    strategyId: String(r.strategy_id),
    seq: Number(r.seq),
    hash: String(r.hash),
    previous: (r.previous as string | null) ?? null,
    reason: r.reason as VersionSource,
    note: (r.note as string | null) ?? null,
    session: (r.session as string | null) ?? null,
    runId: (r.run_id as string | null) ?? null,
    at: String(r.switched_at),
  };
}

export class VersionStore {
  private constructor(private readonly c: DuckDBConnection) {}

  /**
   * Opens the store at `path` (default: the results database), runs `body`, closes it. Retries for up to
   * `waitMs` (default 10 s) while another process holds the file. A read-only open of a database without the
   * tables sees an empty store.
   */
  static async with<T>(path: string | null | undefined, body: (s: VersionStore) => Promise<T>, opts: { readOnly?: boolean; waitMs?: number } = {}): Promise<T> {
    const file = path ?? DEFAULT_RESULTS_DB;
    return serialised(file, async () => {
      const instance = await openDuckDb(file, { readOnly: opts.readOnly, waitMs: opts.waitMs ?? 10_000 });
      const c = await instance.connect();
      try {
        if (!opts.readOnly) for (const ddl of DDL) await c.run(ddl);
        return await body(new VersionStore(c));
      } finally {
        c.closeSync();
        instance.closeSync();
      }
    });
  }

  /** True when `path` exists (a read-only store on a missing file has nothing to show). */
  static exists(path: string | null | undefined): boolean {
    return existsSync(path ?? DEFAULT_RESULTS_DB);
  }

  /** Rows of a read query on the database (any table of the results database; a missing table gives no rows). */
  query(sql: string, params: DuckDBValue[] = []): Promise<Record<string, unknown>[]> {
    return this.rows(sql, params);
  }

  private async rows(sql: string, params: DuckDBValue[] = []): Promise<Record<string, unknown>[]> {
    try {
      return (await this.c.runAndReadAll(sql, params)).getRowObjectsJson() as Record<string, unknown>[];
    } catch (err) {
      if (/does not exist/i.test(String((err as Error).message))) return [];
      throw err;
    }
  }

  /** Records that `strategyId` runs `config` now: stores the version if new and logs the switch if it changes the current one. */
  async record(input: RecordInput): Promise<RecordOutcome> {
    const hash = versionHash(input.config);
    const at = input.at ?? new Date().toISOString();
    const c = this.c;
    await c.run('BEGIN TRANSACTION');
    try {
      const current = await this.current(input.strategyId);
      let version = await this.get(input.strategyId, hash);
      let created = false;
      if (!version) {
        const n = await this.rows('SELECT coalesce(max(number), 0)::INTEGER AS n FROM strategy_versions WHERE strategy_id = $1', [input.strategyId]);
        const number = Number(n[0]?.n ?? 0) + 1;
        await c.run('INSERT INTO strategy_versions VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
          input.strategyId,
          hash,
          number,
          current?.hash ?? null,
          input.source,
          input.note ?? null,
          input.author ?? null,
          at,
          JSON.stringify(input.config),
        ] as DuckDBValue[]);
        version = (await this.get(input.strategyId, hash))!;
        created = true;
      }
      const activated = current?.hash !== hash;
      if (activated) {
        await c.run('INSERT INTO strategy_version_log VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
          input.strategyId,
          (current?.seq ?? 0) + 1,
          hash,
          current?.hash ?? null,
          input.source,
          input.note ?? null,
          input.session ?? null,
          input.runId ?? null,
          at,
        ] as DuckDBValue[]);
      }
      await c.run('COMMIT');
      return { version, created, activated };
    } catch (err) {
      await c.run('ROLLBACK');
      throw err;
    }
  }

  async get(strategyId: string, hash: string): Promise<StrategyVersion | null> {
    const r = await this.rows('SELECT * FROM strategy_versions WHERE strategy_id = $1 AND hash = $2', [strategyId, hash]);
    return r.length ? rowVersion(r[0]) : null;
  }

  /** The strategy's latest switch, or null when it has none. */
  async current(strategyId: string): Promise<VersionActivation | null> {
    const r = await this.rows('SELECT * FROM strategy_version_log WHERE strategy_id = $1 ORDER BY seq DESC LIMIT 1', [strategyId]);
    return r.length ? rowActivation(r[0]) : null;
  }

  /** Every version of a strategy (oldest first) and every switch between them. */
  async history(strategyId: string): Promise<{ versions: StrategyVersion[]; log: VersionActivation[] }> {
    const versions = (await this.rows('SELECT * FROM strategy_versions WHERE strategy_id = $1 ORDER BY number', [strategyId])).map(rowVersion);
    const log = (await this.rows('SELECT * FROM strategy_version_log WHERE strategy_id = $1 ORDER BY seq', [strategyId])).map(rowActivation);
    return { versions, log };
  }

  /** Strategies with versions: id, version count, current hash, last change. */
  async strategies(): Promise<{ strategyId: string; versions: number; current: string | null; updatedAt: string | null }[]> {
    const r = await this.rows(
      `SELECT v.strategy_id, count(*)::INTEGER AS versions,
        (SELECT hash FROM strategy_version_log l WHERE l.strategy_id = v.strategy_id ORDER BY seq DESC LIMIT 1) AS current,
        (SELECT switched_at FROM strategy_version_log l WHERE l.strategy_id = v.strategy_id ORDER BY seq DESC LIMIT 1) AS updated_at
       FROM strategy_versions v GROUP BY v.strategy_id ORDER BY v.strategy_id`,
    );
    return r.map((x) => ({ strategyId: String(x.strategy_id), versions: Number(x.versions), current: (x.current as string | null) ?? null, updatedAt: (x.updated_at as string | null) ?? null }));
  }

  /**
   * Finds a version by reference: `<id>@<number>`, `<id>@latest` / `<id>@current`, `<id>@previous`, or a hash
   * prefix (at least 4 hex characters; with `strategyId` given, among that strategy's versions only).
   */
  async resolve(ref: string, strategyId?: string): Promise<StrategyVersion> {
    const at = /^(.+)@(\d+|latest|current|previous)$/.exec(ref);
    if (at) {
      const [, id, which] = at;
      const { versions, log } = await this.history(id);
      if (versions.length === 0) throw new VersionError(`strategy "${id}" has no stored versions`);
      let v: StrategyVersion | undefined;
      if (which === 'latest') v = versions[versions.length - 1];
      else if (which === 'current') v = versions.find((x) => x.hash === log[log.length - 1]?.hash) ?? versions[versions.length - 1];
      else if (which === 'previous') v = versions.find((x) => x.hash === log[log.length - 1]?.previous);
      else v = versions.find((x) => x.number === Number(which));
      if (!v) throw new VersionError(`strategy "${id}" has no version ${which} (it has ${versions.length})`);
      return v;
    }
    if (/^\d+$/.test(ref) && strategyId) return this.resolve(`${strategyId}@${ref}`);
    if (!/^[0-9a-f]{4,64}$/i.test(ref)) throw new VersionError(`"${ref}" is not a version: give a hash prefix (4+ hex characters), <id>@<number> or <id>@previous`);
    const rows = await this.rows(
      `SELECT * FROM strategy_versions WHERE starts_with(hash, $1)${strategyId ? ' AND strategy_id = $2' : ''} ORDER BY strategy_id, number`,
      strategyId ? [ref.toLowerCase(), strategyId] : [ref.toLowerCase()],
    );
    if (rows.length === 0) throw new VersionError(`no version ${ref}${strategyId ? ` of strategy "${strategyId}"` : ''}`);
    const hashes = new Set(rows.map((r) => String(r.hash)));
    if (hashes.size > 1) throw new VersionError(`version prefix ${ref} is ambiguous: ${[...hashes].map(shortHash).join(', ')}`);
    return rowVersion(rows[0]);
  }
}

/** A version reference that does not resolve (CLI exit code 1, API 404). */
export class VersionError extends Error {
  override name = 'VersionError';
}
