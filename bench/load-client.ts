import autocannon from 'autocannon';

/**
 * The load generator of the mixed-load benchmark, in a process of its own so it does not share the
 * server's event loop. Reads its plan from LOAD_PLAN (JSON) and prints autocannon's result as JSON.
 */
interface Plan {
  url: string;
  connections: number;
  duration: number;
  requests: { method: 'GET' | 'POST'; path: string; headers: Record<string, string>; body?: string }[];
}

const plan = JSON.parse(process.env.LOAD_PLAN ?? '') as Plan;
autocannon({ url: plan.url, connections: plan.connections, duration: plan.duration, requests: plan.requests }, (error, result) => {
  if (error) {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  }
  process.stdout.write(JSON.stringify(result));
});
