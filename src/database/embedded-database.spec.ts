import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runningEmbeddedPort } from './embedded-database';

describe(runningEmbeddedPort.name, () => {
  let dataDir: string;
  beforeEach(() => (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chronicle-pg-'))));
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const writePidFile = (pid: number, port: string) =>
    fs.writeFileSync(path.join(dataDir, 'postmaster.pid'), `${pid}\n${dataDir}\n1764770000\n${port}\n/tmp\n127.0.0.1\n  1234  5678\nready   \n`);

  it('reads the port of the PostgreSQL running on the folder from its postmaster.pid', () => {
    writePidFile(process.pid, '54411');
    expect(runningEmbeddedPort(dataDir)).toBe(54411);
  });

  it('is null when nothing runs on the folder, or what ran there has died', () => {
    expect(runningEmbeddedPort(dataDir)).toBeNull();
    writePidFile(2 ** 22 + 1, '54411');
    expect(runningEmbeddedPort(dataDir)).toBeNull();
  });

  it('is null when the pid file names no port', () => {
    writePidFile(process.pid, '');
    expect(runningEmbeddedPort(dataDir)).toBeNull();
  });
});
