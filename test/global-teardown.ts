/** Stops what global-setup started; both projects call it, the second call finds nothing to do. */
export default async function globalTeardown(): Promise<void> {
  const stack = globalThis.__dossierFlowStack;
  globalThis.__dossierFlowStack = undefined;
  if (!stack) return;
  // Temporal first: a cluster keeps its store in that PostgreSQL.
  await stack.temporal?.stop();
  await stack.pg?.stop();
  await stack.mailpit?.stop();
}
