import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createAdaptorServer } from '@hono/node-server';
import { WebSocketServer } from 'ws';
import { HealthMonitor, type MonitorOptions } from '../backtest/live/alerts/health-monitor.ts';
import type { Candle } from '../engine/types.ts';
import { createApp, type AppOptions } from './app.ts';
import { hostAllowed, isLoopback, originAllowed, presentedToken, tokenMatches } from './http/security.ts';
import { LiveHub, type HubOptions } from './live/hub.ts';

export interface ServerOptions extends AppOptions {
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. Any other address requires a token. */
  host?: string;
  hub?: HubOptions;
  /** Where warnings go (default stderr). */
  warn?: (line: string) => void;
  /**
   * Options of the health monitor the server starts when the manager has none (a paper session attaches its
   * own); false starts none, and GET /api/v1/health answers 503. The monitor evaluates its rules on every
   * candle, which a benchmark of the bare engine path may want to leave out.
   */
  health?: MonitorOptions | false;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  server: Server;
  hub: LiveHub;
  close(): Promise<void>;
}

export const WS_PATH = '/ws';

/**
 * Starts the app on @hono/node-server with the WebSocket endpoint on the same HTTP server. Binds to
 * 127.0.0.1 unless told otherwise; binding elsewhere needs a token, and a warning says the server is exposed.
 * A health monitor starts with the server (unless one is already attached) and stops with it.
 */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? null;
  if (!isLoopback(host)) {
    if (!token) throw new Error(`binding to ${host} exposes the API beyond this machine: give --token (or STRATA_TOKEN)`);
    (opts.warn ?? ((l: string) => process.stderr.write(`${l}\n`)))(`warning: listening on ${host}, reachable from other machines; every request needs the token`);
  }
  const app = createApp({ ...opts, token });
  const hub = new LiveHub(opts.manager, { series: opts.live ? () => opts.live!.series() : undefined, ...opts.hub });
  const server = createAdaptorServer({ fetch: app.fetch, hostname: host }) as Server;
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 * 1024 });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`);
    };
    if (url.pathname !== WS_PATH) return refuse(404, 'Not Found');
    if (!originAllowed(req.headers.origin, req.headers.host)) return refuse(403, 'Forbidden');
    if (token === null && !hostAllowed(req.headers.host)) return refuse(403, 'Forbidden');
    if (token !== null && !tokenMatches(token, presentedToken(req.headers.authorization, url, req.headers.cookie).token)) return refuse(401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => hub.addClient(ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 8080, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  // Health is measured from the moment the server runs; a paper session that attached its own monitor keeps it.
  const live = opts.live;
  const feedDueAt = live?.candleDueAt ? (c: Candle) => live.candleDueAt!(c) : undefined;
  const ownMonitor = opts.health === false || HealthMonitor.of(opts.manager) ? null : new HealthMonitor(opts.manager, { feedDueAt, ...opts.health }).start();
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}`,
    host,
    port,
    server,
    hub,
    close: () =>
      new Promise<void>((resolve) => {
        hub.close();
        ownMonitor?.stop();
        wss.close();
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
