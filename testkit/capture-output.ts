import { vi } from 'vitest';

/** What a command wrote to stdout and stderr since `capture()`; `restore()` puts the real streams back. */
export interface CapturedOutput {
  out: string;
  err: string;
  restore(): void;
}

/** Captures process.stdout and process.stderr writes (commands print; tests read what they printed). */
export function captureOutput(): CapturedOutput {
  const c: CapturedOutput = { out: '', err: '', restore: () => vi.restoreAllMocks() };
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((c.out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((c.err += String(s)), true));
  return c;
}
