import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** True when a process with this id exists (signal 0 only checks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One process per session: `<session>/session.lock` holds the owner's pid. A lock whose process is gone (a
 * crash, SIGKILL) is taken over; a live owner makes the second process fail instead of interleaving its
 * appends with the first one's. Returns the release function.
 */
export function lockSession(sessionDir: string): () => void {
  mkdirSync(sessionDir, { recursive: true });
  const path = join(sessionDir, 'session.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
        throw new Error(`session ${sessionDir} is open in process ${owner}; stop it first (or remove ${path} if that process is not strata)`);
      }
      writeFileSync(path, ''); // stale: its owner is gone
      rmSync(path, { force: true });
    }
  }
  throw new Error(`could not lock session ${sessionDir}`);
}
