import { closeSync, fsyncSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { checkLog, truncateDurably } from './log-lines.ts';
import { lockSession } from './session-lock.ts';

export interface RepairResult {
  /** Whole valid lines kept in the log. */
  readonly kept: number;
  /** The first line moved aside and why (null when the log was already valid). */
  readonly failure: { readonly line: number; readonly reason: string } | null;
  /** Bytes moved to `sidePath` (0 when nothing was wrong). */
  readonly movedBytes: number;
  readonly sidePath: string | null;
}

/**
 * Makes a damaged session log resumable without losing anything: the valid prefix (every line up to the first
 * bad seal, sequence number or torn write) stays in the log, everything from the first bad line on is moved to
 * a side file next to it, `session.jsonl.damaged-<time>`, for inspection. Nothing is deleted. Holds the session
 * lock while it works, so it never races a running session. The resumed session fetches the candles it lost
 * again and recomputes its outputs.
 */
export async function repairSessionLog(path: string, now: Date = new Date()): Promise<RepairResult> {
  const release = await lockSession(dirname(path));
  try {
    const buf = readFileSync(path);
    const checked = checkLog(buf);
    if (checked.entries.length === 0) throw new Error(`${path}: the first line (the session header) is damaged; there is nothing valid to keep`);
    const kept = checked.entries.length;
    if (checked.failure === null && checked.tornBytes === 0) return { kept, failure: null, movedBytes: 0, sidePath: null };
    const sidePath = `${path}.damaged-${now.toISOString().replace(/[:.]/g, '-')}`;
    const rest = buf.subarray(checked.validBytes);
    writeFileSync(sidePath, rest, { flag: 'wx' });
    const side = openSync(sidePath, 'r');
    fsyncSync(side);
    closeSync(side);
    // Only once the side file is on disk is the log shortened.
    truncateDurably(path, checked.validBytes);
    const failure = checked.failure ?? { line: kept + 1, reason: 'torn last line' };
    return { kept, failure, movedBytes: rest.length, sidePath };
  } finally {
    release();
  }
}
