import { describe, expect, it } from 'vitest';
import { HealthMonitor } from '../../backtest/live/alerts/health-monitor.ts';
import { StrategyManager } from '../../engine/manager.ts';
import { createApp } from '../app.ts';
import { startServer } from '../server.ts';

describe('GET /api/v1/health and the monitor’s lifetime', () => {
  it('a request never starts a monitor: an app without one answers 503', async () => {
    const manager = new StrategyManager();
    const app = createApp({ manager, resultsDb: null, runsDir: '/nonexistent-runs' });
    const res = await app.request('/api/v1/health');
    expect(res.status).toBe(503);
    expect((await res.json()).error).toMatch(/no health monitor/);
    expect(HealthMonitor.of(manager), 'the request left no monitor behind').toBeNull();
  });

  it('the server starts a monitor before any request and stops it on close', async () => {
    const manager = new StrategyManager();
    const server = await startServer({ manager, port: 0, resultsDb: null, runsDir: '/nonexistent-runs' });
    try {
      expect(HealthMonitor.of(manager), 'running before the first request').not.toBeNull();
      const res = await fetch(`${server.url}/api/v1/health`);
      expect(res.status).toBe(200);
      expect((await res.json()).status).toBe('ok');
    } finally {
      await server.close();
    }
    expect(HealthMonitor.of(manager), 'stopped with the server').toBeNull();
  });

  it('health: false starts none (503), health options reach the monitor it starts', async () => {
    const none = new StrategyManager();
    const a = await startServer({ manager: none, port: 0, resultsDb: null, runsDir: '/nonexistent-runs', health: false });
    try {
      expect((await fetch(`${a.url}/api/v1/health`)).status).toBe(503);
    } finally {
      await a.close();
    }
    const manager = new StrategyManager();
    const b = await startServer({ manager, port: 0, resultsDb: null, runsDir: '/nonexistent-runs', health: { thresholds: { silenceFactor: 7 } } });
    try {
      expect((await (await fetch(`${b.url}/api/v1/health`)).json()).thresholds.silenceFactor).toBe(7);
    } finally {
      await b.close();
    }
  });

  it('keeps a monitor a session attached, with its options, and leaves it running after close', async () => {
    const manager = new StrategyManager();
    const own = new HealthMonitor(manager, { evaluateEveryMs: 0, thresholds: { latencyP99Ms: 1234 } }).start();
    const server = await startServer({ manager, port: 0, resultsDb: null, runsDir: '/nonexistent-runs' });
    try {
      const report = await (await fetch(`${server.url}/api/v1/health`)).json();
      expect(report.thresholds.latencyP99Ms, 'the session’s thresholds').toBe(1234);
    } finally {
      await server.close();
    }
    expect(HealthMonitor.of(manager)).toBe(own);
    own.stop();
  });
});
