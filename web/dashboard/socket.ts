/** The WebSocket to /ws: reconnects with back-off and feeds every server message into the store and panels. */
import type { StrategyConfig } from '../../engine/config/schema.ts';
import type { StrategySummary } from '../../engine/manager.ts';
import type { StrategyMetrics } from '../../engine/types.ts';
import type { HelloMessage, ServerMessage } from '../live/messages.ts';
import { activitySoon } from './activity.ts';
import { api } from './api.ts';
import { flash, removeCard } from './cards.ts';
import { fillSeriesSelect, onCandle } from './chart.ts';
import { $ } from './dom.ts';
import { addEvent, clearEvents } from './events.ts';
import { fmtPrice, fmtQty } from './format.ts';
import { renderNow, schedule, state, upsert, upsertDetail } from './state.ts';
import { toast } from './toast.ts';

const BACKOFF_MS = [500, 1000, 2000, 5000];
let retry = 0;

export function connect(): void {
  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss://' : 'ws://'}${location.host}/ws`);
  ws.onopen = () => {
    retry = 0;
    setConn(true);
  };
  ws.onclose = () => {
    setConn(false);
    setTimeout(connect, BACKOFF_MS[Math.min(retry++, BACKOFF_MS.length - 1)]);
  };
  ws.onmessage = (ev: MessageEvent<string>) => {
    let m: ServerMessage | ServerMessage[];
    try {
      m = JSON.parse(ev.data);
    } catch {
      return;
    }
    // One frame per engine step: a single message or an array of them.
    if (Array.isArray(m)) m.forEach(handle);
    else handle(m);
  };
}

function setConn(on: boolean): void {
  const c = $('#conn');
  c.textContent = on ? 'live' : 'disconnected';
  c.className = `pill ${on ? 'pill-on' : 'pill-off'}`;
  document.body.setAttribute('data-ws', on ? 'open' : 'closed');
}

function hello(m: HelloMessage): void {
  state.series = [...(m.series ?? [])];
  state.candles.clear();
  state.partial.clear();
  for (const [id, list] of Object.entries(m.candles ?? {})) {
    const last = list[list.length - 1];
    state.candles.set(id, list.slice());
    if (last && state.series.length === 0) state.series.push({ symbol: last.symbol, timeframe: last.timeframe });
  }
  state.signals = (m.signals ?? []).slice();
  clearEvents();
  for (const sg of state.signals.slice(-30)) addEvent('signal', sg.time, sg.strategyId, `${sg.action} @ ${fmtPrice(sg.price)} (${sg.reason})`, sg.action);
  const seen = new Set<string>();
  for (const s of m.strategies ?? []) {
    seen.add(s.id);
    upsertDetail(s);
  }
  for (const id of [...state.strategies.keys()]) if (!seen.has(id)) removeCard(id);
  fillSeriesSelect();
  renderNow();
  // The tables' first poll may have run before the strategies were known.
  activitySoon();
}

function handle(m: ServerMessage): void {
  switch (m.type) {
    case 'hello':
      hello(m);
      break;
    case 'candle':
      onCandle(m.candle, m.closed);
      break;
    case 'signal': {
      state.signals.push(m.signal);
      if (state.signals.length > 400) state.signals.shift();
      const s = state.strategies.get(m.signal.strategyId);
      if (s?.metrics) s.metrics.current.lastSignal = m.signal;
      addEvent('signal', m.signal.time, m.signal.strategyId, `${m.signal.action} @ ${fmtPrice(m.signal.price)} (${m.signal.reason})`, m.signal.action);
      flash(m.signal.strategyId);
      schedule();
      break;
    }
    case 'trade':
      activitySoon();
      break;
    case 'fill':
      activitySoon();
      addEvent('fill', m.fill.time, m.fill.strategyId, `fill ${m.fill.side} ${fmtQty(m.fill.quantity)} @ ${fmtPrice(m.fill.price)} (${m.fill.reason})`);
      break;
    case 'metrics':
      upsert(m.metrics.id, { metrics: m.metrics });
      break;
    case 'status':
      if (m.from === null || !state.strategies.has(m.strategyId)) {
        api<StrategySummary & { metrics: StrategyMetrics; config: StrategyConfig }>('GET', `/strategies/${encodeURIComponent(m.strategyId)}`).then(upsertDetail, () => undefined);
      } else {
        upsert(m.strategyId, { status: m.to });
      }
      addEvent('status', m.time, m.strategyId, `${m.from || 'new'} → ${m.to}${m.reason ? ` (${m.reason})` : ''}`);
      break;
    case 'error':
      if (m.strategyId) addEvent('error', m.time, m.strategyId, m.message);
      else toast(m.message, 'error');
      break;
    case 'orderBlocked':
      addEvent('blocked', m.time, m.strategyId, `order blocked by ${m.limit}: ${m.detail}`);
      break;
    case 'rejected':
      addEvent('rejected', m.time, m.strategyId, `${m.order.side} ${m.order.type} order rejected (${m.reason}): ${m.detail}`);
      activitySoon();
      break;
    case 'orders':
      activitySoon();
      break;
    case 'feed':
      $('#feed').textContent = `feed ${m.status}${m.detail ? `: ${m.detail}` : ''}`;
      break;
  }
}
