import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ConfigFileSource {
  /** Relative to the configuration folder. */
  file: string;
  /** Of exactly the bytes that were parsed. */
  sha256: string;
}

/**
 * Reads the JSON files of config/ and remembers which were loaded and their digests, so the audit
 * trail can show which policy was in force when (docs/audit.md).
 */
@Injectable()
export class ConfigFiles {
  private readonly sources: ConfigFileSource[] = [];

  /** The parsed file; a file that cannot be read as JSON becomes the loader's own error, naming the file. */
  readJson(directory: string, name: string, toError: (file: string, problems: string[]) => Error): unknown {
    const file = path.join(directory, name);
    let bytes: Buffer;
    let raw: unknown;
    try {
      bytes = fs.readFileSync(file);
      raw = JSON.parse(bytes.toString('utf8'));
    } catch (error) {
      throw toError(file, [`cannot be read as JSON: ${(error as Error).message}`]);
    }
    this.sources.push({ file: name, sha256: createHash('sha256').update(bytes).digest('hex') });
    return raw;
  }

  loaded(): ConfigFileSource[] {
    return [...this.sources];
  }
}
