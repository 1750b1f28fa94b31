import { DeterminismViolationError } from '@temporalio/workflow';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as workflows from '../../workflows';

const dir = join(__dirname, '../replay');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const read = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));
/** The workflow type a history is of, named by its first event (WorkflowExecutionStarted). */
const workflowTypeOf = (file: string): string | undefined => read(file).events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;

describe('recorded histories replay without determinism errors', () => {
  it('has recorded histories to guard', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  // A workflow type the workers run without a recorded history is a change nothing guards: record
  // one (RECORD_REPLAY=1, test/support/replay.ts) from the test that exercises it.
  it('has a recorded history of every workflow type the workers run (workflows/index.ts)', () => {
    const recorded = new Set(files.map(workflowTypeOf));
    const types = Object.entries(workflows).filter(([, v]) => typeof v === 'function').map(([name]) => name);
    expect(types.length).toBeGreaterThan(0);
    expect(types.filter((t) => !recorded.has(t))).toEqual([]);
  });

  it.each(files)('%s', async (file) => {
    const history = read(file);
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
    const history = read(file);
    await expect(Worker.runReplayHistory({ workflowBundle: bundle }, history, file)).rejects.toBeInstanceOf(DeterminismViolationError);
  }, 60_000);
});
