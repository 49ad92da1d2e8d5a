import * as fs from 'node:fs';
import { DataSource } from 'typeorm';
import { AuditCheckpointsService } from '../audit/audit-checkpoints.service';
import { AuditService } from '../audit/audit.service';
import { AuditVerificationService } from '../audit/audit-verification.service';
import { ChainVerification, KeptCheckpoint } from '../audit/chain-verification';
import { loadAppConfig } from '../config/app-config';
import { connectLikeTheServer } from '../database/database-bootstrap';

const USAGE = `Usage:
  npm run audit -- verify [--from-seq N] [--checkpoint FILE | --checkpoint-seq N --checkpoint-hash HEX] [--json]
      Re-computes the audit hash chain and reports the first broken or missing link. With a checkpoint
      kept elsewhere (a line of AUDIT_CHECKPOINT_FILE, or of the server's log), also proves that nothing
      up to it was rewritten. Exits 0 when the trail is intact, 1 when it is not.
  npm run audit -- checkpoint
      Signs the current chain head now and prints the checkpoint line to keep.
Connects to DATABASE_URL, or to the embedded database of "npm start".`;

/** `npm run audit`: the operator's tools for the audit trail, straight against the database. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const options = parseOptions(rest);
  if ((command !== 'verify' && command !== 'checkpoint') || options === null) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadAppConfig({ ...process.env, AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0' });
  const database = await connectLikeTheServer(config);
  const dataSource = new DataSource({ type: 'postgres', url: database.url });
  await dataSource.initialize();
  try {
    const checkpoints = new AuditCheckpointsService(config, dataSource);
    if (command === 'checkpoint') {
      const checkpoint = (await checkpoints.checkpoint()) ?? (await checkpoints.list(1))[0];
      if (!checkpoint) throw new Error('The audit trail is empty; there is nothing to checkpoint');
      process.stdout.write(`${JSON.stringify({ type: 'chronicle-audit-checkpoint', ...checkpoint })}\n`);
      return 0;
    }
    const kept = options.checkpointFile ? lastCheckpointIn(options.checkpointFile) : options.kept;
    const result = await new AuditVerificationService(dataSource, checkpoints).verify({ fromSeq: options.fromSeq, kept });
    await new AuditService(dataSource).recordSystemEvent(dataSource.manager, {
      action: 'audit.verify',
      details: { via: 'cli', links: result.links, valid: result.valid, firstProblem: result.firstProblem && { kind: result.firstProblem.kind, seq: result.firstProblem.seq } },
    });
    process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : describe(result));
    return result.valid ? 0 : 1;
  } finally {
    await dataSource.destroy();
    await database.stop();
  }
}

interface Options {
  fromSeq?: number;
  kept?: KeptCheckpoint;
  checkpointFile?: string;
  json: boolean;
}

function parseOptions(args: string[]): Options | null {
  const options: Options = { json: false };
  let keptSeq: number | undefined;
  let keptHash: string | undefined;
  for (let index = 0; index < args.length; index += 1) {
    const [name, value] = [args[index], args[index + 1]];
    if (name === '--json') options.json = true;
    else if (name === '--from-seq' && /^\d+$/.test(value ?? '')) options.fromSeq = Number(args[++index]);
    else if (name === '--checkpoint' && value) options.checkpointFile = args[++index];
    else if (name === '--checkpoint-seq' && /^\d+$/.test(value ?? '')) keptSeq = Number(args[++index]);
    else if (name === '--checkpoint-hash' && /^[0-9a-fA-F]{64}$/.test(value ?? '')) keptHash = args[++index];
    else return null;
  }
  if ((keptSeq === undefined) !== (keptHash === undefined)) return null;
  if (keptSeq !== undefined && keptHash !== undefined) options.kept = { seq: keptSeq, hash: keptHash };
  return options;
}

/** The newest checkpoint line in a file of them (or in a log that contains them). */
function lastCheckpointIn(file: string): KeptCheckpoint {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (const line of lines.reverse()) {
    const start = line.indexOf('{"type":"chronicle-audit-checkpoint"');
    if (start >= 0) return JSON.parse(line.slice(start)) as KeptCheckpoint;
  }
  throw new Error(`${file} holds no audit checkpoint line`);
}

function describe(result: ChainVerification): string {
  const lines = [
    result.valid ? 'The audit trail is intact.' : 'THE AUDIT TRAIL HAS BEEN ALTERED.',
    `Links checked: ${result.links} (from ${result.fromSeq === 0 ? 'the start' : `after link ${result.fromSeq}`}); events compared: ${result.events}` +
      (result.archivedEvents > 0 ? `; ${result.archivedEvents} archived before ${result.archivedBefore}` : ''),
    `Chain head: ${result.head ? `link ${result.head.seq}, ${result.head.hash}` : 'none (empty)'}`,
    `Signed checkpoints in the database: ${result.checkpoints.stored} (${result.checkpoints.signaturesValid} with a valid signature)`,
  ];
  if (result.keptCheckpoint) lines.push(`Kept checkpoint at link ${result.keptCheckpoint.seq}: ${result.keptCheckpoint.matches ? 'matches' : 'DOES NOT MATCH'}`);
  for (const problem of result.problems) lines.push(`  - ${problem.kind}: ${problem.message}`);
  return `${lines.join('\n')}\n`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
