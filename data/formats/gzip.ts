import { constants, gunzipSync } from 'node:zlib';

/** A gzip stream starts with 1f 8b. */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** The first bytes of a gzipped file's content from the first bytes of the file (a partial inflate; detection only). */
export function gunzipHead(head: Uint8Array): Uint8Array {
  return gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
}

/** The file's content: unzipped when it is gzipped (freqtrade writes `.json.gz`), else as read. */
export function unzipped(bytes: Buffer): Buffer {
  return isGzip(bytes) ? gunzipSync(bytes) : bytes;
}
