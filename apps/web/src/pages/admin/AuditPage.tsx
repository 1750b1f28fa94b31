import { Alert, Button, Card, DatePicker, Form, Input, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api';
import type { components } from '../../api.generated';
import { agencyMidnight, fmtSeconds } from '../../format';
import { applyApiErrors } from '../../forms';
import { useI18n } from '../../i18n';
import { AdminNav } from './AdminNav';
import { messages } from '../../messages';
import { usePagedList } from '../../paged-list';

type AuditEntry = components['schemas']['AuditEntryView'];
type VerifyResult = components['schemas']['AuditVerifyResult'];

interface Filters {
  chain?: string;
  actor?: string;
  action?: string;
  period?: [Dayjs | null, Dayjs | null] | null;
  /** set by "show where it breaks": the chain from a few links before the broken one */
  seqFrom?: number;
}

/** The filters as the API's query: days picked are whole days of the agency's calendar, `to` exclusive. */
function toQuery(f: Filters) {
  const [from, to] = f.period ?? [];
  return {
    chain: f.chain,
    actor: f.actor,
    action: f.action,
    from: from && agencyMidnight(from).toISOString(),
    to: to && agencyMidnight(to).add(1, 'day').toISOString(),
    seqFrom: f.seqFrom,
  };
}

/**
 * The audit trail (admins): entries of the agency searched by dossier, actor, action and period;
 * the hash chains verified by the API, and the first broken link shown in its chain.
 */
export function AuditPage() {
  const { t, f, lang } = useI18n();
  // Entities and actions the catalog names are shown in the reader's language; one it does not know (a newer kind) as its code.
  const known = messages[lang] as Record<string, string | undefined>;
  const entityName = (e: string) => known[`adminEntity_${e}`] ?? e;
  /** An action's name; a petition's (`petition_<event>`) is its event's, as its page names it. */
  const actionName = (v: string): string | undefined => {
    const event = v.startsWith('petition_') ? known[`petitionEvent_${v.slice('petition_'.length)}`] : undefined;
    return known[`auditAction_${v}`] ?? (event && `${known.adminEntity_petition}: ${event}`);
  };
  const [form] = Form.useForm<Filters>();
  const list = usePagedList<AuditEntry, Filters>('/api/audit', { initial: {}, query: toQuery, onError: (err) => applyApiErrors(form, err) });
  const [verifying, setVerifying] = useState(false);
  const [verdict, setVerdict] = useState<VerifyResult>();
  const [verifyError, setVerifyError] = useState<string>();

  const verify = async () => {
    setVerifying(true);
    setVerifyError(undefined);
    try {
      const chain = list.filters.chain?.trim();
      setVerdict(await api<VerifyResult>(`/api/audit/verify${chain ? `?chain=${encodeURIComponent(chain)}` : ''}`));
    } catch (err) {
      setVerifyError((err as Error).message);
    } finally {
      setVerifying(false);
    }
  };

  /** Lists the broken chain from a few links before the broken one (a chain is listed in seq order). */
  const showBreak = (b: NonNullable<VerifyResult['firstBroken']>) => {
    form.resetFields();
    form.setFieldsValue({ chain: b.chain });
    list.search({ chain: b.chain, seqFrom: Math.max(1, b.seq - 3) });
  };
  const broken = verdict?.firstBroken;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <AdminNav />
      <Card>
        <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
          {t('adminAuditTitle')}
        </Typography.Title>
        <Form
          form={form}
          name="auditFilters"
          layout="inline"
          data-testid="audit-filters"
          initialValues={{ chain: '', actor: '', action: '', period: null }}
          onFinish={list.search}
          style={{ rowGap: 8 }}
        >
          <Form.Item label={t('adminAuditChain')} name="chain">
            <Input style={{ width: 220 }} placeholder={t('adminAuditChainHint')} />
          </Form.Item>
          <Form.Item label={t('adminAuditActor')} name="actor">
            <Input style={{ width: 150 }} />
          </Form.Item>
          <Form.Item label={t('adminAuditAction')} name="action">
            <Input style={{ width: 180 }} />
          </Form.Item>
          <Form.Item label={t('adminAuditPeriod')} name="period">
            <DatePicker.RangePicker format="DD/MM/YYYY" allowEmpty={[true, true]} placeholder={[t('adminAuditFrom'), t('adminAuditTo')]} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('adminSearch')}
            </Button>
            <Button onClick={() => void verify()} loading={verifying} data-testid="audit-verify">
              {t('adminAuditVerify')}
            </Button>
          </Space>
        </Form>
        {verifyError && <Alert type="error" showIcon role="alert" message={verifyError} style={{ marginTop: 12 }} />}
        {verdict && (
          <div role="status" data-testid="audit-verdict" data-ok={verdict.ok} style={{ marginTop: 12 }}>
            {verdict.ok ? (
              <Alert type="success" showIcon message={f('adminAuditIntact', { checked: verdict.checked, chains: verdict.chains })} />
            ) : (
              <Alert
                type="error"
                showIcon
                message={broken ? f('adminAuditBroken', { chain: broken.chain, seq: broken.seq }) : t('adminAuditBrokenUnknown')}
                description={broken?.reason}
                action={
                  broken && (
                    <Button size="small" onClick={() => showBreak(broken)}>
                      {t('adminAuditShowBreak')}
                    </Button>
                  )
                }
              />
            )}
          </div>
        )}
      </Card>
      <Card>
        {list.error && <Alert type="error" showIcon role="alert" message={list.error} style={{ marginBottom: 12 }} />}
        <Table<AuditEntry>
          data-testid="audit-list"
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items}
          locale={{ emptyText: t('adminNone') }}
          pagination={list.pagination}
          rowClassName={(e) => (broken && e.chain === broken.chain && e.seq === broken.seq ? 'audit-broken' : '')}
          scroll={{ x: 960 }}
          expandable={{
            rowExpandable: (e) => e.before != null || e.after != null,
            // A named button (antd's own icon has no text for screen readers).
            expandIcon: ({ expanded, expandable, onExpand, record }) =>
              expandable ? (
                <Button size="small" type="link" aria-expanded={expanded} onClick={(ev) => onExpand(record, ev)}>
                  {t(expanded ? 'adminAuditHideDetails' : 'adminAuditDetails')}
                </Button>
              ) : null,
            expandedRowRender: (e) => (
              <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
                {(['before', 'after'] as const).map((k) => (
                  <div key={k} style={{ flex: 1, minWidth: 280 }}>
                    <Typography.Text strong>{t(k === 'before' ? 'adminAuditBefore' : 'adminAuditAfter')}</Typography.Text>
                    <pre className="audit-json">{e[k] == null ? '—' : JSON.stringify(e[k], null, 2)}</pre>
                  </div>
                ))}
              </div>
            ),
          }}
          columns={[
            { title: t('adminAuditAt'), dataIndex: 'at', width: 170, render: fmtSeconds },
            { title: t('adminAuditChain'), dataIndex: 'chain', width: 220 },
            { title: t('adminAuditSeq'), dataIndex: 'seq', width: 80 },
            { title: t('adminAuditActor'), dataIndex: 'actor', width: 140, render: (v: string | null) => v ?? '—' },
            { title: t('adminAuditAction'), dataIndex: 'action', width: 200, render: (v: string) => <span data-action={v}>{actionName(v) ?? <code>{v}</code>}</span> },
            { title: t('adminAuditEntity'), key: 'entity', render: (_: unknown, e: AuditEntry) => (e.entity ? `${entityName(e.entity)} ${e.entityId ?? ''}` : '—') },
            { title: t('adminAuditHash'), dataIndex: 'hash', width: 120, render: (h: string) => <code title={h}>{h.slice(0, 10)}…</code> },
          ]}
        />
      </Card>
    </Space>
  );
}
