/**
 * Strategy versions: the "Versions" button of every strategy card opens the version list (newest first,
 * current marked), a diff of any two versions, and a rollback button per version. Talks to /api/v1/versions.
 */
import type * as z from 'zod';
import type { RollbackResultSchema, StrategyVersionSchema, VersionDiffSchema, VersionHistorySchema } from '../api/schemas.ts';
import { api } from './api.ts';
import { $, el, esc } from './dom.ts';

type History = z.infer<typeof VersionHistorySchema>;
type StrategyVersion = z.infer<typeof StrategyVersionSchema>;

let current: string | null = null;
const dialog = () => $<HTMLDialogElement>('#versions-dialog');

function msg(text: string, error = false): void {
  const m = $('#versions-msg');
  m.textContent = text;
  m.className = error ? 'error' : '';
}

function row(v: StrategyVersion, i: number, count: number, h: History): string {
  const isCur = v.hash === h.current;
  const canRoll = !isCur && (h.running === 'running' || h.running === 'paused');
  return (
    `<tr data-hash="${esc(v.hash)}" class="${isCur ? 'cur' : ''}">` +
    `<td><input type="radio" name="vfrom" value="${esc(v.hash)}"${i === Math.min(1, count - 1) ? ' checked' : ''} aria-label="diff from v${v.number}"></td>` +
    `<td><input type="radio" name="vto" value="${esc(v.hash)}"${i === 0 ? ' checked' : ''} aria-label="diff to v${v.number}"></td>` +
    `<td>v${v.number}${isCur ? ' (current)' : ''}</td><td><code>${esc(v.hash.slice(0, 12))}</code></td><td>${esc(v.source)}</td>` +
    `<td>${esc(v.createdAt.replace('T', ' ').slice(0, 19))}</td><td>${esc(v.note || '')}</td>` +
    `<td><button type="button" data-rollback="${esc(v.hash)}"${canRoll ? '' : ' disabled'}>Roll back</button></td></tr>`
  );
}

async function load(id: string): Promise<void> {
  current = id;
  $('#versions-title').textContent = `Versions of ${id}`;
  $('#versions-diff').textContent = '';
  try {
    const h = await api<History>('GET', `/versions/${encodeURIComponent(id)}`);
    const newest = h.versions.slice().reverse();
    $('#versions-rows').innerHTML = newest.map((v, i) => row(v, i, newest.length, h)).join('');
    msg(`${h.versions.length} version(s); ${h.log.length} switch(es)${h.running ? '' : ' · not running here'}`);
  } catch (e) {
    $('#versions-rows').innerHTML = '';
    msg((e as Error).message, true);
  }
}

const show = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v));

async function diffSelected(): Promise<void> {
  const a = dialog().querySelector<HTMLInputElement>('input[name=vfrom]:checked');
  const b = dialog().querySelector<HTMLInputElement>('input[name=vto]:checked');
  if (!a || !b) return;
  try {
    const d = await api<z.infer<typeof VersionDiffSchema>>('GET', `/versions/diff?from=${encodeURIComponent(a.value)}&to=${encodeURIComponent(b.value)}`);
    $('#versions-diff').textContent = `v${d.from.number} → v${d.to.number}\n${d.changes.length ? d.changes.map((c) => `${c.path}: ${show(c.old)} → ${show(c.new)}`).join('\n') : 'no differences'}`;
  } catch (e) {
    msg((e as Error).message, true);
  }
}

async function rollback(button: HTMLButtonElement, hash: string): Promise<void> {
  if (!current) return;
  const id = current;
  button.disabled = true;
  try {
    const r = await api<z.infer<typeof RollbackResultSchema>>('POST', `/versions/${encodeURIComponent(id)}/rollback`, { version: hash, note: 'rollback from the dashboard' });
    await load(id);
    msg(`${id} now runs v${r.version.number} (${r.version.hash.slice(0, 12)}) from the next candle`);
  } catch (e) {
    button.disabled = false;
    msg((e as Error).message, true);
  }
}

/** The card's "Versions" button (the card module adds it to each card's controls). */
export function versionsButton(id: string): HTMLButtonElement {
  return el('button', {
    type: 'button',
    'data-action': 'versions',
    onclick: () => {
      void load(id);
      dialog().showModal();
    },
  }, ['Versions']);
}

export function initVersions(): void {
  $('#versions-diff-btn').addEventListener('click', () => void diffSelected());
  $('#versions-rows').addEventListener('click', (ev) => {
    const target = ev.target as HTMLElement;
    const hash = target.getAttribute?.('data-rollback');
    if (hash) void rollback(target as HTMLButtonElement, hash);
  });
  $('#versions-close').addEventListener('click', () => dialog().close());
}
