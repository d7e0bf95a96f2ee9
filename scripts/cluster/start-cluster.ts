/**
 * Starts N Tradeflow replicas (the built server, each serving one snapshot) and nginx in front of them, all on this
 * machine, for `npm run cluster`, its tests and the cluster benchmark. nginx runs from PATH (Debian's package,
 * installed by .ci/run) with a generated configuration in a temporary folder that also holds its pid file, logs,
 * temp files and cache, so it runs as whoever starts it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nginxConfig } from './nginx-config.ts';

export const defaultBundle = fileURLToPath(new URL('../../server/dist/main.mjs', import.meta.url));

/** nginx from PATH, else where Debian puts it (/usr/sbin is not on every user's PATH); undefined if neither. */
export function findNginx(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/sbin', '/usr/local/sbin'];
  for (const dir of dirs) {
    const candidate = join(dir, 'nginx');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface ClusterOptions {
  replicas: number;
  /** nginx's port; 0 picks a free one. */
  port: number;
  host?: string;
  /** The snapshot every replica serves (TRADEFLOW_SNAPSHOT); a symlink is followed anew on SIGHUP. */
  snapshot: string;
  /** The built server (default server/dist/main.mjs, which `npm run build` writes). */
  bundle?: string;
  /** nginx's proxy_cache for /api/ (default on). */
  cache?: boolean;
  /** Extra environment for the replicas (TRADEFLOW_MAX_AGE, …). */
  env?: Record<string, string>;
  /** Each line a replica prints, and nginx's start-up errors. */
  onOutput?: (source: string, line: string) => void;
  /** A replica that exits while the cluster runs (nginx sends its requests to the others). */
  onReplicaExit?: (replica: Replica, code: number | null, signal: NodeJS.Signals | null) => void;
}

export interface Replica {
  index: number;
  pid: number;
  origin: string;
  child: ChildProcess;
}

export interface Cluster {
  origin: string;
  dir: string;
  nginxPid: number;
  replicas: Replica[];
  /** nginx's access log so far (one line per request; `cache=HIT|MISS|…` at the end). */
  accessLog: () => string;
  /** Sends a signal to every live replica (SIGHUP: reload the snapshot). */
  signalReplicas: (signal: NodeJS.Signals) => void;
  stop: () => Promise<void>;
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const nginx = findNginx();
  if (nginx === undefined) throw new Error('nginx not found on PATH (Debian: apt-get install -y nginx)');
  if (!Number.isInteger(options.replicas) || options.replicas < 1)
    throw new Error(`--replicas must be 1 or more, not ${options.replicas}`);
  const bundle = options.bundle ?? defaultBundle;
  if (!existsSync(bundle)) throw new Error(`no built server at ${bundle}: run npm run build`);
  if (!existsSync(options.snapshot))
    throw new Error(`no snapshot at ${options.snapshot}: make one with npm run snapshot -- FILE`);
  const host = options.host ?? '127.0.0.1';
  const dir = mkdtempSync(join(tmpdir(), 'tradeflow-cluster-'));
  for (const sub of ['temp', 'cache']) mkdirSync(join(dir, sub));
  const replicas: Replica[] = [];
  // Every replica process from the moment it is spawned, so a failed start stops the ones that did start.
  const spawned: ChildProcess[] = [];
  let nginxChild: ChildProcess | undefined;
  let stopping = false;

  const stop = async (): Promise<void> => {
    stopping = true;
    // nginx first (SIGQUIT: finish the requests it has), so no request is sent to a replica that is going away.
    if (nginxChild) await stopChild(nginxChild, 'SIGQUIT');
    await Promise.all(spawned.map((child) => stopChild(child, 'SIGTERM')));
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    const started = await Promise.all(
      Array.from({ length: options.replicas }, (_, index) => startReplica(index + 1, bundle, options, spawned)),
    );
    replicas.push(...started);
    for (const replica of replicas) {
      replica.child.once('exit', (code, signal) => {
        if (!stopping) options.onReplicaExit?.(replica, code, signal);
      });
    }
    const port = options.port === 0 ? await freePort(host) : options.port;
    const config = nginxConfig({
      listen: `${host}:${port}`,
      replicas: replicas.map((replica) => replica.origin.replace('http://', '')),
      cache: options.cache ?? true,
      // A master started as root would run its workers as nobody, who cannot write this folder.
      ...(process.getuid?.() === 0 ? { user: `${userInfo().username} ${groupName()}` } : {}),
    });
    const configPath = join(dir, 'nginx.conf');
    writeFileSync(configPath, config);
    const errorLog = join(dir, 'error.log');
    nginxChild = spawn(nginx, ['-p', `${dir}/`, '-c', configPath, '-e', errorLog], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let nginxOutput = '';
    nginxChild.stdout?.on('data', (chunk: Buffer) => (nginxOutput += chunk.toString()));
    nginxChild.stderr?.on('data', (chunk: Buffer) => (nginxOutput += chunk.toString()));
    await waitForPort(
      host,
      port,
      nginxChild,
      () => `${nginxOutput}${existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : ''}`,
    );
    const listening = nginxChild;
    return {
      origin: `http://${host}:${port}`,
      dir,
      nginxPid: listening.pid ?? 0,
      replicas,
      accessLog: () => (existsSync(join(dir, 'access.log')) ? readFileSync(join(dir, 'access.log'), 'utf8') : ''),
      signalReplicas: (signal) => {
        for (const replica of replicas)
          if (replica.child.exitCode === null && replica.child.signalCode === null) replica.child.kill(signal);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function startReplica(
  index: number,
  bundle: string,
  options: ClusterOptions,
  spawned: ChildProcess[],
): Promise<Replica> {
  const child = spawn(process.execPath, ['--enable-source-maps', bundle], {
    env: { ...process.env, ...options.env, PORT: '0', HOST: '127.0.0.1', TRADEFLOW_SNAPSHOT: options.snapshot },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  spawned.push(child);
  let output = '';
  const onLine = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const line of chunk.toString().split('\n')) if (line.trim()) options.onOutput?.(`replica ${index}`, line);
  };
  child.stdout?.on('data', onLine);
  child.stderr?.on('data', onLine);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`replica ${index} did not start within 30 s:\n${output}`)), 30_000);
    const onData = (): void => {
      const found = /Tradeflow on http:\/\/localhost:(\d+)/.exec(output)?.[1];
      if (found) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolve(Number(found));
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`replica ${index} exited with ${code} before listening:\n${output}`));
    });
  });
  return { index, pid: child.pid ?? 0, origin: `http://127.0.0.1:${port}`, child };
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(kill);
}

/** A port the system says is free now (nginx takes a fixed port, so it cannot be asked for 0). */
async function freePort(host: string): Promise<number> {
  const server = createServer();
  server.listen(0, host);
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** Resolves once something accepts connections on host:port; rejects with nginx's own words if it exits first. */
async function waitForPort(host: string, port: number, child: ChildProcess, output: () => string): Promise<void> {
  let exited = false;
  child.once('exit', () => (exited = true));
  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (exited) throw new Error(`nginx exited at start:\n${output()}`);
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, host);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (accepted) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nginx did not listen on ${host}:${port} within 10 s:\n${output()}`);
}

/** The current user's primary group's name, for nginx's `user` line (root's is root). */
function groupName(): string {
  const gid = process.getgid?.() ?? 0;
  const line = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .find((entry) => entry.split(':')[2] === String(gid));
  return line?.split(':')[0] ?? String(gid);
}
