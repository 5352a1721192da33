import { closeSync, existsSync, fstatSync, fsync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { EngineEventMap } from '../../engine/events.ts';
import type { Alert } from '../../engine/health/types.ts';
import { checkLine, checkLog, sealLine, truncateDurably } from './log-lines.ts';
import type { Candle, FeedStatus, Fill, Order, SeriesKey, Signal, StrategyStatus, Trade } from '../../engine/types.ts';

/**
 * The session log of a paper session: `<sessions-dir>/<name>/session.jsonl`, one JSON object per line,
 * append-only.
 *
 * Why a JSONL file and not the DuckDB store: the log is written on the hot path (a kline arrives, the candle
 * and the signals, orders and fills it causes are written before anyone outside hears of them) and must
 * survive a SIGKILL at any instruction. One `write(2)` into an O_APPEND file costs a few microseconds, a killed
 * process loses nothing already written (the data is in the kernel), and the only possible damage, a torn last
 * line after a power loss, is detected and cut on open. A DuckDB transaction per event would cost far more and
 * would tie the process to a single-writer database file. fsync is batched (group commit): at most `syncMs`
 * after a write it is on disk, so a machine crash loses at most that window; a process crash loses nothing
 * that was published. JSON numbers round-trip doubles exactly, so replayed candles are bit-identical.
 *
 * Inputs (what replay feeds the engine, in log order): `candle`, `feed` (status events, which block entries),
 * `fundingRate` (a perpetual's funding rate at its funding time, polled from the exchange) and `control`
 * (start/stop/pause/resume/restart/config updates from the CLI or the web API). Outputs (what the engine
 * produced; replay recomputes and compares them): `signal`, `order` (every order placed, working ones
 * included), `fill`, `trade`, `blocked` (the risk layer or the feed refused an entry), `rejected` (an order that
 * cannot be done as asked, with its reason), `cancelled` (a working order left the book unfilled: expired, OCO,
 * cancelled, replaced, moot), `stop` (a trailing stop's new level), `funding` (a payment on an open perpetual
 * position), `liquidation`, `status`, `error`. `open` marks each process that opened the session.
 */

/**
 * 3: funding rates as inputs, and the order model's events (rejected, cancelled, stop, funding, liquidation) as
 * outputs; rejections were `blocked` entries before. 2: every line sealed with a sequence number and a CRC-32
 * (log-lines.ts). Version 1 and 2 logs are still read, resumed and replayed (with the outputs they knew).
 */
export const SESSION_LOG_VERSION = 3;
const READABLE_VERSIONS = [1, 2, 3];
export const LOG_FILE = 'session.jsonl';
/** Where `strata paper` keeps sessions unless told otherwise. */
export { DEFAULT_SESSIONS_DIR } from '../records/paths.ts';

/** The first line: everything needed to rebuild the session from scratch. */
export interface SessionHeader {
  readonly k: 'session';
  readonly v: number;
  readonly name: string;
  /** Wall time the session was created (epoch ms). */
  readonly created: number;
  readonly exchange: string;
  /** The subscribed series; candle entries refer to them by index. */
  readonly series: readonly SeriesKey[];
  /** First open time fetched per series (the warm-up start), by series index. */
  readonly warmupFrom: readonly number[];
  /** Candles closing at or before this are warm-up (entries blocked); later ones are live. */
  readonly liveFrom: number;
  /** Candles opening at or after this end the session (absent: runs until stopped). */
  readonly until?: number;
  /** The strategy configs the session started with, as parsed (module paths absolute). */
  readonly configs: readonly unknown[];
  /** The exchange's amount step and minimum applied to each config that stated neither (backtest/live/exchange-lots.ts), by config index. */
  readonly lots?: readonly ({ readonly lotSize?: number; readonly minQuantity?: number } | null)[];
}

export type ControlOp =
  | { readonly op: 'start'; readonly config: unknown }
  | { readonly op: 'stop'; readonly id: string; readonly closePosition?: boolean }
  | { readonly op: 'pause' | 'resume' | 'restart'; readonly id: string }
  | { readonly op: 'update'; readonly id: string; readonly partial: Record<string, unknown> }
  /** A whole config replacing the strategy's (a rollback); `version` is its content hash, recorded so reports can split by version. */
  | { readonly op: 'set'; readonly id: string; readonly config: unknown; readonly version?: string; readonly note?: string };

export type InputEntry =
  | { readonly k: 'candle'; readonly s: number; readonly t: number; readonly o: number; readonly h: number; readonly l: number; readonly c: number; readonly v: number }
  | { readonly k: 'feed'; readonly status: FeedStatus; readonly detail: string; readonly time: number }
  | { readonly k: 'fundingRate'; readonly symbol: string; readonly time: number; readonly rate: number }
  | ({ readonly k: 'control' } & ControlOp);

export type OutputEntry =
  | ({ readonly k: 'signal' } & Signal)
  | ({ readonly k: 'order' } & Order)
  | ({ readonly k: 'fill' } & Fill)
  | ({ readonly k: 'trade' } & Trade)
  | { readonly k: 'blocked'; readonly orderId: string; readonly strategyId: string; readonly limit: string; readonly detail: string; readonly time: number }
  | { readonly k: 'status'; readonly strategyId: string; readonly from: StrategyStatus | null; readonly to: StrategyStatus; readonly reason: string; readonly time: number }
  | { readonly k: 'error'; readonly strategyId: string; readonly message: string; readonly time: number }
  | ({ readonly k: 'rejected' } & EngineEventMap['rejected'])
  | ({ readonly k: 'cancelled' } & EngineEventMap['orderCancelled'])
  | ({ readonly k: 'stop' } & EngineEventMap['stopMoved'])
  | ({ readonly k: 'funding' } & EngineEventMap['funding'])
  | ({ readonly k: 'liquidation' } & EngineEventMap['liquidation']);

/** A health alert raised or cleared (backtest/alerts): a note for readers, neither fed to nor compared by a replay. */
export type AlertEntry = { readonly k: 'alert' } & Alert;

export type SessionEntry = SessionHeader | InputEntry | OutputEntry | AlertEntry | { readonly k: 'open'; readonly wall: number; readonly pid: number; readonly resumed: boolean };

export type OutputKind = OutputEntry['k'];
export const OUTPUT_KINDS: readonly OutputKind[] = ['signal', 'order', 'fill', 'trade', 'blocked', 'status', 'error', 'rejected', 'cancelled', 'stop', 'funding', 'liquidation'];
/** The order model's outputs, logged from version 3 on; replay compares them as one sequence. */
export const ORDER_EVENT_KINDS: readonly OutputKind[] = ['order', 'rejected', 'cancelled', 'stop', 'funding', 'liquidation'];
/** The outputs a log of version `v` holds (a log keeps its version when a newer build resumes it). */
export function outputKindsOf(v: number): readonly OutputKind[] {
  return v >= 3 ? OUTPUT_KINDS : OUTPUT_KINDS.slice(0, 7);
}

export function candleEntry(s: number, c: Candle): InputEntry {
  return { k: 'candle', s, t: c.openTime, o: c.open, h: c.high, l: c.low, c: c.close, v: c.volume };
}

export function entryCandle(e: Extract<InputEntry, { k: 'candle' }>, series: readonly SeriesKey[], stepOf: (tf: string) => number): Candle {
  const key = series[e.s];
  if (!key) throw new Error(`session log: candle refers to series #${e.s}, the header has ${series.length}`);
  return { symbol: key.symbol, timeframe: key.timeframe, openTime: e.t, closeTime: e.t + stepOf(key.timeframe), open: e.o, high: e.h, low: e.l, close: e.c, volume: e.v };
}

export interface ReadLog {
  readonly header: SessionHeader;
  readonly entries: readonly SessionEntry[];
  /** Bytes of a torn last line that were cut off (0 normally). */
  readonly tornBytes: number;
}

/** The log file of session `name` under `dir`. */
export function sessionLogPath(sessionsDir: string, name: string): string {
  return join(sessionsDir, name, LOG_FILE);
}

/** Thrown when a log has a damaged, edited or out-of-sequence line: the session cannot resume until repaired. */
export class DamagedLogError extends Error {
  constructor(
    readonly path: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${path}:${line}: ${reason}; \`strata session repair\` keeps the lines before it and moves the rest to a side file`);
  }
}

