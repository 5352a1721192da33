import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { isSymbol, symbolError } from '../engine/markets/symbol.ts';
import { timeframeMs } from '../engine/timeframe.ts';
import type { Timeframe } from '../engine/types.ts';
import { detectContainer, type Container, type FormatOption, type NameHints } from './formats/detect.ts';
import { gunzipHead, isGzip } from './formats/gzip.ts';

/** A required option the file could not supply (the CLI turns it into a usage error, exit 2). */
export class MissingOptionError extends Error {}

function startsWithPar1(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x41 && b[2] === 0x52 && b[3] === 0x31;
}

/** The file's first bytes (up to 4 KB), for detection. */
export function fileHead(path: string): Uint8Array {
  const head = new Uint8Array(4096);
  const fd = openSync(path, 'r');
  try {
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}

/** The container of a file: the forced format, else what its first bytes (unzipped when gzipped) and name say. */
export function containerOf(path: string, head: Uint8Array, format?: FormatOption): Container {
  if (format === 'feather' || format === 'arrow') return 'arrow';
  if (format === 'csv' || format === 'json' || format === 'parquet') return format;
  // A gzipped file is judged by what it holds: its first bytes unzipped, and its name without `.gz`.
  if (isGzip(head)) {
    const inner = gunzipHead(head).subarray(0, 64);
    if (startsWithPar1(inner)) throw new Error(`${path}: a gzipped Parquet file; Parquet is compressed inside, so give it unzipped`);
    return detectContainer(path.replace(/\.gz$/i, ''), inner);
  }
  return detectContainer(path, head.subarray(0, 64));
}

/** A timeframe option, checked: an unknown one is a usage error. */
export function checkTimeframe(tf: string): Timeframe {
  try {
    timeframeMs(tf);
  } catch (err) {
    throw new MissingOptionError((err as Error).message);
  }
  return tf;
}

/** The series symbol: the option, else the file name's; a note says when it came from the name. */
export function symbolFor(path: string, given: string | undefined, hints: NameHints, notes: string[]): string {
  const symbol = given ?? hints.symbol;
  if (!symbol) throw new MissingOptionError(`--symbol is required: the file name "${path}" does not say (freqtrade names like BTC_USDT-1m.json do)`);
  if (!isSymbol(symbol)) throw new MissingOptionError(symbolError(symbol, given ? '--symbol' : path));
  if (!given) notes.push(`symbol ${symbol} taken from the file name ${basename(path)} (BASE_QUOTE-TF or TICKER-TF); give --symbol to name it otherwise`);
  return symbol;
}


/** How many rejected rows a report shows by row number. */
export const FIRST_REJECTED = 5;
