import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api';
import type { components } from '../../api.generated';
import { applyApiErrors } from '../../forms';
import { useI18n } from '../../i18n';
import { AdminNav } from './AdminNav';

type Department = components['schemas']['DepartmentView'];

/**
 * The agency's departments (admins): create, rename, deactivate and reactivate. The API decides
 * what is allowed — a taken code, a department still staffed or with open steps — and the page
 * shows its answer.
 */
export function DepartmentsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [rows, setRows] = useState<Department[]>();
  const [error, setError] = useState<string>();
  const [createForm] = Form.useForm<{ code: string; name: string }>();
  const [renameForm] = Form.useForm<{ name: string }>();
  const [createError, setCreateError] = useState<string>();
  const [renaming, setRenaming] = useState<Department>();
  const [renameError, setRenameError] = useState<string>();

  const load = useCallback(() => {
    api<Department[]>('/api/departments?includeInactive=true').then(
      (d) => {
        setRows(d);
        setError(undefined);
      },
      (err: Error) => setError(err.message),
    );
  }, []);
  useEffect(() => load(), [load]);

  const create = async (values: { code: string; name: string }) => {
    setCreateError(undefined);
    try {
      await api<Department>('/api/departments', { method: 'POST', body: values });
      createForm.resetFields();
      void message.success(t('adminSaved'));
      load();
    } catch (err) {
      setCreateError(applyApiErrors(createForm, err));
    }
  };

  const patch = async (code: string, body: { name?: string; active?: boolean }): Promise<boolean> => {
    try {
      await api<Department>(`/api/departments/${encodeURIComponent(code)}`, { method: 'PATCH', body });
      void message.success(t('adminSaved'));
      load();
      return true;
    } catch (err) {
      if (body.name !== undefined) setRenameError(applyApiErrors(renameForm, err));
      else setError((err as Error).message);
      return false;
    }
  };

  const openRename = (d: Department) => {
    setRenameError(undefined);
    setRenaming(d);
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <AdminNav />
      <Card>
        <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
          {t('adminDepartmentsTitle')}
        </Typography.Title>
        <Typography.Title level={2} style={{ fontSize: 16 }}>
          {t('adminDepartmentCreate')}
        </Typography.Title>
        {createError && <Alert type="error" showIcon role="alert" message={createError} style={{ marginBottom: 12 }} />}
        <Form form={createForm} name="departmentCreate" layout="inline" onFinish={create} initialValues={{ code: '', name: '' }} data-testid="department-create">
          <Form.Item label={t('adminDepartmentCode')} name="code" extra={t('adminDepartmentCodeHint')}>
            <Input style={{ width: 160 }} />
          </Form.Item>
          <Form.Item label={t('adminDepartmentName')} name="name">
            <Input style={{ width: 320 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit">
              {t('adminCreate')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      <Card>
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
            {t('adminDepartmentList')}
          </Typography.Title>
          <Button onClick={load}>{t('refresh')}</Button>
        </Space>
        {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginTop: 12 }} closable onClose={() => setError(undefined)} />}
        <Table<Department>
          style={{ marginTop: 12 }}
          data-testid="department-list"
          rowKey="code"
          loading={!rows && !error}
          dataSource={rows}
          pagination={false}
          locale={{ emptyText: t('adminNone') }}
          columns={[
            { title: t('adminDepartmentCode'), dataIndex: 'code', width: 160 },
            { title: t('adminDepartmentName'), dataIndex: 'name' },
            { title: t('status'), dataIndex: 'active', width: 140, render: (active: boolean) => <Tag color={active ? 'green' : 'default'}>{t(active ? 'adminActive' : 'adminInactive')}</Tag> },
            {
              title: t('adminActions'),
              key: 'actions',
              width: 260,
              render: (_: unknown, d: Department) => (
                <Space>
                  <Button size="small" onClick={() => openRename(d)} aria-label={`${t('adminRename')} ${d.code}`}>
                    {t('adminRename')}
                  </Button>
                  <Popconfirm
                    title={t(d.active ? 'adminDeactivateConfirm' : 'adminActivateConfirm')}
                    okText={t('adminConfirm')}
                    cancelText={t('cancel')}
                    onConfirm={() => patch(d.code, { active: !d.active })}
                  >
                    <Button size="small" danger={d.active} aria-label={`${t(d.active ? 'adminDeactivate' : 'adminActivate')} ${d.code}`}>
                      {t(d.active ? 'adminDeactivate' : 'adminActivate')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Modal
        open={!!renaming}
        title={renaming ? `${t('adminRename')} ${renaming.code}` : ''}
        okText={t('adminSave')}
        cancelText={t('cancel')}
        onCancel={() => setRenaming(undefined)}
        onOk={() => renameForm.submit()}
        destroyOnClose
      >
        {renameError && <Alert type="error" showIcon role="alert" message={renameError} style={{ marginBottom: 12 }} />}
        <Form key={renaming?.code} form={renameForm} name="departmentRename" layout="vertical" initialValues={{ name: renaming?.name }} onFinish={async ({ name }) => renaming && (await patch(renaming.code, { name })) && setRenaming(undefined)}>
          <Form.Item label={t('adminDepartmentName')} name="name">
            <Input />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
