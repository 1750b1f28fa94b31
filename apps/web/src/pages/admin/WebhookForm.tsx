import { Alert, App, Button, Checkbox, Form, Input, Modal, Space } from 'antd';
import { api } from '../../api';
import type { components } from '../../api.generated';
import { useApiSubmit } from '../../forms';
import { useI18n } from '../../i18n';

export type Webhook = components['schemas']['WebhookView'];
export type WebhookEvent = Webhook['events'][number];
type WebhookFields = components['schemas']['CreateWebhookDto'];

// Every event the API offers (its WEBHOOK_EVENTS), in its order: an event the API adds fails to
// compile here until it has a place, and `webhookEvent_<event>` a message in both languages.
const EVENT_ORDER: Record<WebhookEvent, number> = {
  'dossier.registered': 0, 'dossier.received': 1, 'dossier.step_completed': 2, 'dossier.sent_back': 3, 'dossier.supplement_requested': 4,
  'dossier.supplement_received': 5, 'dossier.rescheduled': 6, 'dossier.refused': 7, 'dossier.withdrawn': 8, 'dossier.result_returned': 9,
  'dossier.claimed': 10, 'dossier.assigned': 11, 'dossier.reassigned': 12, 'dossier.replanned': 13,
  'alert.step_at_risk': 14, 'alert.step_overdue': 15, 'alert.dossier_at_risk': 16, 'alert.dossier_overdue': 17,
};
const EVENTS = (Object.keys(EVENT_ORDER) as WebhookEvent[]).sort((a, b) => EVENT_ORDER[a] - EVENT_ORDER[b]);

/** A secret a person need not invent: 32 random bytes in hex (the API checks its length). */
function randomSecret(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Subscribes a receiver: its URL, the events it gets and the secret that signs each delivery. The
 * API's 400 lands on the field it names (url, events, secret); the secret is shown only here, since
 * the API never returns it.
 */
export function WebhookFormModal({ open, onClose }: { open: boolean; onClose(saved: boolean): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<WebhookFields>();
  const { error, saving, run } = useApiSubmit(form);

  const save = (body: WebhookFields) =>
    run(async () => {
      await api<Webhook>('/api/webhooks', { method: 'POST', body });
      void message.success(t('webhookCreated'));
      onClose(true);
    });

  return (
    <Modal
      open={open}
      title={t('webhookCreate')}
      okText={t('adminSave')}
      cancelText={t('cancel')}
      confirmLoading={saving}
      onCancel={() => onClose(false)}
      onOk={() => form.submit()}
      width={680}
      destroyOnClose
    >
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 12 }} />}
      <Form
        form={form}
        name="webhook"
        layout="vertical"
        initialValues={{ url: '', events: [], secret: '' }}
        onFinish={save}
        // The API's word on a field stands until that field is changed (no rule here re-checks it).
        onValuesChange={(changed: Partial<WebhookFields>) => form.setFields((Object.keys(changed) as (keyof WebhookFields)[]).map((name) => ({ name, errors: [] })))}
        data-testid="webhook-form"
        preserve={false}
      >
        <Form.Item label={t('webhookUrl')} name="url" extra={t('webhookUrlHint')}>
          <Input type="url" autoComplete="off" placeholder="https://" />
        </Form.Item>
        <Form.Item label={t('webhookEvents')} name="events">
          <Checkbox.Group
            style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', rowGap: 4 }}
            options={EVENTS.map((e) => ({ value: e, label: t(`webhookEvent_${e}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('webhookSecret')} htmlFor="webhook_secret" extra={t('webhookSecretHint')}>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item name="secret" noStyle>
              <Input id="webhook_secret" autoComplete="off" spellCheck={false} />
            </Form.Item>
            <Button onClick={() => form.setFields([{ name: 'secret', value: randomSecret(), errors: [] }])}>{t('webhookSecretGenerate')}</Button>
          </Space.Compact>
        </Form.Item>
      </Form>
    </Modal>
  );
}
