import { INestApplication, Module, OnModuleInit } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ClockModule } from '../../src/common/clock';
import { loadAppConfig } from '../../src/config/app-config';
import { ConfigModule } from '../../src/config/config.module';
import { DatabaseModule } from '../../src/database/database.module';
import { ensureRuntimeLogin, urlForLogin } from '../../src/database/database-roles';
import { pendingMigrations, runMigrations } from '../../src/database/migrate';
import { HealthModule } from '../../src/health/health.module';
import { JobQueue } from '../../src/jobs/job-queue';
import { JobRegistry } from '../../src/jobs/job-registry';
import { JobsModule } from '../../src/jobs/jobs.module';
import { createScratchDatabase, dropScratchDatabase, TEST_RUNTIME_LOGIN } from '../support/test-app';

/** What the test tasks did, across every instance in this process. */
const ran: { instance: string; n: number; attempt: number }[] = [];
let instanceCounter = 0;

@Module({})
class TestTasksModule implements OnModuleInit {
  private readonly instance = `instance-${(instanceCounter += 1)}`;
  constructor(private readonly registry: JobRegistry) {}

  onModuleInit(): void {
    this.registry.register('test:record', async (payload, context) => {
      // Long enough that a second instance would take the same job, were it able to.
      await new Promise((resolve) => setTimeout(resolve, 20));
      ran.push({ instance: this.instance, n: (payload as { n: number }).n, attempt: context.attempt });
    });
    this.registry.register('test:always-fail', async () => {
      throw new Error('the mail server said no');
    });
  }
}

async function startInstance(runtimeUrl: string): Promise<INestApplication> {
  const config = loadAppConfig({ NODE_ENV: 'test', DATABASE_URL: runtimeUrl, JOB_POLL_INTERVAL_MS: '200', JOB_CONCURRENCY: '3' });
  @Module({ imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(runtimeUrl), ClockModule, JobsModule, HealthModule, TestTasksModule] })
  class InstanceModule {}
  const app = await NestFactory.create(InstanceModule, { logger: ['error'] });
  await app.init();
  return app;
}

async function waitFor(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the job queue (graphile-worker)', () => {
  let ownerUrl: string;
  let runtimeUrl: string;
  let first: INestApplication;
  let second: INestApplication;
  const owner = () => first.get<DataSource>(getDataSourceToken());

  beforeAll(async () => {
    ownerUrl = await createScratchDatabase();
    await runMigrations(ownerUrl);
    await ensureRuntimeLogin(process.env.DATABASE_URL!, TEST_RUNTIME_LOGIN.login, TEST_RUNTIME_LOGIN.password);
    runtimeUrl = urlForLogin(ownerUrl, TEST_RUNTIME_LOGIN.login, TEST_RUNTIME_LOGIN.password);
    first = await startInstance(runtimeUrl);
    second = await startInstance(runtimeUrl);
  }, 60_000);

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await dropScratchDatabase(ownerUrl);
  });

  it('is installed by the owner\'s migrations, so the server\'s own role sees nothing pending', async () => {
    await expect(pendingMigrations(runtimeUrl)).resolves.toEqual([]);
    const fresh = await createScratchDatabase();
    try {
      await expect(pendingMigrations(fresh)).resolves.toContain('the job queue schema (graphile-worker)');
    } finally {
      await dropScratchDatabase(fresh);
    }
  });

  it('runs a job added on a transaction that commits, and never one whose transaction rolled back', async () => {
    const queue = first.get(JobQueue);
    await owner()
      .transaction(async (manager) => {
        await queue.enqueue(manager, 'test:record', { n: -1 });
        throw new Error('the entry could not be written');
      })
      .catch(() => undefined);
    await owner().transaction((manager) => queue.enqueue(manager, 'test:record', { n: 0 }));
    await waitFor(() => ran.some((run) => run.n === 0), 'the committed job');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(ran.filter((run) => run.n === -1)).toEqual([]);
  });

  it('refuses a task nobody registered, so a misspelt name fails where it is written', async () => {
    await expect(owner().transaction((manager) => first.get(JobQueue).enqueue(manager, 'test:recrod', {}))).rejects.toThrow('No job task "test:recrod"');
  });

  it('runs each job once, with two instances taking jobs from the same queue', async () => {
    const numbers = Array.from({ length: 30 }, (_, index) => index + 1);
    await owner().transaction(async (manager) => {
      for (const n of numbers) await first.get(JobQueue).enqueue(manager, 'test:record', { n });
    });
    await waitFor(() => numbers.every((n) => ran.some((run) => run.n === n)), 'every job');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const counts = numbers.map((n) => ran.filter((run) => run.n === n).length);
    expect(counts).toEqual(numbers.map(() => 1));
    expect(new Set(ran.filter((run) => run.n > 0).map((run) => run.instance)).size).toBe(2);
  });

  it('retries a failing job with backoff and shows /health degraded (200), not down', async () => {
    const before = await request(first.getHttpServer()).get('/health').expect(200);
    expect(before.body).toMatchObject({ status: 'ok', jobs: 'ok' });

    const id = await owner().transaction((manager) => first.get(JobQueue).enqueue(manager, 'test:always-fail', {}, { maxAttempts: 5 }));
    const job = async () => (await owner().query<{ attempts: number; run_at: Date; last_error: string | null }[]>(`SELECT attempts, run_at, last_error FROM graphile_worker._private_jobs WHERE id = $1`, [id]))[0];
    await waitFor(async () => (await job()).last_error !== null, 'the first try');
    const afterFirst = await job();
    expect(afterFirst.last_error).toContain('the mail server said no');
    // Backoff: the next try is put off, not made at once.
    expect(afterFirst.run_at.getTime()).toBeGreaterThan(Date.now());
    expect((await request(first.getHttpServer()).get('/health').expect(200)).body.jobs).toBe('ok');

    // The test does not wait out the backoff: it brings the retry forward, as the owner.
    await owner().query(`UPDATE graphile_worker._private_jobs SET run_at = now() WHERE id = $1`, [id]);
    await waitFor(async () => (await job()).attempts >= 2 && (await job()).run_at.getTime() > Date.now(), 'the second try to fail');
    const during = await request(second.getHttpServer()).get('/health').expect(200);
    expect(during.body).toEqual({ status: 'degraded', live: true, database: 'up', jobs: 'failing' });

    await owner().query(`DELETE FROM graphile_worker._private_jobs WHERE id = $1`, [id]);
    expect((await request(first.getHttpServer()).get('/health').expect(200)).body).toMatchObject({ status: 'ok', jobs: 'ok' });
  }, 30_000);
});
