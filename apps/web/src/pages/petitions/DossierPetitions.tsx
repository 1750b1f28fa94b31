import { Card, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { api, type Page, type PetitionSummary } from '../../api';
import { fmt } from '../../format';
import { useI18n } from '../../i18n';

/** The petitions a citizen sent about this dossier, on the dossier's page (none: nothing shown). */
export function DossierPetitions({ code }: { code: string }) {
  const { t, tx } = useI18n();
  const [items, setItems] = useState<PetitionSummary[]>([]);
  useEffect(() => {
    api<Page<PetitionSummary>>(`/api/petitions?dossierCode=${encodeURIComponent(code)}&pageSize=50`).then((p) => setItems(p.items), () => setItems([]));
  }, [code]);
  if (items.length === 0) return null;
  return (
    <Card title={t('petitionsAboutDossier')} data-testid="dossier-petitions" style={{ marginTop: 16 }}>
      <ul>
        {items.map((p) => (
          <li key={p.code}>
            {/* Underlined: a link inside a line of text is told apart by more than its colour (axe: link-in-text-block). */}
            <Link to={`/kien-nghi/${encodeURIComponent(p.code)}`} style={{ textDecoration: 'underline' }}>{p.code}</Link> — {p.subject} <Tag>{tx(`petitionStatus_${p.status}`)}</Tag> {fmt(p.receivedAt)}
          </li>
        ))}
      </ul>
    </Card>
  );
}
