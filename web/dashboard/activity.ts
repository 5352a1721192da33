/**
 * The trading tables: open positions, open orders, recent fills and closed trades of every strategy, from
 * GET /api/v1/live/activity/:id, polled every two seconds. Fills and trades are sortable by any column.
 */
import type * as z from 'zod';
import type { LiveActivitySchema } from '../api/live-schemas.ts';
import { api } from './api.ts';
import { renderEquity } from './equity.ts';
import { $, esc } from './dom.ts';
import { fmtMoney, fmtPct, fmtPrice, fmtQty, fmtTime, signClass } from './format.ts';
import { resort } from './sortable.ts';
import { state } from './state.ts';

export type Activity = z.infer<typeof LiveActivitySchema>;

const POLL_MS = 2000;
/** Rows shown in the fills and trades tables (newest first before any sort). */
const RECENT = 200;

const num = (v: number | null, text: string, cls = '') => `<td class="num ${cls}" data-v="${v ?? ''}">${text}</td>`;
const txt = (s: string, cls = '') => `<td${cls ? ` class="${cls}"` : ''}>${esc(s)}</td>`;
const time = (t: number) => `<td class="num" data-v="${t}">${esc(fmtTime(t))}</td>`;
const nameOf = (id: string) => state.strategies.get(id)?.summary.name || id;

function fill(table: string, rows: string[], empty: string, cols: number): void {
  const t = $<HTMLTableElement>(table);
  t.tBodies[0].innerHTML = rows.length ? rows.join('') : `<tr class="empty"><td colspan="${cols}" class="muted">${empty}</td></tr>`;
  resort(t);
}

/** How an open order works, in words: a market order fills at the next open; a working one at its level, while its time in force lasts. */
function orderTerms(o: Activity['openOrders'][number]): string {
  if (o.type === 'market') return 'next open';
  const levels = [o.stopPrice !== undefined ? `stop ${fmtPrice(o.stopPrice)}` : '', o.limitPrice !== undefined ? `limit ${fmtPrice(o.limitPrice)}` : ''].filter(Boolean).join(', ');
  return `${levels || o.type.replaceAll('_', ' ')}${o.tif ? ` (${o.tif})` : ''}`;
}

export function renderActivity(all: Activity[]): void {
  const positions: string[] = [];
  const orders: string[] = [];
  const fills: { t: number; row: string }[] = [];
  const trades: { t: number; row: string }[] = [];
  for (const a of all) {
    const name = nameOf(a.id);
    const p = a.position;
    if (p) {
      const upnl = a.lastPrice === null ? null : (p.side === 'long' ? 1 : -1) * (a.lastPrice - p.entryPrice) * p.quantity;
      positions.push(
        `<tr data-id="${esc(a.id)}">${txt(name)}${txt(p.symbol)}${txt(p.side, p.side === 'long' ? 'up' : 'down')}${num(p.quantity, fmtQty(p.quantity))}${num(p.entryPrice, fmtPrice(p.entryPrice))}` +
          `${num(a.lastPrice, fmtPrice(a.lastPrice))}${num(upnl, fmtMoney(upnl), signClass(upnl))}${num(p.stopPrice, fmtPrice(p.stopPrice))}${num(p.takeProfitPrice, fmtPrice(p.takeProfitPrice))}${time(p.entryTime)}</tr>`,
      );
    }
    for (const o of a.openOrders) {
      orders.push(`<tr data-id="${esc(o.id)}">${txt(name)}${txt(o.id)}${txt(o.side, o.side === 'buy' ? 'up' : 'down')}${num(o.quantity, o.quantity === 0 ? 'at fill' : fmtQty(o.quantity))}${txt(o.reason)}${time(o.createdAt)}${txt(orderTerms(o))}</tr>`);
    }
    for (const f of a.fills) {
      fills.push({ t: f.time, row: `<tr data-id="${esc(f.id)}">${time(f.time)}${txt(name)}${txt(f.side, f.side === 'buy' ? 'up' : 'down')}${num(f.quantity, fmtQty(f.quantity))}${num(f.price, fmtPrice(f.price))}${num(f.fee, fmtMoney(f.fee))}${txt(f.reason.replaceAll('_', ' '))}</tr>` });
    }
    a.trades.forEach((tr, i) => {
      trades.push({
        t: tr.exitTime,
        row:
          `<tr data-id="${esc(`${a.id}:${i}`)}">${txt(name)}${txt(tr.side)}${num(tr.quantity, fmtQty(tr.quantity))}${time(tr.entryTime)}${num(tr.entryPrice, fmtPrice(tr.entryPrice))}${time(tr.exitTime)}${num(tr.exitPrice, fmtPrice(tr.exitPrice))}` +
          `${num(tr.pnl, fmtMoney(tr.pnl), signClass(tr.pnl))}${num(tr.return, fmtPct(tr.return), signClass(tr.return))}${txt(tr.exitReason.replaceAll('_', ' '))}</tr>`,
      });
    });
  }
  const newest = (l: { t: number; row: string }[]) => l.sort((a, b) => b.t - a.t).slice(0, RECENT).map((x) => x.row);
  fill('#positions', positions, 'no open positions', 10);
  fill('#orders', orders, 'no open orders', 7);
  fill('#fills', newest(fills), 'no fills yet', 7);
  fill('#trades', newest(trades), 'no closed trades yet', 10);
  $('#fills-count').textContent = fills.length ? `(${Math.min(fills.length, RECENT)} of ${fills.length})` : '';
  $('#trades-count').textContent = trades.length ? `(${Math.min(trades.length, RECENT)} of ${trades.length})` : '';
}

let timer: ReturnType<typeof setTimeout> | null = null;
let busy = false;

/** Re-reads the tables soon (a fill or trade just arrived), without waiting for the next regular poll. */
export function activitySoon(): void {
  if (timer !== null) clearTimeout(timer);
  timer = setTimeout(() => void poll(), 250);
}

async function poll(): Promise<void> {
  if (timer !== null) clearTimeout(timer);
  timer = null;
  if (busy) return activitySoon();
  busy = true;
  try {
    const ids = [...state.strategies.keys()];
    const all = await Promise.all(ids.map((id) => api<Activity>('GET', `/live/activity/${encodeURIComponent(id)}`).catch(() => null)));
    renderActivity(all.filter((a): a is Activity => a !== null));
    await renderEquity();
  } finally {
    busy = false;
    timer ??= setTimeout(() => void poll(), POLL_MS);
  }
}

export function initActivity(): void {
  void poll();
}
