/**
 * The signals-and-fills list: newest first, at most MAX_EVENTS. A fill is shown under the signal it carries out
 * (the strategy's latest signal that has no fill yet), so a stop's fill stamped at its bar's open sits with the
 * EXIT signal stamped at that bar's close. Times are the events' own data times; an event from before any data
 * (a strategy started before the first candle) says so instead of showing the epoch.
 */
import type { SignalAction } from '../../engine/types.ts';
import { $, el } from './dom.ts';
import { fmtTime } from './format.ts';

const MAX_EVENTS = 80;
/** The latest signal row of each strategy still waiting for its fill. */
const awaitingFill = new Map<string, HTMLElement>();

/** A data time, or "before data" for the 0 an engine event carries when no candle had arrived yet. */
export const eventTime = (t: number | undefined) => (typeof t === 'number' && t > 0 ? fmtTime(t) : 'before data');

export function addEvent(kind: string, time: number | undefined, strategyId: string, text: string, action?: SignalAction): void {
  const list = $('#events');
  if (kind === 'blocked') awaitingFill.delete(strategyId); // that signal's order will not fill
  if (kind === 'fill') {
    const signal = awaitingFill.get(strategyId);
    awaitingFill.delete(strategyId);
    if (signal?.isConnected) {
      signal.appendChild(el('div', { class: 'ev-sub' }, [el('time', {}, [eventTime(time)]), el('span', {}, [text])]));
      return;
    }
  }
  const li = el('li', { class: `ev-${kind}` }, [
    el('div', { class: 'ev-main' }, [
      el('time', {}, [eventTime(time)]),
      el('strong', { class: action === 'BUY' ? 'up' : action === 'SELL' || action === 'EXIT' ? 'down' : '' }, [strategyId]),
      el('span', {}, [text]),
    ]),
  ]);
  if (kind === 'signal') awaitingFill.set(strategyId, li);
  list.insertBefore(li, list.firstChild);
  while (list.children.length > MAX_EVENTS) list.removeChild(list.lastChild!);
}

export function clearEvents(): void {
  $('#events').innerHTML = '';
  awaitingFill.clear();
}
