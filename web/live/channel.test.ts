import { describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { ClientChannel } from './channel.ts';

/** A socket whose backlog the test controls. */
function fakeSocket() {
  const sent: string[] = [];
  const ws = {
    bufferedAmount: 0,
    closedWith: null as number | null,
    terminated: false,
    send(data: Buffer) {
      sent.push(data.toString());
      this.bufferedAmount += data.length;
    },
    close(code: number) {
      this.closedWith = code;
    },
    terminate() {
      this.terminated = true;
    },
  };
  return { ws, sent };
}

const limits = { softBytes: 1000, hardBytes: 10_000, maxQueued: 50 };
const msg = (s: string) => Buffer.from(s);

describe('ClientChannel', () => {
  it('sends straight through while the socket keeps up', () => {
    const { ws, sent } = fakeSocket();
    const ch = new ClientChannel(ws as unknown as WebSocket, limits, () => undefined);
    ch.offer(msg('a'));
    ch.offer(msg('b'), 'k');
    expect(sent).toEqual(['a', 'b']);
    expect(ch.pending).toBe(false);
  });

  it('conflates keyed messages behind a slow socket: one slot per key, newest wins', () => {
    const { ws, sent } = fakeSocket();
    const ch = new ClientChannel(ws as unknown as WebSocket, limits, () => undefined);
    ws.bufferedAmount = 5000; // over the soft limit
    for (let i = 0; i < 10_000; i++) ch.offer(msg(`m${i % 3}:${i}`), `k${i % 3}`);
    expect(sent, 'nothing handed to a socket that is behind').toEqual([]);
    expect(ch.heldBytes, 'bounded by the number of keys, not by the number of events').toBeLessThan(5000 + 3 * 20);
    ws.bufferedAmount = 0;
    ch.flush();
    expect(sent).toEqual(['m1:9997', 'm2:9998', 'm0:9999'].sort((a, b) => Number(a.split(':')[1]) - Number(b.split(':')[1])));
    expect(ch.conflated).toBe(9997);
  });

  it('queues discrete messages in order and sends them before conflated ones', () => {
    const { ws, sent } = fakeSocket();
    const ch = new ClientChannel(ws as unknown as WebSocket, limits, () => undefined);
    ws.bufferedAmount = 2000;
    ch.offer(msg('metrics-1'), 'm');
    ch.offer(msg('signal-1'));
    ch.offer(msg('signal-2'));
    ch.offer(msg('metrics-2'), 'm');
    ws.bufferedAmount = 0;
    ch.flush();
    expect(sent).toEqual(['signal-1', 'signal-2', 'metrics-2']);
  });

  it('drops a client whose queue of discrete messages overflows', () => {
    const { ws } = fakeSocket();
    let dropped = 0;
    const ch = new ClientChannel(ws as unknown as WebSocket, limits, () => dropped++);
    ws.bufferedAmount = 2000;
    for (let i = 0; i < 100; i++) ch.offer(msg(`s${i}`));
    expect(dropped).toBe(1);
    expect(ch.dropped).toBe(true);
    expect(ws.terminated).toBe(true);
    expect(ws.closedWith).toBe(1013);
    expect(ch.heldBytes - ws.bufferedAmount, 'everything held was released').toBe(0);
  });

  it('drops a client past the hard byte limit', () => {
    const { ws } = fakeSocket();
    let dropped = 0;
    const ch = new ClientChannel(ws as unknown as WebSocket, limits, () => dropped++);
    ws.bufferedAmount = 2000;
    ch.offer(Buffer.alloc(9000, 'x'));
    expect(dropped).toBe(1);
    ch.offer(msg('late'));
    expect(ch.pending, 'a dropped client holds nothing').toBe(false);
  });
});
