import { Alert, Button, Card, Checkbox, Col, Descriptions, Form, Input, Radio, Row, Select, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ID_NUMBER_PATTERN, PHONE_PATTERN } from '../../../../libs/contracts/src/patterns';
import { api, type Procedure, type Receipt, type RegisterRequest } from '../api';
import { applyApiErrors, newIdempotencyKey, useRequiredSelects } from '../forms';
import { useI18n } from '../i18n';
import { durationText } from './CatalogPage';
import { TrackingBookCard } from './PrintForms';

interface FormValues {
  procedureCode: string;
  documents?: string[];
  applicant: { name: string; phone?: string; email?: string; idNumber?: string; address?: string };
  channel: 'counter' | 'online' | 'postal';
  reception: { outcome: 'received' | 'needs_supplement' | 'refused'; reason?: string; itemsText?: string };
}

export interface StoredReceipt {
  receipt: Receipt;
  procedure?: Procedure;
  applicant: FormValues['applicant'];
  documents: string[];
  channel: string;
}

export function RegisterPage() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const [procedures, setProcedures] = useState<Procedure[]>([]);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  // One key per filled-in form: a double click or a retry after a network error registers once.
  const [idemKey, setIdemKey] = useState(newIdempotencyKey);
  const code = Form.useWatch('procedureCode', form);
  const outcome = Form.useWatch(['reception', 'outcome'], form);
  const procedure = useMemo(() => procedures.find((p) => p.code === code), [procedures, code]);

  useEffect(() => {
    api<Procedure[]>('/api/procedures').then(setProcedures, (err: Error) => setError(err.message));
  }, []);
  useRequiredSelects('procedureCode');

  const submit = async (v: FormValues) => {
    setBusy(true);
    setError(undefined);
    const clean = (s?: string) => (s && s.trim() ? s.trim() : undefined);
    const reception =
      v.reception.outcome === 'received'
        ? undefined
        : { outcome: v.reception.outcome, reason: clean(v.reception.reason), items: v.reception.itemsText?.split('\n').map((s) => s.trim()).filter(Boolean) };
    const body: RegisterRequest = {
      procedureCode: v.procedureCode,
      applicant: { name: v.applicant.name.trim(), phone: clean(v.applicant.phone), email: clean(v.applicant.email), idNumber: clean(v.applicant.idNumber), address: clean(v.applicant.address) },
      channel: v.channel,
      ...(reception ? { reception } : {}),
    };
    try {
      const receipt = await api<Receipt>('/api/dossiers', { method: 'POST', body, headers: { 'Idempotency-Key': idemKey } });
      const stored: StoredReceipt = { receipt, procedure, applicant: body.applicant, documents: v.documents ?? [], channel: v.channel };
      sessionStorage.setItem(`receipt:${receipt.code}`, JSON.stringify(stored));
      setIdemKey(newIdempotencyKey());
      navigate(`/tiep-nhan/phieu/${encodeURIComponent(receipt.code)}`);
    } catch (err) {
      setError(applyApiErrors(form, err, { 'reception.items': ['reception', 'itemsText'] }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card>
      <Typography.Title level={1} style={{ fontSize: 22 }}>
        {t('registerTitle')}
      </Typography.Title>
      {error && <Alert type="error" showIcon role="alert" message={error} style={{ marginBottom: 16 }} />}
      <Form<FormValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        onValuesChange={() => setIdemKey(newIdempotencyKey())}
        initialValues={{ channel: 'counter', reception: { outcome: 'received' } }}
        scrollToFirstError
      >
        <Form.Item label={t('procedure')} name="procedureCode" rules={[{ required: true, message: t('required') }]} extra={t('procedureSearch')}>
          <Select
            showSearch
            // Not virtual: the options shown are then the listbox's own (role="option"), not copies
            // carrying aria-selected without a role (axe: aria-allowed-attr).
            virtual={false}
            placeholder={t('procedureSearch')}
            optionFilterProp="label"
            filterOption={(input, opt) => String(opt?.label ?? '').toLowerCase().includes(input.toLowerCase())}
            options={procedures.map((p) => ({ value: p.code, label: `${p.code} — ${p.name}` }))}
          />
        </Form.Item>
        {procedure && (
          <Descriptions size="small" column={2} style={{ marginBottom: 16 }} bordered>
            <Descriptions.Item label={t('processingTime')}>{durationText(procedure.legalTime, t, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('fees')}>{procedure.fees || '—'}</Descriptions.Item>
          </Descriptions>
        )}
        {procedure?.documents && procedure.documents.length > 0 && (
          <Form.Item label={t('documents')} name="documents">
            <Checkbox.Group aria-label={t('documents')} style={{ display: 'flex', flexDirection: 'column', gap: 4 }} options={procedure.documents.map((d) => ({ value: d.name, label: d.name }))} />
          </Form.Item>
        )}
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item label={t('applicantName')} name={['applicant', 'name']} rules={[{ required: true, whitespace: true, message: t('required') }, { max: 200 }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('idNumber')} name={['applicant', 'idNumber']} rules={[{ pattern: ID_NUMBER_PATTERN, message: t('idInvalid') }]}>
              <Input inputMode="numeric" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('phone')} name={['applicant', 'phone']} rules={[{ pattern: PHONE_PATTERN, message: t('phoneInvalid') }]}>
              <Input inputMode="tel" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('email')} name={['applicant', 'email']} rules={[{ type: 'email', message: t('emailInvalid') }]}>
              <Input inputMode="email" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item label={t('address')} name={['applicant', 'address']} rules={[{ max: 500 }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('channel')} name="channel">
          <Radio.Group aria-label={t('channel')} options={(['counter', 'online', 'postal'] as const).map((c) => ({ value: c, label: t(`channel_${c}`) }))} />
        </Form.Item>
        <Form.Item label={t('outcome')} name={['reception', 'outcome']}>
          <Radio.Group aria-label={t('outcome')} options={(['received', 'needs_supplement', 'refused'] as const).map((c) => ({ value: c, label: t(`outcome_${c}`) }))} />
        </Form.Item>
        {outcome && outcome !== 'received' && (
          <>
            <Form.Item label={t('reason')} name={['reception', 'reason']} rules={[{ required: true, whitespace: true, message: t('required') }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            {outcome === 'needs_supplement' && (
              <Form.Item label={t('missingItems')} name={['reception', 'itemsText']}>
                <Input.TextArea rows={3} />
              </Form.Item>
            )}
          </>
        )}
        <Button type="primary" htmlType="submit" loading={busy} size="large">
          {t('submitRegister')}
        </Button>
      </Form>
      <TrackingBookCard />
    </Card>
  );
}
