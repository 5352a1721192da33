import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BacktestClock } from '../../engine/clock.ts';
import { parseStrategyConfig } from '../../engine/config/parse.ts';
import { Engine } from '../../engine/engine.ts';
import { StrategyManager } from '../../engine/manager.ts';
import type { EngineEventName } from '../../engine/events.ts';
import type { Fill, Position, Signal } from '../../engine/types.ts';
import { loadStrategyModules } from '../run/load-configs.ts';
import { withLots } from './exchange-lots.ts';
import { LogReplayFeed } from './replay-feed.ts';
import { applyControl, loggedConfigs } from './session-manager.ts';
import { LOG_FILE, ORDER_EVENT_KINDS, readSessionLog, sessionLogPath, type OutputKind, type SessionEntry } from './session-log.ts';

export interface ReplayDifference {
  readonly kind: 'signal' | 'fill' | 'order event';
  /** Position in that kind's sequence. */
  readonly index: number;
  readonly live: string | null;
  readonly replay: string | null;
}

export interface SequenceCompare {
  readonly live: number;
  readonly replay: number;
  readonly liveHash: string;
  readonly replayHash: string;
}

export interface ReplayReport {
  readonly session: string;
  readonly path: string;
  readonly candles: number;
  readonly signals: SequenceCompare;
  readonly fills: SequenceCompare;
  /**
   * The order model's events in emission order: orders placed (working ones included), rejections, cancellations,
   * trailing-stop moves, funding payments, liquidations. Null for a log older than version 3, which holds none.
   */
  readonly orderEvents: SequenceCompare | null;
  /** The first differences (up to maxDifferences), and how many there are in all. */
  readonly differences: readonly ReplayDifference[];
  readonly differenceCount: number;
  readonly equal: boolean;
  /** Feed reports the live session logged (gaps in the exchange's data, rejected candles). */
  readonly feedReports: readonly { status: string; detail: string; time: number }[];
  /** Each strategy's state at the end of the replay (the state a resumed session starts from). */
  readonly strategies: readonly { id: string; status: string; equity: number; cash: number; trades: number; position: Position | null }[];
}

/** Resolves a session argument: a session.jsonl file, a session folder, or a name under `sessionsDir`. */
export function resolveSessionLog(arg: string, sessionsDir: string): string {
  if (existsSync(arg) && statSync(arg).isFile()) return arg;
  if (existsSync(join(arg, LOG_FILE))) return join(arg, LOG_FILE);
  const byName = sessionLogPath(sessionsDir, arg);
  if (existsSync(byName)) return byName;
  throw new Error(`no session "${arg}" (looked for ${arg}, ${join(arg, LOG_FILE)} and ${byName})`);
}

/** Canonical text of a signal or fill: fixed key order, so equal outputs hash equal. */
export function signalLine(s: Signal): string {
  return JSON.stringify([s.strategyId, s.action, s.symbol, s.price, s.confidence, s.reason, s.time]);
}
export function fillLine(f: Fill): string {
  return JSON.stringify([f.id, f.orderId, f.strategyId, f.symbol, f.side, f.quantity, f.price, f.fee, f.time, f.reason]);
}

/** The engine event behind each order-event kind of the log. */
const ORDER_EVENT_OF: Record<string, EngineEventName> = { order: 'order', rejected: 'rejected', cancelled: 'orderCancelled', stop: 'stopMoved', funding: 'funding', liquidation: 'liquidation' };

/** Canonical text of an order event: its kind, then its fields as logged (the log writes them in emission order). */
export function orderEventLine(kind: OutputKind, payload: object): string {
  return `${kind} ${JSON.stringify(payload)}`;
}

function hash(lines: readonly string[]): string {
  const h = createHash('sha256');
  for (const l of lines) h.update(l).update('\n');
  return h.digest('hex');
}

