/**
 * Soak benchmark of the server under a maximum-speed replay: `strata serve` replays a sample at the highest
 * --speed (1,000,000 candles/s, far beyond what the engine keeps up with, so the replay is always behind) with
 * --loop and a strategy, 10 WebSocket clients read everything, and the API is polled by 5 concurrent pollers
 * (each request as soon as the previous answer came). At the end SIGTERM stops it.
 *
 * Reports: API requests answered and their p50/p99/max response time, the clients' frames and bytes, the
 * server's peak RSS (sampled from /proc every 250 ms) and the time from SIGTERM to exit. Bounded in time:
 *
 *   npx tsx bench/soak.bench.ts [--seconds 60] [--json]
 *
 * Exit code 1 when a promise of docs/RELIABILITY.md is broken (a request over 1 s, RSS over 1 GB, shutdown over
 * 10 s, or a client that received nothing).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WebSocket } from 'ws';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({ options: { seconds: { type: 'string' }, json: { type: 'boolean' } } });
const seconds = Number(values.seconds ?? 60);
if (!(seconds > 0)) throw new Error(`--seconds must be > 0, got ${values.seconds}`);

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (sorted: readonly number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] : NaN);

const server = spawn(
  process.execPath,
  ['bin/strata.js', 'serve', 'examples/bollinger_btc_5m.json', 'examples/ema_btc_1h.json', '--data', 'data/samples/UNITTEST_BTC-5m.feather', '--symbol', 'BTC/USDT', '--speed', '1000000', '--loop', '--port', '0'],
  { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
);
const url = await new Promise<string>((resolve, reject) => {
  let out = '';
  server.stdout!.on('data', (d) => {
    out += d;
    const m = /Strata server on (http:\/\/[^/\s]+)/.exec(out);
    if (m) resolve(m[1]);
  });
  server.once('exit', (code) => reject(new Error(`strata serve exited with ${code} before listening`)));
});

const clients = Array.from({ length: 10 }, () => ({ ws: new WebSocket(`${url.replace('http', 'ws')}/ws`, { perMessageDeflate: false }), frames: 0, bytes: 0, closed: null as number | null }));
for (const c of clients) {
  c.ws.on('message', (d: Buffer) => {
    c.frames++;
    c.bytes += d.length;
  });
  c.ws.on('close', (code) => (c.closed = code));
  c.ws.on('error', () => undefined);
}
await Promise.all(clients.map((c) => new Promise((r) => c.ws.once('open', r))));

let peakRss = rssMb(server.pid!);
const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(server.pid!))), 250);
const latencies: number[] = [];
let failures = 0;
const end = performance.now() + seconds * 1000;
const paths = ['/api/v1/strategies', '/api/v1/health', '/api/v1/runs'];
await Promise.all(
  Array.from({ length: 5 }, async (_, k) => {
    for (let i = k; performance.now() < end; i++) {
      const t0 = performance.now();
      try {
        const res = await fetch(url + paths[i % paths.length], { signal: AbortSignal.timeout(10_000) });
        await res.arrayBuffer();
        if (!res.ok) failures++;
      } catch {
        failures++;
      }
      latencies.push(performance.now() - t0);
    }
  }),
);
clearInterval(sampler);

const t0 = performance.now();
const exited = new Promise<number | null>((r) => server.once('exit', (code) => r(code)));
server.kill('SIGTERM');
const code = await Promise.race([exited, sleep(30_000).then(() => 'timeout' as const)]);
const shutdownMs = performance.now() - t0;
if (code === 'timeout') server.kill('SIGKILL');
for (const c of clients) c.ws.terminate();

latencies.sort((a, b) => a - b);
const result = {
  seconds,
  load: loadavg().map((x) => Number(x.toFixed(2))),
  requests: latencies.length,
  failures,
  p50Ms: Number(quantile(latencies, 0.5).toFixed(1)),
  p99Ms: Number(quantile(latencies, 0.99).toFixed(1)),
  maxMs: Number((latencies.at(-1) ?? NaN).toFixed(1)),
  peakRssMb: Number(peakRss.toFixed(0)),
  shutdownMs: code === 'timeout' ? null : Number(shutdownMs.toFixed(0)),
  exitCode: code === 'timeout' ? null : code,
  clientFrames: clients.map((c) => c.frames),
  clientMb: Number((clients.reduce((a, c) => a + c.bytes, 0) / 1e6).toFixed(1)),
};
if (values.json) process.stdout.write(JSON.stringify(result) + '\n');
else {
  process.stdout.write(
    [
      `soak: ${seconds} s, replay at 1,000,000 candles/s with --loop, 10 WebSocket clients, 5 API pollers (load ${result.load.join(' ')})`,
      `  API: ${result.requests} requests, ${failures} failed; p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms`,
      `  server peak RSS: ${result.peakRssMb} MB`,
      `  SIGTERM to exit: ${result.shutdownMs === null ? 'did not exit within 30 s' : `${result.shutdownMs} ms (exit code ${result.exitCode})`}`,
      `  clients: ${result.clientMb} MB in ${clients.reduce((a, c) => a + c.frames, 0)} frames (fewest for one client: ${Math.min(...result.clientFrames)})`,
    ].join('\n') + '\n',
  );
}
const broken = result.maxMs > 1000 || result.peakRssMb > 1024 || result.shutdownMs === null || result.shutdownMs > 10_000 || Math.min(...result.clientFrames) === 0 || failures > 0;
process.exit(broken ? 1 : 0);
