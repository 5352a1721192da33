import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as z from 'zod';
import type { ColumnarSeries } from '../../../data/historical-feed.ts';
import type { StrategyConfig } from '../../../engine/config/schema.ts';
import { loadColumns } from '../../run/data-source.ts';
import { readSeriesParquet, writeSeriesParquet } from './series-parquet.ts';

/**
 * Where a sweep's candles are, for workers on other machines: a URI on storage every worker can read, and
 * the sha256 of the file's bytes. Jobs carry this, never the candles.
 *
 * `layout` says how to read the file: `series-parquet` is the coordinator's export (every series of the
 * sweep in one Parquet file, see series-parquet.ts); `candle-file` is a user's candle file referenced in
 * place, read by the same importer as `--data` (with the same symbol/timeframe options), so a worker gets the
 * very columns the coordinator got.
 */
export interface DataRef {
  uri: string;
  sha256: string;
  bytes: number;
  layout: 'series-parquet' | 'candle-file';
  /** For `candle-file`: the importer options the coordinator used. */
  symbol?: string;
  timeframe?: string;
}

export const DataRefSchema = z.strictObject({
  uri: z.string().min(1).max(4096),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().min(0),
  layout: z.enum(['series-parquet', 'candle-file']),
  symbol: z.string().max(100).optional(),
  timeframe: z.string().max(20).optional(),
});

/** The data a job names is not the data the worker finds. */
export class DataHashMismatchError extends Error {}

/**
 * A kind of shared storage, by URI scheme. `localPath` gives a local file holding the referenced bytes (a
 * remote store such as S3 would download into a cache named by the hash); the caller then checks the hash.
 */
export interface DataLocation {
  readonly scheme: string;
  localPath(uri: string): Promise<string>;
}

const fileLocation: DataLocation = {
  scheme: 'file:',
  localPath: async (uri) => fileURLToPath(uri),
};

const LOCATIONS = new Map<string, DataLocation>([[fileLocation.scheme, fileLocation]]);

/** Registers another storage scheme (e.g. an S3-compatible store) for data references. */
export function registerDataLocation(location: DataLocation): void {
  LOCATIONS.set(location.scheme, location);
}

function locationOf(uri: string): DataLocation {
  let scheme: string;
  try {
    scheme = new URL(uri).protocol;
  } catch {
    throw new Error(`data reference "${uri}" is not a URI (expected file:///path/to/file.parquet)`);
  }
  const loc = LOCATIONS.get(scheme);
  if (!loc) throw new Error(`data reference ${uri}: no reader for "${scheme}" (known: ${[...LOCATIONS.keys()].join(', ')})`);
  return loc;
}

// Hashes by (path, size, mtime, inode): a file rewritten in place gets a new mtime or size and is hashed again.
const hashCache = new Map<string, { key: string; sha256: string }>();

/** sha256 of a file's bytes, cached by path + size + mtime + inode. */
export async function fileSha256(path: string): Promise<{ sha256: string; bytes: number }> {
  const st = statSync(path);
  const key = `${st.size}:${st.mtimeMs}:${st.ino}`;
  const hit = hashCache.get(path);
  if (hit && hit.key === key) return { sha256: hit.sha256, bytes: st.size };
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  const sha256 = h.digest('hex');
  hashCache.set(path, { key, sha256 });
  return { sha256, bytes: st.size };
}

/**
 * Writes the sweep's columns as one Parquet file into a shared directory, named by its content hash (the
 * writer is deterministic, so the same data always gives the same file and a second sweep reuses it).
 */
export async function publishColumns(inputs: readonly ColumnarSeries[], sharedDir: string): Promise<DataRef> {
  const dir = resolve(sharedDir);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}.parquet`);
  try {
    await writeSeriesParquet(tmp, inputs);
    const { sha256, bytes } = await fileSha256(tmp);
    const final = join(dir, `candles-${sha256.slice(0, 16)}.parquet`);
    if (existsSync(final) && (await fileSha256(final)).sha256 === sha256) rmSync(tmp);
    else renameSync(tmp, final);
    return { uri: pathToFileURL(final).href, sha256, bytes, layout: 'series-parquet' };
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** References a candle file where it is (it must be on storage the workers share). */
export async function referenceFile(path: string, opts: { symbol?: string; timeframe?: string }): Promise<DataRef> {
  const abs = resolve(path);
  const { sha256, bytes } = await fileSha256(abs);
  return { uri: pathToFileURL(abs).href, sha256, bytes, layout: 'candle-file', ...(opts.symbol ? { symbol: opts.symbol } : {}), ...(opts.timeframe ? { timeframe: opts.timeframe } : {}) };
}

/** A reference outside the directories a worker was told to read from. */
export class DataOutsideRootError extends Error {}

/**
 * The local file of a reference, after checking that its bytes hash to the expected value (and, with
 * `roots`, that it lies inside one of those directories).
 */
export async function verifiedPath(ref: DataRef, roots?: readonly string[]): Promise<string> {
  const path = await locationOf(ref.uri).localPath(ref.uri);
  if (roots && roots.length > 0) {
    const real = existsSync(path) ? realpathSync(path) : resolve(path);
    if (!roots.some((r) => real.startsWith(resolve(realpathOr(r)) + sep))) throw new DataOutsideRootError(`data file ${ref.uri} is outside this worker's --data-root (${roots.join(', ')})`);
  }
  if (!existsSync(path)) throw new DataHashMismatchError(`data file ${ref.uri} not found on this worker (is the shared storage mounted at the same path?)`);
  const { sha256 } = await fileSha256(path);
  if (sha256 !== ref.sha256) throw new DataHashMismatchError(`data hash mismatch for ${ref.uri}: expected sha256 ${ref.sha256}, found ${sha256}; refusing to run on different data`);
  return path;
}

function realpathOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** Reads a verified reference into columns, exactly as the coordinator had them. */
export async function loadDataRef(ref: DataRef, base: StrategyConfig, roots?: readonly string[]): Promise<ColumnarSeries[]> {
  const path = await verifiedPath(ref, roots);
  const before = statSync(path);
  const inputs =
    ref.layout === 'series-parquet'
      ? await readSeriesParquet(path)
      : (await loadColumns({ paths: [path], configs: [base], symbol: ref.symbol, timeframe: ref.timeframe })).inputs;
  const after = statSync(path);
  // Rewritten while being read: what was read is of unknown content (the job is retried).
  if (after.mtimeMs !== before.mtimeMs || after.size !== before.size) throw new Error(`data file ${ref.uri} changed while it was read`);
  return inputs;
}
