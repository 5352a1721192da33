/**
 * Which version produced each output of a paper session: the session log holds the configs a session started
 * with (header), and every later start, update and set (rollback) as control entries, in order, before the
 * outputs they caused. Walking it once attributes every signal, fill and trade to the version in force.
 */
import { mergeConfig } from '../../../engine/config/merge.ts';
import { parseStrategyConfig } from '../../../engine/config/parse.ts';
import type { StrategyConfig } from '../../../engine/config/schema.ts';
import { timeframeMs } from '../../../engine/timeframe.ts';
import type { SessionEntry, SessionHeader } from '../session-log.ts';
import { versionHash } from '../../records/versions/store.ts';

export interface VersionSwitch {
  /** Index of the entry in the log (0: the header). */
  index: number;
  strategyId: string;
  hash: string;
  reason: 'start' | 'update' | 'set';
  note: string | null;
  /** Close time of the last candle logged before the switch (null before any candle). */
  after: number | null;
}

export interface VersionPerformance {
  strategyId: string;
  hash: string;
  signals: number;
  fills: number;
  trades: number;
  pnl: number;
  fees: number;
  wins: number;
  firstTime: number | null;
  lastTime: number | null;
}

/** The manager's id rule (StrategyManager.startStrategy): the config's id, else a slug of its name, made unique with -2, -3, ... */
function managerId(c: StrategyConfig, taken: Set<string>): string {
  const base = c.id ?? ((c.name ?? `${c.symbol}-${c.timeframe}`).replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100) || 'strategy');
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}

export interface SessionVersions {
  switches: VersionSwitch[];
  /** Per strategy and version, in order of first use. */
  performance: VersionPerformance[];
  /** Version hash of each output entry, by log index (signals, orders, fills, trades). */
  versionAt: Map<number, string>;
}

/** Attributes a session log's outputs to versions. */
export function sessionVersions(header: SessionHeader, entries: readonly SessionEntry[]): SessionVersions {
  const configs = new Map<string, StrategyConfig>();
  const current = new Map<string, string>();
  const taken = new Set<string>();
  const switches: VersionSwitch[] = [];
  const perf = new Map<string, VersionPerformance>();
  const versionAt = new Map<number, string>();
  let lastClose: number | null = null;
  const activate = (index: number, id: string, config: StrategyConfig, reason: VersionSwitch['reason'], note: string | null, hash = versionHash(config)) => {
    configs.set(id, config);
    if (current.get(id) === hash) return;
    current.set(id, hash);
    switches.push({ index, strategyId: id, hash, reason, note, after: lastClose });
  };
  header.configs.forEach((raw, i) => {
    const c = parseStrategyConfig(raw, `session config #${i}`);
    activate(0, managerId(c, taken), c, 'start', null);
  });
  const bucket = (id: string, time: number) => {
    const hash = current.get(id) ?? 'unknown';
    const key = `${id}\u0000${hash}`;
    let p = perf.get(key);
    if (!p) perf.set(key, (p = { strategyId: id, hash, signals: 0, fills: 0, trades: 0, pnl: 0, fees: 0, wins: 0, firstTime: null, lastTime: null }));
    p.firstTime ??= time;
    p.lastTime = time;
    return p;
  };
  entries.forEach((e, index) => {
    switch (e.k) {
      case 'candle':
        lastClose = Math.max(lastClose ?? Number.NEGATIVE_INFINITY, e.t + timeframeMs(header.series[e.s]?.timeframe ?? '1m'));
        break;
      case 'control':
        try {
          if (e.op === 'start') {
            const c = parseStrategyConfig(e.config, 'logged start');
            activate(index, managerId(c, taken), c, 'start', null);
          } else if (e.op === 'update' && configs.has(e.id)) {
            activate(index, e.id, parseStrategyConfig(mergeConfig(configs.get(e.id), e.partial), 'logged update'), 'update', null);
          } else if (e.op === 'set') {
            const c = parseStrategyConfig(e.config, 'logged set');
            activate(index, e.id, c, 'set', e.note ?? null, e.version ?? versionHash(c));
          }
        } catch {
          // A control call the engine refused live was refused on replay too: no switch.
        }
        break;
      case 'signal':
        bucket(e.strategyId, e.time).signals++;
        versionAt.set(index, current.get(e.strategyId) ?? 'unknown');
        break;
      case 'fill': {
        const p = bucket(e.strategyId, e.time);
        p.fills++;
        p.fees += e.fee;
        versionAt.set(index, current.get(e.strategyId) ?? 'unknown');
        break;
      }
      case 'trade': {
        const p = bucket(e.strategyId, e.exitTime);
        p.trades++;
        p.pnl += e.pnl;
        if (e.pnl > 0) p.wins++;
        versionAt.set(index, current.get(e.strategyId) ?? 'unknown');
        break;
      }
      default:
        break;
    }
  });
  return { switches, performance: [...perf.values()], versionAt };
}
