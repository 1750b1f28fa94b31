import { Alert, App, Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../../api';
import { useI18n } from '../../i18n';
import { AdminNav } from './AdminNav';
import { PasswordResetModal, UserFormModal, type Department, type UserAccount } from './UsersForms';

/**
 * The agency's accounts (admins): who they are, their roles, department, reach, position and e-mail; create one,
 * change it, reset its password, deactivate or reactivate it. A deactivation or a new password
 * ends the account's sessions — the API does it; the page says so.
 */
export function UsersPage() {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const [users, setUsers] = useState<UserAccount[]>();
  const [departments, setDepartments] = useState<Department[]>([]);
  const [error, setError] = useState<string>();
  const [editing, setEditing] = useState<UserAccount | 'new'>();
  const [resetting, setResetting] = useState<UserAccount>();

  const load = useCallback(() => {
    Promise.all([api<UserAccount[]>('/api/users'), api<Department[]>('/api/departments?includeInactive=true')]).then(
      ([u, d]) => {
        setUsers(u);
        setDepartments(d);
        setError(undefined);
      },
      (err: Error) => setError(err.message),
    );
  }, []);
  useEffect(() => load(), [load]);
  const deptName = useMemo(() => new Map(departments.map((d) => [d.code, d.name])), [departments]);

  const setActive = async (u: UserAccount, active: boolean) => {
    try {
      await api<UserAccount>(`/api/users/${encodeURIComponent(u.username)}`, { method: 'PATCH', body: { active } });
      void message.success(t(active ? 'adminSaved' : 'adminUserDeactivated'));
      load();
    } catch (err) {
      setError((err as Error).message);
    }
  };

  return (
    <>
      <AdminNav />
      <Card>
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
            {t('adminUsersTitle')}
          </Typography.Title>
          <Space>
            <Button onClick={load}>{t('refresh')}</Button>
            <Button type="primary" onClick={() => setEditing('new')}>
              {t('adminUserCreate')}
            </Button>
          </Space>
        </Space>
        {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginTop: 12 }} closable onClose={() => setError(undefined)} />}
        <Table<UserAccount>
          style={{ marginTop: 12 }}
          data-testid="user-list"
          rowKey="username"
          loading={!users && !error}
          dataSource={users}
          pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          locale={{ emptyText: t('adminNone') }}
          scroll={{ x: 1340 }}
          columns={[
            { title: t('username'), dataIndex: 'username', width: 150 },
            { title: t('adminFullName'), dataIndex: 'fullName', width: 180 },
            { title: t('adminDepartment'), dataIndex: 'departmentCode', width: 200, render: (c?: string) => (c ? `${c} — ${deptName.get(c) ?? ''}` : '—') },
            { title: t('adminRoles'), dataIndex: 'roles', render: (roles: UserAccount['roles']) => roles.map((r) => <Tag key={r}>{tx(`adminRole_${r}`)}</Tag>) },
            { title: t('adminPosition'), dataIndex: 'position', width: 160, render: (p: UserAccount['position']) => (p ? tx(`adminPosition_${p}`) : '—') },
            { title: t('adminEmail'), dataIndex: 'email', width: 220, render: (e: UserAccount['email']) => e ?? '—' },
            { title: t('adminReach'), dataIndex: 'agencyWide', width: 130, render: (wide: boolean) => t(wide ? 'adminReachAgency' : 'adminReachDepartment') },
            { title: t('status'), dataIndex: 'active', width: 130, render: (active: boolean) => <Tag color={active ? 'green' : 'default'}>{t(active ? 'adminActive' : 'adminInactive')}</Tag> },
            {
              title: t('adminActions'),
              key: 'actions',
              width: 300,
              render: (_: unknown, u: UserAccount) => (
                <Space wrap>
                  <Button size="small" onClick={() => setEditing(u)} aria-label={`${t('adminEdit')} ${u.username}`}>
                    {t('adminEdit')}
                  </Button>
                  <Button size="small" onClick={() => setResetting(u)} aria-label={`${t('adminPasswordReset')} ${u.username}`}>
                    {t('adminPasswordReset')}
                  </Button>
                  <Popconfirm
                    title={t(u.active ? 'adminUserDeactivateConfirm' : 'adminActivateConfirm')}
                    okText={t('adminConfirm')}
                    cancelText={t('cancel')}
                    onConfirm={() => setActive(u, !u.active)}
                  >
                    <Button size="small" danger={u.active} aria-label={`${t(u.active ? 'adminDeactivate' : 'adminActivate')} ${u.username}`}>
                      {t(u.active ? 'adminDeactivate' : 'adminActivate')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
        <UserFormModal
          user={editing}
          departments={departments}
          onClose={(saved) => {
            setEditing(undefined);
            if (saved) load();
          }}
        />
        <PasswordResetModal user={resetting} onClose={() => setResetting(undefined)} />
      </Card>
    </>
  );
}
