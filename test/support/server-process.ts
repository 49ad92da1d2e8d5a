import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { freePort, TestApp } from './test-app';

export interface ServerProcess {
  baseUrl: string;
  pid: number;
  /** SIGTERM, then wait for it to exit. */
  stop(): Promise<void>;
  /** SIGKILL: no shutdown at all, as when a machine dies. */
  kill(): Promise<void>;
  /** What the server has logged on its standard output so far (its workers' lines too). */
  log(): string;
}

export interface ServerProcessOptions {
  /** Run the compiled server (dist/, from `npm run build`) as production does, rather than the sources through ts-node. */
  built?: boolean;
  /** Pipe the server's standard output to the caller, who must read it; otherwise it is discarded. */
  pipeOutput?: boolean;
}

const REPOSITORY = path.join(__dirname, '..', '..');

/** Node's arguments in `npm run start:prod` (the heap limit among them), so the built server runs exactly as operators start it. */
function productionArguments(): string[] {
  const script = (JSON.parse(fs.readFileSync(path.join(REPOSITORY, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['start:prod'];
  const [command, ...args] = script.split(/\s+/);
  if (command !== 'node') throw new Error(`start:prod should run node directly, not ${command}`);
  return args;
}

/** The server's process, started but not waited for: for tests of how it starts, or fails to. */
export function spawnServer(testApp: TestApp, port: number, env: NodeJS.ProcessEnv = {}, options: ServerProcessOptions = {}): ChildProcess {
  const baseUrl = `http://127.0.0.1:${port}`;
  const entry = options.built ? productionArguments() : ['-r', 'ts-node/register/transpile-only', path.join(REPOSITORY, 'src', 'main.ts')];
  return spawn(process.execPath, entry, {
    cwd: REPOSITORY,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      NODE_OPTIONS: '',
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: baseUrl,
      DATABASE_URL: testApp.config.database.url,
      DATABASE_MIGRATION_URL: testApp.databaseUrl,
      AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0',
      ...env,
    },
    stdio: ['ignore', options.pipeOutput ? 'pipe' : 'ignore', 'ignore'],
  });
}

/**
 * The server as an operator runs it (src/main.ts, its own process) on the database of an
 * in-process test app, with its own port and development identity provider.
 */
export async function startServerProcess(testApp: TestApp, env: NodeJS.ProcessEnv = {}, options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawnServer(testApp, port, env, { ...options, pipeOutput: true });
  const output: string[] = [];
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let attempt = 0; ; attempt += 1) {
    if ((await fetch(`${baseUrl}/health`).catch(() => null))?.status === 200) break;
    if (attempt > 240 || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error('The server process did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const signal = (name: NodeJS.Signals) => async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { baseUrl, pid: child.pid!, stop: signal('SIGTERM'), kill: signal('SIGKILL'), log: () => output.join('') };
}

export interface DatabaseProcess {
  url: string;
  /** Stops the database (a clean shutdown, as for a restart) and waits for it. */
  stop(): Promise<void>;
}

/** A PostgreSQL of the caller's own, in `dataDir`, on `port`: started again on the same folder it keeps its data. */
export async function startDatabaseProcess(dataDir: string, port: number): Promise<DatabaseProcess> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'database-process.ts'), dataDir, String(port)], {
    env: { ...process.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /^ready (\S+)$/m.exec(output);
      if (ready) resolve(ready[1]);
    });
    child.once('exit', (code) => reject(new Error(`The database process exited (${code}) before it was ready`)));
  });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
