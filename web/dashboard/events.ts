/** The signals-and-fills list: newest first, at most MAX_EVENTS. */
import type { SignalAction } from '../../engine/types.ts';
import { $, el } from './dom.ts';
import { fmtTime } from './format.ts';

const MAX_EVENTS = 80;

export function addEvent(kind: string, time: number | undefined, strategyId: string, text: string, action?: SignalAction): void {
  const list = $('#events');
  const li = el('li', { class: `ev-${kind}` }, [
    el('time', {}, [fmtTime(time)]),
    el('strong', { class: action === 'BUY' ? 'up' : action === 'SELL' || action === 'EXIT' ? 'down' : '' }, [strategyId]),
    el('span', {}, [text]),
  ]);
  list.insertBefore(li, list.firstChild);
  while (list.children.length > MAX_EVENTS) list.removeChild(list.lastChild!);
}

export function clearEvents(): void {
  $('#events').innerHTML = '';
}
