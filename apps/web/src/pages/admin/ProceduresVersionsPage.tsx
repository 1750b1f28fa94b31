import { Alert, Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api } from '../../api';
import { fmt } from '../../format';
import { useI18n, type MsgKey } from '../../i18n';
import { durationLabel, type ProcedureVersion } from './ProceduresShared';

interface Row {
  key: string;
  label: string;
  left: string;
  right: string;
}

/** A procedure's versions, two of them side by side with the rows that changed marked. */
export function ProceduresVersionsPage() {
  const { t, f } = useI18n();
  const { code = '' } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [versions, setVersions] = useState<ProcedureVersion[]>();
  const [error, setError] = useState<string>();
  const [pair, setPair] = useState<[number, number]>();

  useEffect(() => {
    api<ProcedureVersion[]>(`/api/procedures/${encodeURIComponent(code)}/versions`).then(
      (vs) => {
        setVersions(vs);
        const right = Number(params.get('v')) || vs[0].version;
        const left = vs.find((v) => v.version < right)?.version ?? right;
        setPair([left, right]);
      },
      (err: Error) => setError(err.message),
    );
  }, [code, params]);

  const text = useMemo(() => {
    const step = (s: ProcedureVersion['steps'][number]) =>
      [`${s.key} — ${s.name}`, t(`stepRole_${s.role}`), s.departmentCode ?? '—', durationLabel(s.duration, t), `${t('atRiskRatio')} ${s.atRiskRatio ?? 0.75}`].join(' · ');
    return (p: ProcedureVersion | undefined, field: string): string => {
      if (!p) return '—';
      const i = /^step:(\d+)$/.exec(field);
      if (i) return p.steps[Number(i[1])] ? step(p.steps[Number(i[1])]) : '—';
      switch (field) {
        case 'legalTime': return durationLabel(p.legalTime, t);
        case 'clockStart': return t(`clockStart_${p.clockStart}`);
        case 'supplementPolicy': return t(`supplementPolicy_${p.supplementPolicy}`);
        case 'maxSupplementRequests': return String(p.maxSupplementRequests ?? 1);
        case 'documents': return p.documents.map((d) => `${d.name}${d.copies ? ` × ${d.copies}` : ''}${d.original ? ` (${t('original')})` : ''}`).join('\n') || '—';
        case 'createdAt': return fmt(p.createdAt);
        default: return String((p as unknown as Record<string, unknown>)[field] ?? '') || '—';
      }
    };
  }, [t]);

  if (error) return <Card><Alert type="error" showIcon role="alert" message={error} /></Card>;
  const left = versions?.find((v) => v.version === pair?.[0]);
  const right = versions?.find((v) => v.version === pair?.[1]);
  const fields: [string, MsgKey][] = [
    ['createdAt', 'versionCreatedAt'], ['name', 'procedureName'], ['agencyCode', 'agencyCode'], ['field', 'procedureField'], ['legalTime', 'processingTime'],
    ['clockStart', 'clockStart'], ['documents', 'documentsToBring'], ['fees', 'fees'], ['legalBasis', 'legalBasis'], ['supplementPolicy', 'supplementPolicy'],
    ['supplementWindowDays', 'supplementWindowDays'], ['maxSupplementRequests', 'maxSupplementRequests'], ['supplementRequestsBasis', 'supplementRequestsBasis'],
  ];
  const stepCount = Math.max(left?.steps.length ?? 0, right?.steps.length ?? 0);
  const rows: Row[] = [
    ...fields.map(([key, label]) => ({ key, label: t(label), left: text(left, key), right: text(right, key) })),
    ...Array.from({ length: stepCount }, (_, i) => ({ key: `step:${i}`, label: f('stepNumber', { n: i + 1 }), left: text(left, `step:${i}`), right: text(right, `step:${i}`) })),
  ];
  const options = (versions ?? []).map((v) => ({ value: v.version, label: f('versionN', { n: v.version }) }));
  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {right ? `${code} — ${right.name}` : code}
        </Typography.Title>
        <Button type="primary" onClick={() => navigate(`/quan-tri/thu-tuc/${encodeURIComponent(code)}/phien-ban-moi`)} data-testid="new-version">
          {t('newVersion')}
        </Button>
      </Space>
      <Space style={{ margin: '12px 0' }} wrap>
        <label htmlFor="version-left">{t('compareVersion')}</label>
        <Select id="version-left" value={pair?.[0]} options={options} onChange={(v) => setPair([v, pair?.[1] ?? v])} style={{ width: 140 }} />
        <label htmlFor="version-right">{t('withVersion')}</label>
        <Select id="version-right" value={pair?.[1]} options={options} onChange={(v) => setPair([pair?.[0] ?? v, v])} style={{ width: 140 }} />
      </Space>
      <Table<Row>
        data-testid="version-diff"
        size="small"
        rowKey="key"
        loading={!versions}
        pagination={false}
        dataSource={rows}
        rowClassName={(r) => (r.key !== 'createdAt' && r.left !== r.right ? 'diff-changed' : '')}
        columns={[
          { title: t('versionField'), dataIndex: 'label', width: 180 },
          { title: left ? f('versionN', { n: left.version }) : '—', dataIndex: 'left', render: (v: string) => <span className="pre-line">{v}</span> },
          { title: right ? f('versionN', { n: right.version }) : '—', dataIndex: 'right', render: (v: string) => <span className="pre-line">{v}</span> },
          {
            title: t('versionChange'),
            key: 'changed',
            width: 120,
            render: (_: unknown, r) => (r.key !== 'createdAt' && r.left !== r.right ? <Tag color="gold" data-testid="changed">{t('changed')}</Tag> : null),
          },
        ]}
      />
    </Card>
  );
}
