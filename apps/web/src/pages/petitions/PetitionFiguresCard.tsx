import { Descriptions } from 'antd';
import { useEffect, useState } from 'react';
import { api, type PetitionFigures } from '../../api';
import { useI18n } from '../../i18n';

/** Petition figures of the period beside the on-time rate (statistics page). */
export function PetitionFiguresCard({ from, to }: { from: string; to: string }) {
  const { t } = useI18n();
  const [f, setF] = useState<PetitionFigures>();
  useEffect(() => {
    api<PetitionFigures>(`/api/stats/petitions?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`).then(setF, () => setF(undefined));
  }, [from, to]);
  return (
    <Descriptions data-testid="petition-figures" bordered size="small" column={{ xs: 1, sm: 3, lg: 5 }}>
      <Descriptions.Item label={t('petitionFigReceived')}>{f?.received ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('petitionFigInScope')}>{f?.inScope ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('petitionFigOnTime')}>{f?.answeredOnTime ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('petitionFigLate')}>{f?.answeredLate ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('petitionFigPending')}>{f?.pending ?? '—'}</Descriptions.Item>
    </Descriptions>
  );
}