/**
 * Reads a session log and checks every line's seal (log-lines.ts). A last line without its newline (a write
 * torn by a crash) is ignored, and with `repair` cut off the file; any other bad line is a DamagedLogError
 * naming its line number. Version 1 logs, written before lines were sealed, are read without checks (and a
 * version 1 log resumed by this build has sealed lines after its unsealed ones, which are checked).
 */
export function readSessionLog(path: string, opts: { repair?: boolean } = {}): ReadLog {
  const buf = readFileSync(path);
  const checked = checkLog(buf);
  if (checked.failure) throw new DamagedLogError(path, checked.failure.line, checked.failure.reason);
  const entries = checked.entries as unknown as SessionEntry[];
  const header = entries[0];
  if (!header || header.k !== 'session') throw new Error(`${path}: not a session log (the first line must be the session header)`);
  if (!READABLE_VERSIONS.includes(header.v)) throw new Error(`${path}: session log version ${header.v}, this build reads ${READABLE_VERSIONS.join(' and ')}`);
  if (header.v >= 2 && entries.length > 0 && !SEALED.test(firstLine(buf))) throw new DamagedLogError(path, 1, 'a version 2 log with an unsealed header');
  if (checked.tornBytes > 0 && opts.repair) truncateDurably(path, checked.validBytes);
  return { header, entries, tornBytes: checked.tornBytes };
}

