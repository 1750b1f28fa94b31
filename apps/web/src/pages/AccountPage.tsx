import { Alert, App, Button, Card, Checkbox, Form, Input, Space, Switch, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api } from '../api';
import type { components } from '../api.generated';
import { useAuth } from '../auth';
import { useApiSubmit } from '../forms';
import { useI18n } from '../i18n';

type Preferences = components['schemas']['NotificationPreferencesView'];
type Choices = Preferences['channels'];
type Channel = Choices[keyof Choices][number];

// Every channel a person may choose (the API's USER_CHANNELS; one it adds fails to compile here), in reading order.
const CHANNEL_ORDER: Record<Channel, number> = { in_app: 0, email: 1, push: 2 };
const CHANNELS = (Object.keys(CHANNEL_ORDER) as Channel[]).sort((a, b) => CHANNEL_ORDER[a] - CHANNEL_ORDER[b]);

interface PreferenceFields {
  channels: Choices;
  quiet: boolean;
  quietHours: { from: string; to: string };
}

/**
 * A staff member's own account: which channels tell them of each alert kind and their quiet hours
 * (GET/PUT /api/me/notifications — the kinds are the ones the API answers), and their password
 * (POST /api/auth/password, which ends every session of the account: the page signs out).
 */
export function AccountPage() {
  const { t } = useI18n();
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
        {t('accountTitle')}
      </Typography.Title>
      <NotificationPreferences />
      <PasswordChange />
    </Space>
  );
}

function NotificationPreferences() {
  const { t, tx } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<PreferenceFields>();
  const [prefs, setPrefs] = useState<Preferences>();
  const { error, setError, saving, run } = useApiSubmit(form);
  const quiet = Form.useWatch('quiet', form);

  const show = useCallback(
    (p: Preferences) => {
      setPrefs(p);
      form.setFieldsValue({ channels: p.channels, quiet: !!p.quietHours, quietHours: p.quietHours ?? { from: '21:00', to: '07:00' } });
    },
    [form],
  );
  useEffect(() => {
    api<Preferences>('/api/me/notifications').then(show, (err: Error) => setError(err.message));
  }, [show, setError]);

  const save = (v: PreferenceFields) =>
    run(async () => {
      show(await api<Preferences>('/api/me/notifications', { method: 'PUT', body: { channels: v.channels, quietHours: v.quiet ? v.quietHours : null } }));
      void message.success(t('adminSaved'));
    });

  return (
    <Card title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('accountNotificationsTitle')}</Typography.Title>} loading={!prefs && !error}>
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary">{prefs?.email ? `${t('accountEmailTo')} ${prefs.email}` : t('accountNoEmail')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={save} data-testid="notification-preferences" disabled={!prefs}>
        {prefs &&
          (Object.keys(prefs.channels) as (keyof Choices)[]).map((kind) => (
            <Form.Item key={kind} label={tx(`kind_${kind}`)} name={['channels', kind]}>
              <ChannelChoice label={tx(`kind_${kind}`)} />
            </Form.Item>
          ))}
        <Form.Item label={t('accountQuietHours')} name="quiet" valuePropName="checked" extra={t('accountQuietHoursHint')}>
          <Switch />
        </Form.Item>
        {quiet && (
          <Space wrap>
            <Form.Item label={t('accountQuietFrom')} name={['quietHours', 'from']}>
              <Input type="time" style={{ width: 140 }} />
            </Form.Item>
            <Form.Item label={t('accountQuietTo')} name={['quietHours', 'to']}>
              <Input type="time" style={{ width: 140 }} />
            </Form.Item>
          </Space>
        )}
        <div>
          <Button type="primary" htmlType="submit" loading={saving}>
            {t('adminSave')}
          </Button>
        </div>
      </Form>
    </Card>
  );
}

/** One alert kind's channels: checkboxes read out as a group named by the kind. */
function ChannelChoice({ label, value, onChange }: { label: string; value?: Channel[]; onChange?(v: Channel[]): void }) {
  const { tx } = useI18n();
  return (
    <div role="group" aria-label={label}>
      <Checkbox.Group<Channel> value={value} onChange={onChange} options={CHANNELS.map((c) => ({ value: c, label: tx(`notificationChannel_${c}`) }))} />
    </div>
  );
}

function PasswordChange() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ currentPassword: string; newPassword: string }>();
  const { error, saving, run } = useApiSubmit(form);

  const save = (v: { currentPassword: string; newPassword: string }) =>
    run(async () => {
      await api<void>('/api/auth/password', { method: 'POST', body: v });
      // Every session of the account is over, this one too: sign in again with the new password.
      void message.success(t('accountPasswordChanged'));
      logout();
      navigate('/dang-nhap');
    });

  return (
    <Card title={<Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('accountPasswordTitle')}</Typography.Title>}>
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={save} data-testid="password-change" initialValues={{ currentPassword: '', newPassword: '' }} style={{ maxWidth: 420 }}>
        <Form.Item label={t('accountCurrentPassword')} name="currentPassword">
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item label={t('accountNewPassword')} name="newPassword" extra={t('accountNewPasswordHint')}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={saving}>
          {t('accountPasswordChange')}
        </Button>
      </Form>
    </Card>
  );
}
