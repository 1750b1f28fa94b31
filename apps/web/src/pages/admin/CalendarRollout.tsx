import { Alert, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { api, ApiError } from '../../api';
import type { components } from '../../api.generated';
import { useI18n } from '../../i18n';

type Schemas = components['schemas'];
export type CalendarChange = Schemas['CalendarChangeResponse'];
type Progress = Schemas['RolloutProgress'];

/** A saved calendar change's rollout, read from the API until it has re-planned the open dossiers. */
export function CalendarRollout({ change, onDone }: { change: CalendarChange; onDone?: () => void }) {
  const { t, f } = useI18n();
  const [progress, setProgress] = useState<Progress>();
  const [error, setError] = useState<string>();
  // The caller's refresh, a new function each render: read when the rollout ends, not a reason to restart reading.
  const done = useRef(onDone);
  done.current = onDone;
  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      try {
        const p = await api<Progress>(`/api/calendar/rollouts/${change.version}`);
        if (stop) return;
        setProgress(p);
        if (p.state === 'completed' || p.state === 'failed') {
          done.current?.();
          return;
        }
      } catch (err) {
        if (stop) return;
        setError(err instanceof ApiError ? err.message : String(err));
      }
      timer = setTimeout(() => void read(), 1000);
    };
    void read();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [change.version]);
  const state = progress?.state ?? (change.rollout === 'pending' ? 'pending' : 'running');
  const type = state === 'completed' ? 'success' : state === 'failed' ? 'error' : 'info';
  const message =
    state === 'completed'
      ? progress?.replanned === undefined
        ? t('rolloutCompleted')
        : progress.replannedPetitions === undefined
          ? f('rolloutReplanned', { n: progress.replanned })
          : f('rolloutReplannedWithPetitions', { n: progress.replanned, p: progress.replannedPetitions })
      : t(`rollout_${state}`);
  return (
    <div aria-live="polite" data-testid="rollout-state" data-state={state} style={{ marginTop: 12 }}>
      <Alert
        type={type}
        showIcon
        message={
          <>
            {(state === 'running' || state === 'pending') && <Spin size="small" aria-hidden style={{ marginRight: 8 }} />}
            {f('rolloutOf', { version: change.version })}: {message}
            {progress && ` · ${f('rolloutOpenDossiers', { n: progress.openDossiers })}`}
          </>
        }
        description={error}
      />
    </div>
  );
}