const SEALED = /,"_crc":"[0-9a-f]{8}"\}$/;
function firstLine(buf: Buffer): string {
  const nl = buf.indexOf(0x0a);
  return buf.subarray(0, nl < 0 ? buf.length : nl).toString('utf8');
}

/** What every writer of one log file in this process shares: the next sequence number and the file's size. */
interface WriterState {
  next: number;
  size: number;
  users: number;
}
const writers = new Map<string, WriterState>();

/**
 * The state of a log about to be appended to: its last line is checked (seal and sequence) so a new writer
 * never appends after a damaged or torn line.
 */
function tailState(path: string): WriterState {
  const buf = readFileSync(path);
  if (buf.length === 0) return { next: 0, size: 0, users: 0 };
  if (buf[buf.length - 1] !== 0x0a) throw new Error(`${path}: the last line is torn; it is cut when the session is opened (readSessionLog with repair)`);
  let lines = 0;
  for (let i = buf.indexOf(0x0a); i >= 0; i = buf.indexOf(0x0a, i + 1)) lines++;
  const start = buf.lastIndexOf(0x0a, buf.length - 2) + 1;
  const checked = checkLine(buf.subarray(start, buf.length - 1).toString('utf8'), lines - 1);
  if (!checked.ok) throw new DamagedLogError(path, lines, checked.reason);
  return { next: lines, size: buf.length, users: 0 };
}

export interface SessionLogOptions {
  /** fsync at most this long after a write (group commit; default 50 ms; negative: only on sync/close). */
  readonly syncMs?: number;
  /**
   * Queue appends until commit() (the paper session's write-ahead mode, see below). Default false: every append
   * is written at once, which is what an occasional second writer (alerts, tools) wants.
   */
  readonly batch?: boolean;
}

/**
 * The log writer. In batch mode append() queues an entry and commit() writes everything queued with one
 * `write(2)` (from then on a killed process loses none of it); otherwise each append is written at once. fsync
 * follows at most `syncMs` later, batching every write in between (group commit). The paper session commits
 * before anything an entry caused can be seen outside the process (WriteAheadEvents does it before every
 * published engine event), so an entry lost in a crash was never published and is recomputed (outputs) or
 * fetched again (candles) on restart. Every write holds whole lines, so writers sharing the file (O_APPEND)
 * never interleave inside a line.
 */
export class SessionLog {
  private fd: number;
  /** JSON texts of the entries queued for the next commit (sealed when written, so sequence = file order). */
  private pending: string[] = [];
  private pendingChars = 0;
  private readonly state: WriterState;
  /** Why this writer stopped writing (the file changed under it); its queued entries are never written. */
  private broken: string | null = null;
  private syncTimer: NodeJS.Timeout | null = null;
  private syncing = false;
  private dirty = false;
  /** Entries appended, write and fsync calls made, bytes written by this writer. */
  readonly counts = { appended: 0, writes: 0, syncs: 0, bytes: 0 };

