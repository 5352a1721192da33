import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Thrown when another process holds the session: the CLI reports it as a runtime error (exit code 1). */
export class SessionBusyError extends Error {}

/** The abstract-namespace socket name of a session directory: one per real path, so symlinks and `..` agree. */
export function sessionLockName(sessionDir: string): string {
  return '\0strata-session-' + createHash('sha256').update(realpathSync(sessionDir)).digest('hex');
}

function bind(name: string): Promise<Server | null> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => socket.destroy());
    server.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(null) : reject(err)));
    server.listen(name, () => {
      server.unref(); // the lock never keeps the process alive by itself
      resolve(server);
    });
  });
}

/**
 * One process per session, held by the kernel: the session binds a UNIX socket in Linux's abstract namespace
 * named after the session directory's real path. Only one socket can hold a name, and the kernel frees it when
 * its process ends in any way (exit, crash, SIGKILL), so there is no stale lock to detect and no file whose
 * removal lets a second writer in. `<session>/session.lock` records the owner (pid, host, start) for people;
 * it is never read to decide anything. Returns the release function.
 */
export async function lockSession(sessionDir: string): Promise<() => void> {
  mkdirSync(sessionDir, { recursive: true });
  const info = join(sessionDir, 'session.lock');
  const server = await bind(sessionLockName(sessionDir));
  if (!server) {
    let owner = '';
    try {
      const o = JSON.parse(readFileSync(info, 'utf8')) as { pid?: number; host?: string; started?: string };
      owner = ` (by process ${o.pid} on ${o.host}, since ${o.started})`;
    } catch {
      // the note is for people; the lock itself is the socket
    }
    throw new SessionBusyError(`session ${sessionDir} is open in another strata process${owner}; stop that process first (two writers would corrupt the log)`);
  }
  writeFileSync(info, JSON.stringify({ pid: process.pid, host: hostname(), started: new Date().toISOString() }) + '\n');
  let released = false;
  return () => {
    if (released) return;
    released = true;
    rmSync(info, { force: true }); // before the socket closes, so a next owner's note is never removed
    server.close();
  };
}
