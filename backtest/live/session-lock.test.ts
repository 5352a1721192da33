import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { lockSession, SessionBusyError } from './session-lock.ts';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const LOCK_MODULE = fileURLToPath(new URL('./session-lock.ts', import.meta.url));

/** A child process that takes the lock and then waits forever; resolves once it holds it. */
async function holder(sessionDir: string) {
  const code = `import(${JSON.stringify(LOCK_MODULE)}).then((m) => m.lockSession(${JSON.stringify(sessionDir)})).then(() => { console.log('locked'); setInterval(() => {}, 1000); });`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => String(d).includes('locked') && resolve());
    child.once('exit', (c) => reject(new Error(`lock holder exited with ${c}`)));
  });
  return child;
}

describe('session lock', () => {
  it('a second owner is refused, through any path to the directory, until the first releases', async () => {
    dir = mkdtempSync(join(tmpdir(), 'strata-lock-'));
    const release = await lockSession(dir);
    const note = JSON.parse(readFileSync(join(dir, 'session.lock'), 'utf8'));
    expect(note.pid, 'the note names the owner for people').toBe(process.pid);
    symlinkSync(dir, join(tmpdir(), `${dir.split('/').pop()}-link`));
    const viaLink = join(tmpdir(), `${dir.split('/').pop()}-link`);
    try {
      await expect(lockSession(dir)).rejects.toBeInstanceOf(SessionBusyError);
      await expect(lockSession(viaLink), 'the lock is named after the real path').rejects.toThrow(/is open in another strata process \(by process \d+/);
      rmSync(join(dir, 'session.lock'));
      const refused = await lockSession(dir).then(() => 'taken', (err: Error) => err.message);
      expect(refused, 'deleting the note does not free the lock').toMatch(/is open in another strata process/);
      expect(refused, 'the message never tells anyone to delete a file').not.toMatch(/remove|delete/i);
    } finally {
      rmSync(viaLink);
    }
    release();
    expect(existsSync(join(dir, 'session.lock')), 'a released lock removes its note').toBe(false);
    const again = await lockSession(dir);
    again();
  });

  it('the kernel frees the lock of a SIGKILLed owner; its left-over note does not matter', async () => {
    dir = mkdtempSync(join(tmpdir(), 'strata-lock-'));
    const child = await holder(dir);
    await expect(lockSession(dir), 'held by the child').rejects.toBeInstanceOf(SessionBusyError);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    expect(JSON.parse(readFileSync(join(dir, 'session.lock'), 'utf8')).pid, 'the killed owner left its note').toBe(child.pid);
    const release = await lockSession(dir);
    expect(JSON.parse(readFileSync(join(dir, 'session.lock'), 'utf8')).pid, 'the new owner rewrote it').toBe(process.pid);
    release();
  }, 30_000);
});
