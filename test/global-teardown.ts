/** Stops what global-setup started; both projects call it, the second call finds nothing to do. */
export default async function globalTeardown(): Promise<void> {
  const stack = globalThis.__dossierFlowStack;
  globalThis.__dossierFlowStack = undefined;
  if (!stack) return;
  await Promise.all([stack.temporal?.stop(), stack.pg?.stop()]);
}
