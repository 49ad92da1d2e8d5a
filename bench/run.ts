import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startEmbeddedDatabase } from '../src/database/embedded-database';
import { childWithLongChronology } from '../test/support/long-chronology';
import { startTestApp } from '../test/support/test-app';
import { benchmarkAuditOverhead, benchmarkAuditQueries } from './audit.bench';
import { benchmarkChain } from './chain.bench';
import { analyseEntryTables, machineDescription } from './bench-support';
import { benchmarkChronology } from './chronology.bench';
import { benchmarkChronologyPage } from './chronology-page.bench';
import { benchmarkCurves } from './curves.bench';
import { benchmarkExport } from './export.bench';
import { benchmarkHistoryPages } from './history.bench';
import { benchmarkImport } from './import.bench';
import { benchmarkLimit } from './limit.bench';
import { benchmarkMixedLoad } from './load.bench';

const SECTIONS = ['chronology', 'chronology-page', 'audit-overhead', 'export', 'audit-queries', 'import', 'limit', 'chain', 'curves', 'history', 'load'] as const;
type Section = (typeof SECTIONS)[number];

/**
 * `npm run bench [-- section ...]`: builds its own data in a scratch database (on DATABASE_URL's
 * server, or an embedded PostgreSQL), measures, prints a table per section and writes
 * bench/results.json. Sections: chronology, chronology-page, audit-overhead, export, audit-queries,
 * import, limit, chain, curves, history, load (all by default, in that order; the load runs last, on a database the others have filled).
 * curves also draws its curves as SVG images in docs/images/performance/.
 */
async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((section) => !(SECTIONS as readonly string[]).includes(section));
  if (unknown.length > 0) throw new Error(`Unknown section(s) ${unknown.join(', ')}; known: ${SECTIONS.join(', ')}`);
  const sections = new Set<Section>(asked.length > 0 ? (asked as Section[]) : SECTIONS);
  if (sections.has('export') || sections.has('import') || sections.has('limit') || sections.has('curves') || sections.has('load')) {
    // Those run the compiled server in its own process, as production does.
    process.stdout.write('Building the server (npm run build)\n');
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: path.join(__dirname, '..'), stdio: 'inherit' });
  }

  const embedded = process.env.DATABASE_URL
    ? undefined
    : await startEmbeddedDatabase(path.resolve(__dirname, '..', '.data', 'bench-postgres'), Number(process.env.EMBEDDED_BENCH_PG_PORT ?? 54331), 'postgres');
  if (embedded) process.env.DATABASE_URL = embedded.url;
  // The per-user rate limit is off: the benchmarks drive a few users far harder than a person could.
  const testApp = await startTestApp({ env: { AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0', RATE_LIMIT_API_PER_SECOND: '0' } });
  const results: Record<string, unknown> = { machine: machineDescription(), startedAt: new Date().toISOString() };
  try {
    const long = sections.has('chronology') || sections.has('audit-overhead') || sections.has('export') || sections.has('chronology-page') ? await childWithLongChronology(testApp) : undefined;
    if (long) await analyseEntryTables(testApp);
    if (long && sections.has('chronology')) results.chronology = await benchmarkChronology(testApp, long.childId, long.seedMs);
    if (long && sections.has('audit-overhead')) results.auditOverhead = await benchmarkAuditOverhead(testApp, long.childId);
    if (long && sections.has('chronology-page')) results.chronologyPage = await benchmarkChronologyPage(testApp, long.childId);
    if (long && sections.has('export')) results.export = await benchmarkExport(testApp, long.childId);
    if (sections.has('audit-queries')) results.auditQueries = await benchmarkAuditQueries(testApp);
    if (sections.has('import')) results.import = await benchmarkImport(testApp);
    if (sections.has('limit')) results.limit = await benchmarkLimit(testApp);
    if (sections.has('chain')) results.chain = await benchmarkChain(testApp);
    if (sections.has('curves')) results.curves = await benchmarkCurves(testApp);
    if (sections.has('history')) results.history = await benchmarkHistoryPages(testApp);
    if (sections.has('load')) results.load = await benchmarkMixedLoad(testApp);
    const file = path.join(__dirname, 'results.json');
    fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`\nWrote bench/results.json\n`);
  } finally {
    await testApp.close();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
