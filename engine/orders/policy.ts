import type { StrategyConfig } from '../config/schema.ts';
import { fillRuleTexts } from './fill-rules.ts';
import { detailBarsPerBar } from '../config/detail-timeframe.ts';

/**
 * The order rules a strategy runs under, in words, for its run manifest (`orderRules`): the named fill rules and
 * what its config asks of entries, reversals, pyramiding, trailing stops and partial exits.
 */
export function orderRules(config: StrategyConfig): Record<string, string> {
  const o = config.orders;
  const out = fillRuleTexts({ penetration: o?.penetration ?? 0, bothTouched: o?.bothTouched ?? 'stop_first', stopsFrom: o?.stopsFrom ?? 'entry_bar' });
  const e = o?.entry;
  out.entry_order =
    e === undefined || e.type === 'market'
      ? `market order at ${config.execution.fill === 'close' ? 'the signal bar close' : 'the next bar open'}`
      : `${e.type.replace('_', '-')} order at the signal close × (1 + ${e.offset}) for a buy (mirrored for a short)${e.type === 'stop_limit' ? `, limit offset ${e.limitOffset ?? e.offset}` : ''}, time in force ${typeof e.tif === 'string' ? e.tif : `${e.tif.bars} bars`}`;
  out.reversal = o?.reverse
    ? 'reverse: an opposite entry while a position is open closes it and opens the opposite side in one market order (two fills)'
    : 'no reversal: an opposite entry on the bar that closes a position is not opened and is reported (rejected, reverseNotEnabled)';
  out.entries = (o?.maxEntries ?? 1) > 1 ? `up to ${o!.maxEntries} entries per position (rules.addOn), each sized like an entry; the average entry price carries the position` : 'one entry per position';
  const t = config.risk.trailingStop;
  if (t !== undefined) out.trailing_stop = 'percent' in t ? `${t.percent * 100}% below (long) / above (short) the close` : 'amount' in t ? `${t.amount} below (long) / above (short) the close` : `${t.multiple} × ${t.atr} below (long) / above (short) the close`;
  const d = config.execution.detail;
  if (d !== undefined) {
    out.detail = `${d}: working orders, stops, targets, trailing stops, scale-out steps and liquidation are matched on each ${d} bar inside the ${config.timeframe} bar, in time order (the earlier touch wins; both_touched decides only within one ${d} bar); a trailing stop ratchets on each ${d} close; an N-bar time in force lasts N × ${detailBarsPerBar(config.timeframe, d)} ${d} bars (N ${config.timeframe} bars); the rules see only closed ${config.timeframe} bars; a ${config.timeframe} bar with no ${d} bar inside it is matched on its own range`;
  }
  const s = config.risk.scaleOut;
  if (s !== undefined) out.scale_out = s.map((x) => `${x.fraction * 100}% of the largest size at +${x.gain * 100}% from the average entry`).join('; ') + ' (limit fills; after the stop on the same bar)';
  return out;
}
