import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(__dirname, '../replay');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('recorded histories replay without determinism errors', () => {
  it('has recorded histories to guard', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s', async (file) => {
    const history = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    await expect(
      Worker.runReplayHistory({ workflowBundle: { codePath: process.env.TEST_WORKFLOW_BUNDLE! } }, history, file),
    ).resolves.toBeUndefined();
  }, 60_000);
});

describe('the replay guard', () => {
  it('rejects an unpatched incompatible change with a determinism error', async () => {
    const quiet = () => undefined;
    const bundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./fixtures/broken-dossier.workflow'),
      logger: { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet, log: quiet },
    });
    const file = files.find((f) => f.includes('on-time'))!;
    const history = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    await expect(Worker.runReplayHistory({ workflowBundle: bundle }, history, file)).rejects.toBeInstanceOf(DeterminismViolationError);
  }, 60_000);
});
