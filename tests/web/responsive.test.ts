/**
 * A server replaying at any speed stays responsive: `strata serve --speed 50000 --loop` with a strategy and a
 * WebSocket client answers every HTTP request within 1 s, streams to the client, keeps its memory under 1 GB,
 * and exits within 10 s of SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let child: ChildProcess | undefined;
afterAll(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('strata serve under a maximum-speed replay', () => {
  it('answers HTTP within 1 s with a WebSocket client attached, and exits within 10 s of SIGTERM', async () => {
    child = spawn(process.execPath, ['bin/strata.js', 'serve', 'examples/bollinger_btc_5m.json', '--data', 'data/samples/UNITTEST_BTC-5m.feather', '--symbol', 'BTC/USDT', '--speed', '50000', '--loop', '--port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stderr!.on('data', (d) => (out += d));
    const url = await new Promise<string>((resolve, reject) => {
      child!.stdout!.on('data', (d) => {
        out += d;
        const m = /Strata server on (http:\/\/[^/\s]+)/.exec(out);
        if (m) resolve(m[1]);
      });
      child!.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
    });
    // One request first, so the measured ones do not include loading the API's modules (the replay already runs).
    await (await fetch(`${url}/api/v1/strategies`, { signal: AbortSignal.timeout(10_000) })).text();
    let frames = 0;
    const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`);
    ws.on('message', () => frames++);
    await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));

    const latencies: number[] = [];
    let peakRss = 0;
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      const res = await fetch(`${url}/api/v1/strategies`, { signal: AbortSignal.timeout(5000) });
      await res.text();
      latencies.push(performance.now() - t0);
      expect(res.status).toBe(200);
      peakRss = Math.max(peakRss, rssMb(child.pid!));
      await sleep(250);
    }
    const before = frames;
    await sleep(500);
    expect(frames - before, 'the replay is still streaming to the client').toBeGreaterThan(0);
    expect(Math.max(...latencies), `every request answered within 1 s (ms: ${latencies.map((x) => x.toFixed(0)).join(', ')})`).toBeLessThan(1000);
    expect(peakRss, 'memory stays under 1 GB').toBeLessThan(1024);

    const t0 = performance.now();
    const exited = new Promise<number | null>((r) => child!.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    const code = await Promise.race([exited, sleep(10_000).then(() => 'timeout' as const)]);
    expect(code, `exits within 10 s of SIGTERM (${(performance.now() - t0).toFixed(0)} ms)`).toBe(0);
    ws.terminate();
  }, 90_000);
});
