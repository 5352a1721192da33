import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { ClientChannel, frameOf, type OutItem } from './channel.ts';

/** A socket whose backlog the test controls. */
function fakeSocket() {
  const frames: string[] = [];
  const ws = {
    bufferedAmount: 0,
    closedWith: null as number | null,
    terminated: false,
    send(data: Buffer) {
      frames.push(data.toString());
      this.bufferedAmount += data.length;
    },
    close(code: number) {
      this.closedWith = code;
    },
    terminate() {
      this.terminated = true;
    },
  };
  return { ws, frames };
}

const limits = { softBytes: 1000, hardBytes: 10_000, maxQueued: 50 };
const m = (v: string, slowKey?: string): OutItem => ({ data: JSON.stringify(v), slowKey });
const channel = (ws: unknown, onDrop: () => void = () => undefined) => new ClientChannel(ws as WebSocket, limits, onDrop);

describe('ClientChannel', () => {
  it('sends a batch as one frame while the socket keeps up (one message as is, several as an array)', () => {
    const { ws, frames } = fakeSocket();
    const ch = channel(ws);
    ch.deliver([m('a')]);
    ch.deliver([m('b'), m('c', 'k')]);
    expect(frames).toEqual(['"a"', '["b","c"]']);
    expect(ch.pending).toBe(false);
  });

  it('uses the shared frame when given', () => {
    const { ws, frames } = fakeSocket();
    const items = [m('x'), m('y')];
    channel(ws).deliver(items, frameOf(items));
    expect(frames).toEqual(['["x","y"]']);
  });

  it('conflates keyed messages behind a slow socket: one slot per key, newest wins', () => {
    const { ws, frames } = fakeSocket();
    const ch = channel(ws);
    ws.bufferedAmount = 5000; // over the soft limit
    for (let i = 0; i < 10_000; i++) ch.deliver([m(`m${i % 3}:${i}`, `k${i % 3}`)]);
    expect(frames, 'nothing handed to a socket that is behind').toEqual([]);
    expect(ch.heldBytes, 'bounded by the number of keys, not by the number of events').toBeLessThan(5000 + 3 * 20);
    ws.bufferedAmount = 0;
    ch.flush();
    expect(frames).toEqual(['["m1:9997","m2:9998","m0:9999"]']);
    expect(ch.conflated).toBe(9997);
  });

  it('keeps discrete messages in order with the newest of each key where it was last offered', () => {
    const { ws, frames } = fakeSocket();
    const ch = channel(ws);
    ws.bufferedAmount = 2000;
    ch.deliver([m('metrics-1', 'm'), m('signal-1'), m('signal-2'), m('metrics-2', 'm'), m('signal-3')]);
    ws.bufferedAmount = 0;
    ch.flush();
    expect(frames).toEqual(['["signal-1","signal-2","metrics-2","signal-3"]']);
  });

  it('drops a client whose queue of discrete messages overflows, and releases what it held', () => {
    const { ws } = fakeSocket();
    let dropped = 0;
    const ch = channel(ws, () => dropped++);
    ws.bufferedAmount = 2000;
    for (let i = 0; i < 100; i++) ch.deliver([m(`s${i}`)]);
    expect(dropped).toBe(1);
    expect(ch.dropped).toBe(true);
    expect(ws.terminated).toBe(true);
    expect(ws.closedWith).toBe(1013);
    expect(ch.heldBytes - ws.bufferedAmount).toBe(0);
  });

  it('drops a client past the hard byte limit', () => {
    const { ws } = fakeSocket();
    let dropped = 0;
    const ch = channel(ws, () => dropped++);
    ws.bufferedAmount = 2000;
    ch.deliver([{ data: 'x'.repeat(9000) }]);
    expect(dropped).toBe(1);
    ch.deliver([m('late')]);
    expect(ch.pending, 'a dropped client holds nothing').toBe(false);
  });
});
