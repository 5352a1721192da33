import { describe, expect, it } from 'vitest';
import { EngineEvents } from './events.ts';

const status = (to: 'running' | 'paused') => ({ strategyId: 's', from: null, to, reason: '', time: 0 });

describe('EngineEvents', () => {
  it('calls listeners synchronously in subscription order with the payload', () => {
    const ev = new EngineEvents();
    const log: string[] = [];
    ev.on('status', (p) => log.push(`1:${p.to}`));
    ev.on('status', (p) => log.push(`2:${p.to}`));
    ev.emit('status', status('running'));
    expect(log, 'both ran, in order, before emit returned').toEqual(['1:running', '2:running']);
  });

  it('has() reflects whether anyone listens, and the returned function unsubscribes', () => {
    const ev = new EngineEvents();
    expect(ev.has('status'), 'nobody yet').toBe(false);
    const log: string[] = [];
    const off = ev.on('status', (p) => log.push(p.to));
    expect(ev.has('status')).toBe(true);
    expect(ev.has('fill'), 'per event name').toBe(false);
    off();
    off(); // idempotent
    expect(ev.has('status'), 'last listener gone').toBe(false);
    ev.emit('status', status('paused'));
    expect(log, 'an unsubscribed listener is not called').toEqual([]);
  });

  it('emitting with no listeners is a no-op', () => {
    expect(() => new EngineEvents().emit('fill', {} as never)).not.toThrow();
  });
});

describe('EngineEvents: unsubscribing during an emit', () => {
  it('a listener removing itself does not make the emit skip the next one', () => {
    const ev = new EngineEvents();
    const log: string[] = [];
    const offA = ev.on('status', () => (log.push('a'), offA()));
    ev.on('status', () => log.push('b'));
    ev.on('status', () => log.push('c'));
    ev.emit('status', status('running'));
    ev.emit('status', status('running'));
    expect(log, 'b and c run on the first emit; a is gone from the second').toEqual(['a', 'b', 'c', 'b', 'c']);
  });

  it('the same function subscribed twice is removed one registration at a time', () => {
    const ev = new EngineEvents();
    let n = 0;
    const fn = () => n++;
    const off1 = ev.on('status', fn);
    ev.on('status', fn);
    off1();
    off1();
    ev.emit('status', status('running'));
    expect(n, 'one registration left, even after calling off1 twice').toBe(1);
  });
});
