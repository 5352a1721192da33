import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SESSIONS_DIR, readSessionLog, sessionLogPath } from '../../backtest/live/session-log.ts';
import { diffConfigs, diffText } from '../../backtest/records/versions/diff.ts';
import { awaitResult, submitRollback } from '../../backtest/live/versions/inbox.ts';
import { sessionVersionDb } from '../../backtest/live/versions/session-hooks.ts';
import { sessionVersions } from '../../backtest/live/versions/session-versions.ts';
import { shortHash, VersionError, VersionStore, type StrategyVersion } from '../../backtest/records/versions/store.ts';
import { parseCommandArgs, runCommand, UsageError } from '../args.ts';
import { HELP } from '../help/strategies.ts';

const out = (s: string) => process.stdout.write(s + '\n');
const localTime = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z') : '–');

function versionLine(v: StrategyVersion, current: string | null): string {
  return `${current === v.hash ? '*' : ' '} v${String(v.number).padEnd(3)} ${shortHash(v.hash)}  ${localTime(v.createdAt)}  ${v.source.padEnd(8)} parent ${v.parent ? shortHash(v.parent) : '–'.padEnd(12)}  ${v.author ?? ''}${v.note ? `  "${v.note}"` : ''}`;
}

export function run(argv: string[]): Promise<number> {
  return runCommand(HELP, argv, async () => {
    const { values, positionals } = parseCommandArgs(argv, {
      'results-db': { type: 'string' },
      session: { type: 'string' },
      'sessions-dir': { type: 'string' },
      note: { type: 'string' },
      author: { type: 'string' },
      wait: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
    });
    const [sub, ...args] = positionals;
    const db = values['results-db'] ?? sessionVersionDb(values['sessions-dir']);
    const json = values.json === true;
    const sessionsDir = values['sessions-dir'] ?? DEFAULT_SESSIONS_DIR;
    const need = (n: number, what: string) => {
      if (args.length !== n) throw new UsageError(`strategies ${sub}: expected ${what}`);
    };
    const readOnly = <T>(body: (s: VersionStore) => Promise<T>) => {
      if (!VersionStore.exists(db)) throw new VersionError(`no results database at ${db ?? '.strata/results.duckdb'}: nothing has been versioned yet`);
      return VersionStore.with(db, body, { readOnly: true });
    };
    try {
      switch (sub) {
        case 'list': {
          need(0, 'no arguments');
          const list = VersionStore.exists(db) ? await readOnly((s) => s.strategies()) : [];
          if (json) out(JSON.stringify(list));
          else if (list.length === 0) out('No strategy versions yet: start, edit or backtest a strategy.');
          else for (const s of list) out(`${s.strategyId.padEnd(24)} ${String(s.versions).padStart(3)} version(s)  current ${s.current ? shortHash(s.current) : '–'}  ${localTime(s.updatedAt)}`);
          return 0;
        }
        case 'history': {
          need(1, '<id>');
          const id = args[0];
          const h = await readOnly((s) => s.history(id));
          if (h.versions.length === 0) throw new VersionError(`strategy "${id}" has no stored versions`);
          const current = h.log[h.log.length - 1]?.hash ?? null;
          let bySession = null;
          if (values.session) {
            const path = sessionLogPath(sessionsDir, values.session);
            if (!existsSync(path)) throw new VersionError(`no session "${values.session}" in ${sessionsDir}`);
            const log = readSessionLog(path);
            bySession = sessionVersions(log.header, log.entries).performance.filter((p) => p.strategyId === id);
          }
          if (json) {
            out(JSON.stringify({ strategyId: id, current, versions: h.versions, log: h.log, ...(bySession ? { session: values.session, performance: bySession } : {}) }));
            return 0;
          }
          out(`Strategy ${id}: ${h.versions.length} version(s), * = current`);
          for (const v of h.versions) out(versionLine(v, current));
          out('\nSwitches:');
          for (const l of h.log) out(`  ${localTime(l.at)}  ${l.previous ? shortHash(l.previous) : '(none)'.padEnd(12)} → ${shortHash(l.hash)}  ${l.reason}${l.session ? ` [session ${l.session}]` : ''}${l.runId ? ` [run ${l.runId}]` : ''}${l.note ? `  "${l.note}"` : ''}`);
          if (bySession) {
            const num = new Map(h.versions.map((v) => [v.hash, `v${v.number}`]));
            out(`\nSession ${values.session}, by version:`);
            for (const p of bySession) {
              out(`  ${(num.get(p.hash) ?? '?').padEnd(4)} ${shortHash(p.hash)}  ${p.signals} signals, ${p.fills} fills, ${p.trades} trades (${p.wins} won), P&L ${p.pnl.toFixed(2)}, fees ${p.fees.toFixed(2)}${p.firstTime !== null ? `, ${new Date(p.firstTime).toISOString()} → ${new Date(p.lastTime!).toISOString()}` : ''}`);
            }
          }
          return 0;
        }
        case 'show': {
          need(1, '<version>');
          const v = await readOnly((s) => s.resolve(args[0]));
          out(JSON.stringify(json ? v : v.config, null, 2));
          return 0;
        }
        case 'diff': {
          need(2, '<v1> <v2>');
          const [a, b] = await readOnly(async (s) => [await s.resolve(args[0]), await s.resolve(args[1])]);
          const changes = diffConfigs(a.config, b.config);
          if (json) out(JSON.stringify({ from: { strategyId: a.strategyId, number: a.number, hash: a.hash }, to: { strategyId: b.strategyId, number: b.number, hash: b.hash }, changes }));
          else out(`${a.strategyId} v${a.number} (${shortHash(a.hash)}) → ${b.strategyId} v${b.number} (${shortHash(b.hash)})\n${diffText(changes)}`);
          return 0;
        }
        case 'rollback': {
          need(2, '<id> <version>');
          const [id, ref] = args;
          const v = await readOnly((s) => s.resolve(ref, ref.includes('@') ? undefined : id));
          if (v.strategyId !== id) throw new VersionError(`version ${shortHash(v.hash)} belongs to strategy "${v.strategyId}", not "${id}"`);
          const note = values.note ?? null;
          if (values.session) {
            const wait = values.wait === undefined ? 10 : Number(values.wait);
            if (!(wait >= 0) || !Number.isFinite(wait)) throw new UsageError(`--wait must be a number of seconds, got "${values.wait}"`);
            const sessionDir = join(sessionsDir, values.session);
            const requestId = submitRollback(sessionDir, { strategyId: id, version: v, note });
            const r = await awaitResult(sessionDir, requestId, wait * 1000);
            if (json) out(JSON.stringify({ request: requestId, version: v.hash, number: v.number, result: r }));
            else if (r === null) out(`Rollback of ${id} to v${v.number} (${shortHash(v.hash)}) queued: session ${values.session} did not answer within ${wait}s (not running?); it switches when it resumes.`);
            else if (r.ok) out(`Session ${values.session}: ${id} switched to v${v.number} (${shortHash(v.hash)})${r.after !== null ? ` after the candle closing ${new Date(r.after).toISOString()}` : ''}; the next candle runs on it.`);
            else out(`Session ${values.session} refused the rollback: ${r.error}`);
            return r !== null && !r.ok ? 1 : 0;
          }
          const outcome = await VersionStore.with(db, (s) => s.record({ strategyId: id, config: v.config, source: 'rollback', note, author: values.author ?? process.env.USER ?? null }));
          if (values.out) writeFileSync(values.out, JSON.stringify(v.config, null, 2) + '\n');
          if (json) out(JSON.stringify({ version: v.hash, number: v.number, switched: outcome.activated }));
          else out(`${id}: ${outcome.activated ? 'current version is now' : 'already at'} v${v.number} (${shortHash(v.hash)})${values.out ? `; config written to ${values.out}` : ''}`);
          return 0;
        }
        default:
          throw new UsageError(sub ? `unknown subcommand "${sub}"` : 'give a subcommand: list, history, show, diff, rollback');
      }
    } catch (err) {
      if (err instanceof VersionError) {
        process.stderr.write(`error: ${err.message}\n`);
        return 1;
      }
      throw err;
    }
  });
}
