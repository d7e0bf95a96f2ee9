/** Starts a benchmark server (scripts/bench/servers/) as a child process on 127.0.0.1 and stops it again. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer } from '../build-server.ts';

const serversDir = fileURLToPath(new URL('./servers/', import.meta.url));
const workDir = fileURLToPath(new URL('../../bench/.work/', import.meta.url));

export interface ChildServer {
  pid: number;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** What the server wrote to stderr so far (an unexpected error is logged there). */
  stderr: () => string;
  /** Resident memory of the server process now, in bytes (Linux /proc); undefined where unavailable. */
  rss: () => number | undefined;
  /** The server's own process.memoryUsage(), for the servers that answer {type: 'memory'} (tradeflow-server.ts). */
  memory: () => Promise<NodeJS.MemoryUsage | undefined>;
  stop: () => Promise<void>;
}

export async function startServer(
  script: 'tradeflow-server.ts' | 'express-server.ts' | 'bare-server.ts',
  args: string[],
): Promise<ChildServer> {
  // Tradeflow runs as `npm start` runs it: bundled (scripts/build-server.ts), with plain node and no TypeScript
  // loader, whose extra thread alone holds about 30 MiB. The floor and the ceiling are small enough to run as they are.
  let command = ['--import', 'tsx', join(serversDir, script)];
  if (script === 'tradeflow-server.ts') {
    const bundle = join(workDir, 'tradeflow-server.mjs');
    await buildServer(join(serversDir, script), bundle);
    command = [bundle];
  }
  const child = spawn(process.execPath, [...command, ...args], {
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const started = new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port?: number }) =>
      message.port ? resolve(message.port) : reject(new Error(`${script}: unexpected message`)),
    );
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before listening: ${stderr}`)));
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${script} did not start within 60 s`)), 60_000);
  });
  const port = await Promise.race([started, timeout]).finally(() => clearTimeout(timer));
  const pid = child.pid ?? 0;
  return {
    pid,
    origin: `http://127.0.0.1:${port}`,
    stderr: () => stderr,
    rss: () => readRss(pid),
    memory: () =>
      new Promise((resolve) => {
        const timer = setTimeout(() => resolve(undefined), 2000);
        child.once('message', (message: { memory?: NodeJS.MemoryUsage }) => {
          clearTimeout(timer);
          resolve(message.memory);
        });
        child.send({ type: 'memory' });
      }),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.disconnect();
      const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(kill);
    },
  };
}

/** VmRSS of a process, from /proc (Linux). */
export function readRss(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] ? Number(match[1]) * 1024 : undefined;
  } catch {
    // no /proc (not Linux) or the process is gone: the caller reports "not measured"
    return undefined;
  }
}
