import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import type { TaskView } from '../api';
import { useAuth } from '../auth';
import { fmt } from '../format';
import { amountText } from '../deadline-text';
import { useI18n, type MsgKey } from '../i18n';
import { usePagedList } from '../paged-list';

/**
 * The API's `remainingMs` (working time, or plain time for elapsed plans) as hours and minutes. No
 * conversion to working days here: how long a working day is belongs to the agency's calendar, which
 * the API applies, not a constant of this app.
 */
export function remainingText(ms: number, f: (key: MsgKey, vars: Record<string, string | number>) => string): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  // Hours and minutes, or minutes and seconds under an hour.
  const text = amountText(s >= 3600 ? s - (s % 60) : s, f, 2);
  return ms < 0 ? f('timeOver', { time: text }) : text;
}

export function stateOf(t: { overdue: boolean; atRisk: boolean }): 'overdue' | 'atRisk' | 'within' {
  return t.overdue ? 'overdue' : t.atRisk ? 'atRisk' : 'within';
}

export const STATE_COLOR = { overdue: 'red', atRisk: 'orange', within: 'green' } as const;
/** The time left, as text on white: antd's red and orange shades that keep 4.5:1 (CSS 'red' and 'orange' do not). */
const REMAINING_COLOR = { overdue: '#cf1322', atRisk: '#ad4e00', within: undefined } as const;

export function StateTag({ state }: { state: 'overdue' | 'atRisk' | 'within' }) {
  const { t } = useI18n();
  return (
    <Tag color={STATE_COLOR[state]} data-state={state}>
      {t(state as MsgKey)}
    </Tag>
  );
}

const PAGE_SIZE = 50;

export function InboxPage() {
  const { t, f, lang } = useI18n();
  const { session } = useAuth();
  // Steps done meanwhile can leave this page past the end: the list goes to the last page that has some.
  const list = usePagedList<TaskView, object>('/api/tasks', { initial: {}, pageSize: PAGE_SIZE });
  const { data, reload } = list;
  // Remaining time and colours move with the clock: refresh every 15 s while the page is open.
  useEffect(() => {
    const timer = setInterval(reload, 15_000);
    return () => clearInterval(timer);
  }, [reload]);
  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {t('inboxTitle')}
        </Typography.Title>
        <Space wrap>
          {/* A department head's way to move an absent officer's open steps (the route is theirs alone). */}
          {session?.user.roles.includes('approver') && (
            <Link to="/hop-thu/chuyen-viec" data-testid="bulk-reassign-link">
              {t('bulkReassignTitle')}
            </Link>
          )}
          <Button onClick={reload}>{t('refresh')}</Button>
        </Space>
      </Space>
      {list.error && <Alert type="error" showIcon role="alert" message={list.error} style={{ margin: '12px 0' }} />}
      <Table<TaskView>
        style={{ marginTop: 12 }}
        data-testid="inbox"
        rowKey="id"
        loading={list.loading}
        dataSource={data?.items}
        pagination={{
          ...list.pagination,
          hideOnSinglePage: false,
          // A large desk is counted only so far (INBOX_COUNT_LIMIT): "1.000+" means more than that.
          showTotal: (n) => `${t('inboxTotal')}: ${n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-US')}${data?.totalCapped ? '+' : ''}`,
        }}
        locale={{ emptyText: t('empty') }}
        rowClassName={(r) => `state-${stateOf(r)}`}
        scroll={{ x: 900 }}
        columns={[
          { title: t('code'), dataIndex: 'dossierCode', render: (c: string) => <Link to={`/ho-so/${encodeURIComponent(c)}`}>{c}</Link> },
          { title: t('step'), dataIndex: 'stepName' },
          { title: t('applicant'), dataIndex: 'applicantName' },
          { title: t('procedure'), dataIndex: 'procedureCode' },
          { title: t('stepDue'), dataIndex: 'dueAt', render: fmt },
          { title: t('remaining'), dataIndex: 'remainingMs', render: (ms: number, r) => <span style={{ color: REMAINING_COLOR[stateOf(r)] }}>{remainingText(ms, f)}</span> },
          { title: t('state'), key: 'state', render: (_: unknown, r) => <StateTag state={stateOf(r)} /> },
        ]}
      />
    </Card>
  );
}
