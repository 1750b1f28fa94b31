import type { Logger } from '@nestjs/common';
import type { AppConfigService } from '../../../../libs/config/src';
import { createClockPlanner, type ClockPlanner } from '../../../../libs/db/src';
import type { TemporalClient } from '../../../../libs/temporal/src';
import { deadlineClocks } from '../../../../libs/temporal/src/dossier-workflows';

/**
 * The deadline clocks' planning side as the API holds it, for a projection it writes itself before
 * the workflow's first task (a dossier in INTAKE_MODE=start, a petition's receipt). The write is
 * complete without the wake-up: the workflow's first task repeats it and signals the clock again
 * if it still must (writeProgress, writePetition), so a failed signal is only logged.
 */
export function apiClockPlanner(temporal: TemporalClient, config: AppConfigService, logger: Logger): ClockPlanner {
  const clocks = deadlineClocks(temporal, config.values);
  return createClockPlanner({
    ...clocks,
    signal: (shard) => temporal.call(() => clocks.signal(shard)).catch((err: unknown) => logger.warn({ err }, 'could not wake the deadline clock; the first workflow task will')),
  });
}
