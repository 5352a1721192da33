/** One card per strategy: status, position, key metrics, last signal, limits hit, and its controls. */
import type { StrategySummary } from '../../engine/manager.ts';
import { api } from './api.ts';
import { $, el } from './dom.ts';
import { fmtMoney, fmtNum, fmtPct, fmtPrice, fmtQty, fmtTime, signClass } from './format.ts';
import { showSeries } from './chart.ts';
import { seriesId, state, strategySeries, upsert, type StrategyView } from './state.ts';
import { toast } from './toast.ts';
import { versionsButton } from './versions.ts';
import { openParamEdit } from './param-edit.ts';

const CARD_BODY =
  '<header><div class="title"><div class="name"><span class="swatch"></span><span class="n"></span></div><div class="sub"></div></div><span class="pill status"></span></header>' +
  '<div class="series-list" hidden><span class="k">Series</span> </div>' +
  '<div class="posline"><span class="k">Position</span> <span class="position"></span></div>' +
  '<dl>' +
  '<dt>Unreal. P&amp;L</dt><dd class="upnl"></dd><dt>Equity</dt><dd class="equity"></dd>' +
  '<dt>Return</dt><dd class="ret"></dd><dt>Risk score</dt><dd class="rscore"></dd>' +
  '<dt>Sharpe</dt><dd class="sharpe"></dd><dt>Max DD</dt><dd class="mdd"></dd>' +
  '<dt>Trades</dt><dd class="trades"></dd><dt>Win rate</dt><dd class="win"></dd>' +
  '</dl><div class="signal"></div><div class="limits"></div><div class="controls"></div>';

const ACTIONS = [
  ['pause', 'Pause'],
  ['resume', 'Resume'],
  ['restart', 'Restart'],
  ['edit', 'Edit'],
  ['stop', 'Stop'],
] as const;
type Action = (typeof ACTIONS)[number][0];

function cardFor(id: string): HTMLElement {
  const existing = document.getElementById(`card-${id}`);
  if (existing) return existing;
  const s = state.strategies.get(id)!;
  const card = el('article', { class: 'card', id: `card-${id}`, 'data-id': id });
  card.innerHTML = CARD_BODY;
  const controls = $('.controls', card);
  for (const [action, label] of ACTIONS) {
    controls.appendChild(el('button', { type: 'button', 'data-action': action, class: action === 'stop' ? 'danger' : '', onclick: () => act(id, action) }, [label]));
  }
  controls.appendChild(versionsButton(id));
  $('.swatch', card).style.background = s.color;
  $('#grid').appendChild(card);
  return card;
}

/** Removes a strategy the server no longer has. */
export function removeCard(id: string): void {
  state.strategies.delete(id);
  document.getElementById(`card-${id}`)?.remove();
}

function setText(root: ParentNode, sel: string, text: string, cls?: string): void {
  const n = $(sel, root);
  if (n.textContent !== text) n.textContent = text;
  if (cls !== undefined) n.className = sel.slice(1) + (cls ? ` ${cls}` : '');
}

/** The informative series a strategy reads, as chips that show each in the chart. */
function renderSeries(card: HTMLElement, id: string, s: StrategyView): void {
  const box = $('.series-list', card);
  const extra = strategySeries(s).filter((d) => d.alias !== null);
  const key = extra.map((d) => `${d.alias}=${seriesId(d.symbol, d.timeframe)}`).join(',');
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  box.hidden = extra.length === 0;
  box.replaceChildren(
    el('span', { class: 'k' }, ['Series']),
    ...extra.map((d) =>
      el('button', { type: 'button', class: 'chip', 'data-alias': d.alias!, 'data-series': seriesId(d.symbol, d.timeframe), title: `show ${d.symbol} ${d.timeframe} in the chart`, onclick: () => showSeries(id, seriesId(d.symbol, d.timeframe)) }, [
        el('b', {}, [`@${d.alias}`]),
        ` ${d.symbol === s.summary.symbol ? '' : `${d.symbol} `}${d.timeframe}`,
      ]),
    ),
  );
}

export function renderCards(): void {
  for (const [id, s] of state.strategies) {
    const card = cardFor(id);
    const m = s.metrics;
    const status = s.summary.status;
    card.setAttribute('data-status', status);
    setText(card, '.n', s.summary.name || id);
    setText(card, '.sub', `${id} · ${s.summary.symbol} ${s.summary.timeframe}`);
    renderSeries(card, id, s);
    const pill = $('.status', card);
    pill.textContent = status;
    pill.className = `pill status status-${status}`;
    const p = m?.current.position;
    setText(card, '.position', p ? `${p.side} ${fmtQty(p.quantity)} @ ${fmtPrice(p.entryPrice)}` : 'flat');
    setText(card, '.rscore', m ? `${fmtNum(m.risk.riskScore, 0)} / 100` : '–');
    setText(card, '.upnl', m ? fmtMoney(m.current.unrealizedPnL) : '–', m ? signClass(m.current.unrealizedPnL) : '');
    setText(card, '.equity', m ? fmtMoney(m.performance.equity) : '–');
    setText(card, '.ret', m ? fmtPct(m.performance.totalReturn) : '–', m ? signClass(m.performance.totalReturn) : '');
    setText(card, '.sharpe', m ? fmtNum(m.performance.sharpeRatio) : '–');
    setText(card, '.mdd', m ? fmtPct(m.performance.maxDrawdown) : '–');
    setText(card, '.trades', m ? String(m.performance.totalTrades) : '–');
    setText(card, '.win', m ? fmtPct(m.performance.winRate) : '–');
    const sig = m?.current.lastSignal;
    setText(card, '.signal', sig ? `Last signal: ${sig.action} @ ${fmtPrice(sig.price)} · ${fmtTime(sig.time)} · ${sig.reason}` : `No signal yet${m?.current.lastUpdate ? ` · data ${fmtTime(m.current.lastUpdate)}` : ''}`);
    setText(card, '.limits', m && m.risk.violatedLimits.length ? `Limits hit: ${m.risk.violatedLimits.join(', ')}` : '');
    const live = status === 'running' || status === 'paused';
    $<HTMLButtonElement>('[data-action=pause]', card).disabled = status !== 'running';
    $<HTMLButtonElement>('[data-action=resume]', card).disabled = status !== 'paused';
    $<HTMLButtonElement>('[data-action=stop]', card).disabled = !live;
    $<HTMLButtonElement>('[data-action=edit]', card).disabled = !live;
  }
}

/** Highlights a card briefly (a new signal). */
export function flash(id: string): void {
  const c = document.getElementById(`card-${id}`);
  if (!c) return;
  c.classList.remove('flash');
  void c.offsetWidth; // restarts the animation
  c.classList.add('flash');
}

function act(id: string, action: Action): void {
  if (action === 'edit') return void openParamEdit(id);
  let req: Promise<StrategySummary>;
  if (action === 'stop') {
    if (!confirm(`Stop ${id}? Its open position is closed at the last price.`)) return;
    req = api('DELETE', `/strategies/${encodeURIComponent(id)}`);
  } else {
    req = api('PUT', `/strategies/${encodeURIComponent(id)}/${action}`);
  }
  req.then(
    (s) => {
      upsert(id, { status: s.status });
      toast(`${id}: ${s.status}`, 'ok');
    },
    (e: Error) => toast(`${id}: ${e.message}`, 'error'),
  );
}
