import { Alert, App, Checkbox, Form, Input, Modal, Select, Switch } from 'antd';
import type { ReactNode } from 'react';
import { api, type Role } from '../../api';
import type { components } from '../../api.generated';
import { useApiSubmit } from '../../forms';
import { useI18n } from '../../i18n';

/** The escalation chain's positions (the API's POSITIONS), in the order a desk reads them. */
export const POSITIONS = ['department_head', 'agency_leader'] as const;
export type Position = (typeof POSITIONS)[number];
export type UserAccount = components['schemas']['UserView'];
export type Department = components['schemas']['DepartmentView'];

// Every role the API knows, in the order a desk reads them (a role the API adds fails to compile here).
const ROLE_ORDER: Record<Role, number> = { reception: 0, reviewer: 1, approver: 2, supervisor: 3, admin: 4 };
const ROLES = (Object.keys(ROLE_ORDER) as Role[]).sort((a, b) => ROLE_ORDER[a] - ROLE_ORDER[b]);

/** A dialog holding one form: Save submits it; the API's message above it. */
function FormModal({ open, title, saving, error, onCancel, onOk, children }: { open: boolean; title: string; saving: boolean; error?: string; onCancel(): void; onOk(): void; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <Modal open={open} title={title} okText={t('adminSave')} cancelText={t('cancel')} confirmLoading={saving} onCancel={onCancel} onOk={onOk} destroyOnClose>
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 12 }} />}
      {children}
    </Modal>
  );
}

interface UserFields {
  username: string;
  fullName: string;
  password: string;
  departmentCode?: string;
  roles: Role[];
  agencyWide: boolean;
  email: string;
  position?: Position;
}

/** Creates an account (`user` = 'new') or changes one; the API's 400 lands on the field it names. */
export function UserFormModal({ user, departments, onClose }: { user: UserAccount | 'new' | undefined; departments: Department[]; onClose(saved: boolean): void }) {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserFields>();
  const { error, saving, run } = useApiSubmit(form);
  const isNew = user === 'new';
  const initial: UserFields =
    user && user !== 'new'
      ? {
          username: user.username, fullName: user.fullName, password: '', departmentCode: user.departmentCode, roles: user.roles, agencyWide: user.agencyWideFlag,
          email: user.email ?? '', position: user.position ?? undefined,
        }
      : { username: '', fullName: '', password: '', departmentCode: undefined, roles: [], agencyWide: false, email: '', position: undefined };

  const save = (v: UserFields) =>
    run(async () => {
      // A blank address or no position clears it (null); the API checks the address.
      const contact = { email: v.email.trim() || null, position: v.position ?? null };
      if (isNew) {
        await api<UserAccount>('/api/users', { method: 'POST', body: { username: v.username, fullName: v.fullName, password: v.password, departmentCode: v.departmentCode, roles: v.roles, agencyWide: v.agencyWide, ...contact } });
      } else if (user) {
        await api<UserAccount>(`/api/users/${encodeURIComponent(user.username)}`, {
          method: 'PATCH',
          body: { fullName: v.fullName, departmentCode: v.departmentCode ?? null, roles: v.roles, agencyWide: v.agencyWide, ...contact },
        });
      }
      void message.success(t('adminSaved'));
      onClose(true);
    });

  return (
    <FormModal
      open={!!user}
      title={isNew ? t('adminUserCreate') : `${t('adminEdit')} ${user ? (user as UserAccount).username : ''}`}
      saving={saving}
      error={error}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
    >
      <Form key={isNew ? 'new' : (user as UserAccount | undefined)?.username} form={form} name="user" layout="vertical" initialValues={initial} onFinish={save} data-testid="user-form">
        {isNew && (
          <Form.Item label={t('username')} name="username" extra={t('adminUsernameHint')}>
            <Input autoComplete="off" />
          </Form.Item>
        )}
        <Form.Item label={t('adminFullName')} name="fullName">
          <Input autoComplete="off" />
        </Form.Item>
        {isNew && (
          <Form.Item label={t('password')} name="password" extra={t('adminPasswordHint')}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item label={t('adminDepartment')} name="departmentCode" extra={t('adminDepartmentHint')}>
          <Select
            allowClear
            aria-label={t('adminDepartment')}
            options={departments.map((d) => ({ value: d.code, label: `${d.code} — ${d.name}${d.active ? '' : ` (${t('adminInactive')})`}` }))}
          />
        </Form.Item>
        <Form.Item label={t('adminRoles')} name="roles">
          <Checkbox.Group options={ROLES.map((r) => ({ value: r, label: tx(`adminRole_${r}`) }))} />
        </Form.Item>
        <Form.Item label={t('adminAgencyWide')} name="agencyWide" valuePropName="checked" extra={t('adminAgencyWideHint')}>
          <Switch />
        </Form.Item>
        <Form.Item label={t('adminEmail')} name="email" extra={t('adminEmailHint')}>
          <Input type="email" autoComplete="off" />
        </Form.Item>
        <Form.Item label={t('adminPosition')} name="position" extra={t('adminPositionHint')}>
          <Select allowClear aria-label={t('adminPosition')} options={POSITIONS.map((p) => ({ value: p, label: tx(`adminPosition_${p}`) }))} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

/** An admin sets a new password for an account; the API ends its sessions. */
export function PasswordResetModal({ user, onClose }: { user: UserAccount | undefined; onClose(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const { error, saving, run } = useApiSubmit(form);
  const save = ({ password }: { password: string }) =>
    run(async () => {
      if (!user) return;
      await api<void>(`/api/users/${encodeURIComponent(user.username)}/password`, { method: 'POST', body: { password } });
      void message.success(t('adminPasswordResetDone'));
      onClose();
    });
  return (
    <FormModal open={!!user} title={`${t('adminPasswordReset')} ${user?.username ?? ''}`} saving={saving} error={error} onCancel={onClose} onOk={() => form.submit()}>
      <Alert type="info" showIcon message={t('adminPasswordResetNote')} style={{ marginBottom: 12 }} />
      <Form key={user?.username} form={form} name="passwordReset" layout="vertical" initialValues={{ password: '' }} onFinish={save} data-testid="password-reset-form">
        <Form.Item label={t('adminNewPassword')} name="password" extra={t('adminPasswordHint')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