function compare(kind: ReplayDifference['kind'], live: readonly string[], replay: readonly string[], out: ReplayDifference[], max: number): number {
  let n = 0;
  for (let i = 0; i < Math.max(live.length, replay.length); i++) {
    const a = live[i] ?? null;
    const b = replay[i] ?? null;
    if (a === b) continue;
    n++;
    if (out.length < max) out.push({ kind, index: i, live: a, replay: b });
  }
  return n;
}

/**
 * Replays the candles (and feed statuses and control calls) a live session recorded through backtest mode:
 * a fresh StrategyManager, a BacktestClock and an in-memory feed over the log. Compares the signals and fills
 * it produces with those the live session logged, in order and bit for bit (hashes of canonical lines), and from
 * version 3 logs on the order model's events as well.
 */
export async function replaySession(path: string, opts: { maxDifferences?: number } = {}): Promise<ReplayReport> {
  const { header, entries } = readSessionLog(path);
  const configs = withLots(header.configs.map((c, i) => parseStrategyConfig(c, `session ${header.name} config #${i}`)), header.lots);
  const modules = await loadStrategyModules([...configs, ...loggedConfigs(entries)]);
  const clock = new BacktestClock();
  const manager = new StrategyManager({ modules, clock });
  const signals: string[] = [];
  const fills: string[] = [];
  manager.events.on('signal', (s) => signals.push(signalLine(s)));
  manager.events.on('fill', (f) => fills.push(fillLine(f)));
  const withOrders = header.v >= 3;
  const orderEvents: string[] = [];
  if (withOrders) for (const kind of ORDER_EVENT_KINDS) manager.events.on(ORDER_EVENT_OF[kind], (payload) => orderEvents.push(orderEventLine(kind, payload as object)));
  for (const c of configs) manager.startStrategy(c);
  const summary = await new Engine(manager, clock).run(
    new LogReplayFeed(header.series, entries, (op) => {
      try {
        applyControl(manager, op);
      } catch {
        // it failed live as well (the log holds every call made, successful or not)
      }
    }),
  );
  const liveSignals: string[] = [];
  const liveFills: string[] = [];
  const liveOrderEvents: string[] = [];
  const feedReports: ReplayReport['feedReports'][number][] = [];
  const orderKinds = new Set<string>(ORDER_EVENT_KINDS);
  for (const e of entries as SessionEntry[]) {
    if (e.k === 'signal') liveSignals.push(signalLine(e));
    else if (e.k === 'fill') liveFills.push(fillLine(e));
    else if (withOrders && orderKinds.has(e.k)) {
      const { k, ...payload } = e as { k: OutputKind };
      liveOrderEvents.push(orderEventLine(k, payload));
    }
    else if (e.k === 'feed' && (e.status === 'gap' || e.status === 'invalid')) feedReports.push({ status: e.status, detail: e.detail, time: e.time });
  }
  const max = opts.maxDifferences ?? 10;
  const differences: ReplayDifference[] = [];
  const count =
    compare('signal', liveSignals, signals, differences, max) + compare('fill', liveFills, fills, differences, max) + compare('order event', liveOrderEvents, orderEvents, differences, max);
  return {
    session: header.name,
    path,
    candles: summary.candles,
    signals: { live: liveSignals.length, replay: signals.length, liveHash: hash(liveSignals), replayHash: hash(signals) },
    fills: { live: liveFills.length, replay: fills.length, liveHash: hash(liveFills), replayHash: hash(fills) },
    orderEvents: withOrders ? { live: liveOrderEvents.length, replay: orderEvents.length, liveHash: hash(liveOrderEvents), replayHash: hash(orderEvents) } : null,
    differences,
    differenceCount: count,
    equal: count === 0,
    feedReports,
    strategies: manager.list().map(({ id }) => {
      const inst = manager.view(id);
      const m = inst.getMetrics();
      return { id, status: m.status, equity: m.performance.equity, cash: inst.account.cash, trades: m.performance.totalTrades, position: m.current.position };
    }),
  };
}
