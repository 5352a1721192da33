import { loadConfigs } from '../../backtest/run/load-configs.ts';
import { PaperSession, type PaperSummary } from '../../backtest/live/paper-session.ts';
import { DEFAULT_SESSIONS_DIR } from '../../backtest/live/session-log.ts';
import type { EngineEvents } from '../../engine/events.ts';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import { parseTimeArg } from '../time-arg.ts';
import { attachSessionServices } from '../../backtest/live/versions/session-hooks.ts';
import { HELP } from '../help/paper.ts';

function printEvents(events: EngineEvents, json: boolean): void {
  const out = (line: string) => process.stdout.write(line + '\n');
  const iso = (t: number) => new Date(t).toISOString();
  if (json) {
    events.on('signal', (s) => out(JSON.stringify({ type: 'signal', ...s })));
    events.on('fill', (f) => out(JSON.stringify({ type: 'fill', ...f })));
    events.on('feed', (f) => out(JSON.stringify({ type: 'feed', ...f })));
    return;
  }
  events.on('signal', (s) => out(`${iso(s.time)} signal ${s.strategyId} ${s.action} ${s.symbol} @ ${s.price} (${s.reason})`));
  events.on('fill', (f) => out(`${iso(f.time)} fill   ${f.strategyId} ${f.side} ${f.quantity} ${f.symbol} @ ${f.price} fee ${f.fee.toFixed(4)} (${f.reason})`));
  events.on('orderBlocked', (b) => !b.detail.startsWith('warmup') && out(`${iso(b.time)} blocked ${b.strategyId} ${b.order.side} ${b.order.symbol}: ${b.limit} (${b.detail.split(';')[0]})`));
  events.on('feed', (f) => out(`${iso(f.time)} feed   ${f.status}: ${f.detail}`));
}

function summaryText(s: PaperSummary, session: PaperSession): string {
  const lines = [`Session ${s.name}${s.resumed ? ` (resumed: ${s.replayed.candles} logged candles replayed)` : ''}`];
  if (s.live) lines.push(`Live: ${s.live.candles} candles`);
  for (const f of s.feed) {
    const c = f.counts;
    const gaps = f.gaps.length > 0 ? `, ${c.missing} missing in ${f.gaps.length} gap(s)` : '';
    lines.push(`  ${f.symbol} ${f.timeframe}: ${c.emitted} emitted, ${c.rest} REST requests, ${c.reconnects} reconnects, ${c.stale} stale, ${c.duplicates} duplicates, ${c.invalid} rejected${gaps}`);
  }
  for (const id of session.manager.list().map((x) => x.id)) {
    const m = session.manager.getMetrics(id);
    const p = m.current.position;
    lines.push(`  ${id}: ${m.status}, equity ${m.performance.equity.toFixed(2)}, ${m.performance.totalTrades} trades, ${p ? `${p.side} ${p.quantity} @ ${p.entryPrice}` : 'flat'}`);
  }
  if (s.mismatches > 0) lines.push(`warning: ${s.mismatches} recomputed output(s) differed from the log`);
  return lines.join('\n');
}

export function run(argv: string[]): Promise<number> {
  return runCommand(HELP, argv, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      exchange: { type: 'string' },
      symbols: { type: 'string' },
      session: { type: 'string' },
      'sessions-dir': { type: 'string' },
      warmup: { type: 'string' },
      until: { type: 'string' },
      'live-from': { type: 'string' },
      'stale-after': { type: 'string' },
      serve: { type: 'boolean' },
      port: { type: 'string' },
      json: { type: 'boolean' },
      quiet: { type: 'boolean' },
      'exchange-url': { type: 'string' },
    });
    if (positionals.length === 0 && !values.session) throw new UsageError('give strategy configs, or --session NAME to resume a session');
    const positive = (name: string, v: string | undefined) => {
      if (v === undefined) return undefined;
      const n = Number(v);
      if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`--${name} must be a positive number, got "${v}"`);
      return n;
    };
    const warmupBars = values.warmup === '0' ? 0 : positive('warmup', values.warmup);
    const staleAfterMs = positive('stale-after', values['stale-after']);
    const port = values.port === '0' ? 0 : positive('port', values.port);
    const url = values['exchange-url'];
    if (url !== undefined && !/^https?:\/\/[^/]+\/?$/.test(url)) throw new UsageError(`--exchange-url must be a base URL like http://127.0.0.1:8765, got "${url}"`);
    const symbols = values.symbols?.split(',').map((s) => s.trim()).filter(Boolean);
    const configs = positionals.length > 0 ? loadConfigs(positionals).map((c) => c.config) : undefined;
    const name = values.session ?? `paper-${new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}`;
    const json = values.json === true;
    const diag = (line: string) => process.stderr.write(`${line}\n`);

    const session = await PaperSession.open({
      name,
      sessionsDir: values['sessions-dir'] ?? DEFAULT_SESSIONS_DIR,
      configs,
      symbols,
      exchange: values.exchange,
      exchangeUrl: url,
      warmupBars,
      until: parseTimeArg('until', values.until),
      liveFrom: parseTimeArg('live-from', values['live-from']),
      staleAfterMs,
      onDiagnostic: values.quiet ? undefined : diag,
    });
    if (!values.quiet) printEvents(session.manager.events, json);
    const services = attachSessionServices(session.manager, { sessionsDir: values['sessions-dir'] ?? DEFAULT_SESSIONS_DIR, customDir: values['sessions-dir'] !== undefined, session: name, onDiagnostic: diag });
    if (!json && !values.quiet) process.stderr.write(`session ${name}: ${session.resumed ? `resumed after ${session.replayed.candles} logged candles` : 'started'}, ${session.series.map((s) => `${s.symbol} ${s.timeframe}`).join(', ')}\n`);

    let server: { url: string; close(): Promise<void> } | null = null;
    if (values.serve) {
      try {
        const { startServer } = await import('../../web/server.ts');
        server = await startServer({
          manager: session.manager,
          port: port ?? 8080,
          live: { series: () => session.series, status: () => ({ session: name, feed: session.feedStats(), entriesBlockedBy: session.manager.entriesBlockedBy }) },
        });
        process.stderr.write(`dashboard: ${server.url}\n`);
      } catch (err) {
        process.stderr.write(`warning: --serve: the web server could not start (${(err as Error).message}); the session runs without it\n`);
      }
    }

    const stop = () => session.stop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      const summary = await session.run();
      if (json) process.stdout.write(JSON.stringify({ type: 'summary', ...summary }) + '\n');
      else process.stdout.write(summaryText(summary, session) + '\n');
      return 0;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await services.close();
      await server?.close();
    }
  });
}
