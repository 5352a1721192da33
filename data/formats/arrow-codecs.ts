import { CompressionType, compressionRegistry } from 'apache-arrow';
import { decompress as zstdDecompress } from 'fzstd';
import * as lz4 from 'lz4js';

let registered = false;

/**
 * apache-arrow reads compressed IPC batches (freqtrade's Feather files are LZ4_FRAME) only after a codec is
 * registered. Idempotent; call before reading any Arrow/Feather file.
 */
export function registerArrowCodecs(): void {
  if (registered) return;
  compressionRegistry.set(CompressionType.LZ4_FRAME, {
    decode: (data: Uint8Array) => lz4.decompress(data),
    encode: (data: Uint8Array) => lz4.compress(data),
  });
  compressionRegistry.set(CompressionType.ZSTD, { decode: (data: Uint8Array) => zstdDecompress(data) });
  registered = true;
}
