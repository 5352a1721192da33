// WebSocket clients for bench/web.bench.ts, on a worker thread (a separate event loop and core, like real
// browsers): they record when each signal arrives on the process-wide monotonic clock and report back.
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

const { url, clients } = workerData;
const arrivals = []; // [signal time, hrtime ns as Number]
let received = 0;
let posting = false;
const sockets = [];
// One progress message per turn of this thread's event loop, not one per frame.
const post = () => {
  posting = false;
  parentPort.postMessage({ received });
};
for (let i = 0; i < clients; i++) {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.on('message', (data) => {
    const now = Number(process.hrtime.bigint());
    const parsed = JSON.parse(data.toString());
    for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
      if (m.type !== 'signal') continue;
      arrivals.push(m.signal.time, now);
      received++;
    }
    if (!posting) {
      posting = true;
      setImmediate(post);
    }
  });
  await new Promise((resolve) => ws.once('open', resolve));
  sockets.push(ws);
}
parentPort.postMessage({ ready: true });
parentPort.on('message', (m) => {
  if (m === 'done') {
    for (const ws of sockets) ws.close();
    parentPort.postMessage({ arrivals });
  }
});
