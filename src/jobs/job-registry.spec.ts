import { JobRegistry } from './job-registry';

describe(JobRegistry.name, () => {
  const noop = async () => undefined;

  it('hands graphile-worker each registered task, and a crontab entry per recurring job', () => {
    const registry = new JobRegistry();
    registry.register('retention:sweep-expired', noop);
    registry.registerRecurring({ task: 'retention:sweep-expired', schedule: '0 3 * * *', backfillSeconds: 3600 });
    const { taskList, cronItems } = registry.seal();
    expect(Object.keys(taskList)).toEqual(['retention:sweep-expired']);
    expect(cronItems).toHaveLength(1);
    expect(cronItems[0]).toMatchObject({ task: 'retention:sweep-expired', identifier: 'retention:sweep-expired 0 3 * * *', options: { backfillPeriod: 3_600_000 } });
  });

  it('passes the payload and which try this is to the handler', async () => {
    const registry = new JobRegistry();
    const seen: unknown[] = [];
    registry.register('notifications:send-email', async (payload, context) => void seen.push(payload, context));
    const { taskList } = registry.seal();
    const job = { id: '7', attempts: 2, max_attempts: 25 };
    await (taskList['notifications:send-email'] as (payload: unknown, helpers: unknown) => Promise<void>)({ notificationId: 'n' }, { job });
    expect(seen).toEqual([{ notificationId: 'n' }, { jobId: '7', attempt: 2, maxAttempts: 25 }]);
  });

  it.each([
    ['a name not of the form domain:verb-noun', (registry: JobRegistry) => registry.register('SendEmail', noop), 'domain:verb-noun'],
    ['a task registered twice', (registry: JobRegistry) => { registry.register('a:b', noop); registry.register('a:b', noop); }, 'registered twice'],
  ])('refuses %s', (_, act, message) => {
    expect(() => act(new JobRegistry())).toThrow(message);
  });

  it('refuses a recurring job for a task nobody registered, and any registration once the queue has started', () => {
    const registry = new JobRegistry();
    registry.registerRecurring({ task: 'retention:sweep', schedule: '0 3 * * *' });
    expect(() => registry.seal()).toThrow('Recurring jobs name tasks nobody registered: retention:sweep');
    expect(() => registry.register('late:task', noop)).toThrow('register tasks in onModuleInit');
  });
});
