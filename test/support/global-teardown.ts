export default async function globalTeardown(): Promise<void> {
  await (globalThis as { stopEmbeddedTestDatabase?: () => Promise<void> }).stopEmbeddedTestDatabase?.();
}
