export default async function globalTeardown(): Promise<void> {
  // Each project that needs the database names this teardown; the first to run stops it.
  const holder = globalThis as { stopEmbeddedTestDatabase?: () => Promise<void> };
  const stop = holder.stopEmbeddedTestDatabase;
  holder.stopEmbeddedTestDatabase = undefined;
  await stop?.();
}
