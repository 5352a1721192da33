import { closeSync, fsyncSync, ftruncateSync, openSync } from 'node:fs';
import { crc32 } from 'node:zlib';

/**
 * The integrity seal of a session log line. Each line is the entry's JSON object with two fields appended
 * last: `_q`, the line's sequence number (0 for the header, then +1 per line), and `_crc`, the CRC-32 (zlib)
 * of the line's UTF-8 bytes up to and including the `_q` field, as 8 hex digits:
 *
 *   {"k":"candle","s":0,"t":1700000000000,...,"_q":17,"_crc":"9a0b1c2d"}
 *
 * The line stays one JSON object (jq and people can read it); the checksum catches a damaged or edited line,
 * the sequence a line lost, repeated or moved. Both fields are removed when the entry is read.
 */

const SEAL = /,"_crc":"([0-9a-f]{8})"\}$/;
const SEAL_LENGTH = ',"_crc":"00000000"}'.length;

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/** One sealed line (without its newline) from the entry's JSON text. */
export function sealLine(json: string, seq: number): string {
  const body = `${json.slice(0, -1)},"_q":${seq}`;
  return `${body},"_crc":"${hex(crc32(body))}"}`;
}

export type LineCheck =
  | { readonly ok: true; readonly entry: Record<string, unknown>; readonly sealed: boolean }
  | { readonly ok: false; readonly reason: string };

/**
 * Parses one line and checks its seal against the expected sequence number. A line without a seal is returned
 * with `sealed: false` (logs written before lines were sealed); the caller decides whether that is allowed.
 */
export function checkLine(line: string, expectedSeq: number): LineCheck {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch (err) {
    return { ok: false, reason: `not a session log entry (${(err as Error).message})` };
  }
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return { ok: false, reason: 'not a session log entry (not a JSON object)' };
  const m = SEAL.exec(line);
  if (!m) {
    if ('_crc' in entry || '_q' in entry) return { ok: false, reason: 'damaged seal' };
    return { ok: true, entry, sealed: false };
  }
  const body = line.slice(0, -SEAL_LENGTH);
  if (hex(crc32(body)) !== m[1]) return { ok: false, reason: `checksum mismatch (the line was damaged or edited)` };
  if (entry._q !== expectedSeq) return { ok: false, reason: `sequence number ${String(entry._q)}, expected ${expectedSeq} (a line is missing, repeated or moved)` };
  delete entry._q;
  delete entry._crc;
  return { ok: true, entry, sealed: true };
}

export interface CheckedLog {
  readonly entries: Record<string, unknown>[];
  /** Bytes of the valid prefix (whole lines). */
  readonly validBytes: number;
  /** The first invalid line (1-based) and why, or null when every whole line is valid. */
  readonly failure: { readonly line: number; readonly reason: string } | null;
  /** Bytes after the last newline (a torn write). */
  readonly tornBytes: number;
}

/**
 * Checks a whole log. Unsealed lines are accepted only as a prefix (a log begun by an older build and resumed
 * by this one): once a sealed line appears, every later line must be sealed, in sequence.
 */
export function checkLog(buf: Buffer): CheckedLog {
  const end = buf.lastIndexOf(0x0a) + 1;
  const entries: Record<string, unknown>[] = [];
  let offset = 0;
  let seq = 0;
  let sealedSeen = false;
  while (offset < end) {
    const nl = buf.indexOf(0x0a, offset);
    const line = buf.subarray(offset, nl).toString('utf8');
    const lineNo = seq + 1;
    const checked = line.length === 0 ? ({ ok: false, reason: 'empty line' } as const) : checkLine(line, seq);
    if (!checked.ok || (sealedSeen && !checked.sealed)) {
      return { entries, validBytes: offset, failure: { line: lineNo, reason: checked.ok ? 'line without checksum after checksummed lines' : checked.reason }, tornBytes: buf.length - end };
    }
    sealedSeen ||= checked.sealed;
    entries.push(checked.entry);
    offset = nl + 1;
    seq++;
  }
  return { entries, validBytes: end, failure: null, tornBytes: buf.length - end };
}

/** Cuts a log file to its first `bytes` bytes and forces that onto the disk. */
export function truncateDurably(path: string, bytes: number): void {
  const fd = openSync(path, 'r+');
  try {
    ftruncateSync(fd, bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