  private readonly syncMs: number;
  private readonly batch: boolean;

  private constructor(
    readonly path: string,
    opts: SessionLogOptions,
  ) {
    const key = resolve(path);
    // Share the state of another open writer of this file, unless the file no longer matches it (that writer
    // then fails on its next commit instead of appending after lines it does not know).
    const shared = writers.get(key);
    this.state = shared && shared.users > 0 && shared.size === statSync(path).size ? shared : tailState(path);
    writers.set(key, this.state);
    this.state.users++;
    this.fd = openSync(path, 'a');
    this.syncMs = opts.syncMs ?? 50;
    this.batch = opts.batch ?? false;
  }

  /** Creates the session folder and log with its header; fails if the session exists. */
  static create(sessionsDir: string, header: SessionHeader, opts: SessionLogOptions = {}): SessionLog {
    const dir = join(sessionsDir, header.name);
    const path = join(dir, LOG_FILE);
    if (existsSync(path)) throw new Error(`session "${header.name}" already exists in ${sessionsDir}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, '', { flag: 'wx' });
    const log = new SessionLog(path, opts);
    log.append(header);
    log.sync();
    return log;
  }

  /**
   * Opens an existing log for appending (the owner reads it first with readSessionLog, repair: true). Its last
   * line is checked first: a damaged or torn tail is an error, never appended after.
   */
  static reopen(path: string, opts: SessionLogOptions = {}): SessionLog {
    return new SessionLog(path, opts);
  }

  get size(): number {
    return fstatSync(this.fd).size;
  }

  /** Writes an entry, or in batch mode queues it for the next commit(). */
  append(entry: SessionEntry | { readonly k: string }): void {
    const json = JSON.stringify(entry);
    this.pending.push(json);
    this.pendingChars += json.length;
    this.counts.appended++;
    if (!this.batch || this.pendingChars > 1 << 16) this.commit();
  }

  /**
   * Writes what is queued (one write call). After it returns, a killed process loses none of it. The file must
   * still be as this process left it: if it was truncated or written by someone else, appending would bury
   * whatever is there under valid-looking lines, so the writer stops with an error instead.
   */
  commit(): void {
    if (this.pending.length === 0 || this.fd < 0) return;
    const st = this.state;
    const actual = fstatSync(this.fd).size;
    if (actual !== st.size) {
      this.broken = `${this.path}: the log changed under its writer (${actual} bytes, ${st.size} expected); not appending`;
    }
    if (this.broken) throw new Error(this.broken);
    let text = '';
    for (const json of this.pending) text += sealLine(json, st.next++) + '\n';
    this.pending = [];
    this.pendingChars = 0;
    const buf = Buffer.from(text, 'utf8');
    st.size += buf.length;
    for (let off = 0; off < buf.length; ) off += writeSync(this.fd, buf, off, buf.length - off);
    this.counts.writes++;
    this.counts.bytes += buf.length;
    this.dirty = true;
    if (this.syncTimer === null && this.syncMs >= 0) {
      this.syncTimer = setTimeout(() => this.backgroundSync(), this.syncMs);
      this.syncTimer.unref();
    }
  }

  private backgroundSync(): void {
    this.syncTimer = null;
    if (this.syncing || !this.dirty || this.fd < 0) return;
    this.syncing = true;
    this.dirty = false;
    const fd = this.fd;
    fsync(fd, () => {
      this.syncing = false;
      this.counts.syncs++;
      if (this.dirty && this.syncTimer === null && this.fd >= 0) {
        this.syncTimer = setTimeout(() => this.backgroundSync(), this.syncMs);
        this.syncTimer.unref();
      }
    });
  }

  /** Commits and forces everything onto the disk now. */
  sync(): void {
    if (this.fd < 0) return;
    this.commit();
    fsyncSync(this.fd);
    this.counts.syncs++;
    this.dirty = false;
  }

  close(): void {
    if (this.fd < 0) return;
    if (this.syncTimer) clearTimeout(this.syncTimer);
    this.syncTimer = null;
    if (!this.broken) this.sync();
    closeSync(this.fd);
    this.fd = -1;
    if (--this.state.users === 0 && writers.get(resolve(this.path)) === this.state) writers.delete(resolve(this.path));
  }
}
