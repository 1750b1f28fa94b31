import { Alert, Button, Space } from 'antd';
import { QRCodeSVG } from 'qrcode.react';
import { Link, useParams } from 'react-router-dom';
import { openPrintable } from '../api';
import { fmt } from '../format';
import { useI18n } from '../i18n';
import type { StoredReceipt } from './RegisterPage';

export function lookupUrl(code: string, secret: string): string {
  return `${window.location.origin}/tra-cuu?code=${encodeURIComponent(code)}&secret=${encodeURIComponent(secret)}`;
}

/** Giấy tiếp nhận hồ sơ và hẹn trả kết quả (form 01), printable with the print stylesheet. */
export function SlipPage() {
  const { t, tx } = useI18n();
  const { code = '' } = useParams();
  const raw = sessionStorage.getItem(`receipt:${code}`);
  if (!raw) return <Alert type="warning" showIcon message={`${t('code')}: ${code}`} description={<Link to="/tiep-nhan">{t('newDossier')}</Link>} />;
  const { receipt, procedure, applicant, documents, channel } = JSON.parse(raw) as StoredReceipt;
  const url = lookupUrl(receipt.code, receipt.lookupSecret);
  return (
    <>
      <Space className="no-print" style={{ marginBottom: 16 }} wrap>
        <Button type="primary" onClick={() => window.print()}>
          {t('print')}
        </Button>
        {/* Refused at reception: no receipt, the refusal (form 03); incomplete: the one written guidance (form 02). */}
        {receipt.status !== 'submitted' && (
          <Button onClick={() => void openPrintable(`/api/dossiers/${encodeURIComponent(receipt.code)}/forms/${receipt.status === 'refused_at_reception' ? '03' : '01'}`)} data-form={receipt.status === 'refused_at_reception' ? '03' : '01'}>
            {receipt.status === 'refused_at_reception' ? t('formRefusal') : t('printOfficialForm')}
          </Button>
        )}
        {receipt.guidance && (
          <Button onClick={() => void openPrintable(`/api/dossiers/${encodeURIComponent(receipt.code)}/forms/02`)} data-form="02">
            {t('formSupplement')}
          </Button>
        )}
        <Link to="/tiep-nhan">
          <Button>{t('newDossier')}</Button>
        </Link>
        <Link to="/hop-thu">
          <Button>{t('toInbox')}</Button>
        </Link>
      </Space>
      <article className="slip" data-testid="slip" aria-label={t('slipTitle')}>
        <div className="slip-head">
          <div>
            <div>{receipt.code.split('-')[0]}</div>
            <div>{t('slipDesk')}</div>
          </div>
          <div>
            <div>{t('slipNation')}</div>
            <div>{t('slipMotto')}</div>
          </div>
        </div>
        <div style={{ textAlign: 'right', fontStyle: 'italic' }}>{t('slipForm')}</div>
        <h1>{t('slipTitle')}</h1>
        <div style={{ display: 'flex', gap: 24 }}>
          <table>
            <tbody>
              <tr><td>{t('code')}:</td><td><strong data-testid="slip-code">{receipt.code}</strong></td></tr>
              <tr><td>{t('procedure')}:</td><td>{procedure ? `${procedure.code} — ${procedure.name}` : receipt.procedureCode}</td></tr>
              <tr><td>{t('applicantName')}:</td><td>{applicant.name}</td></tr>
              {applicant.idNumber && <tr><td>{t('idNumber')}:</td><td>{applicant.idNumber}</td></tr>}
              {applicant.phone && <tr><td>{t('phone')}:</td><td>{applicant.phone}</td></tr>}
              {applicant.address && <tr><td>{t('address')}:</td><td>{applicant.address}</td></tr>}
              <tr><td>{t('channel')}:</td><td>{tx(`channel_${channel}`)}</td></tr>
              <tr><td>{t('status')}:</td><td>{tx(`status_${receipt.status}`)}</td></tr>
              <tr><td>{t('receivedAt')}:</td><td data-testid="slip-received">{fmt(receipt.receivedAt)}</td></tr>
              <tr><td>{t('dueAt')}:</td><td><strong data-testid="slip-due">{fmt(receipt.dueAt)}</strong></td></tr>
              <tr><td>{t('secret')}:</td><td><strong data-testid="slip-secret">{receipt.lookupSecret}</strong></td></tr>
            </tbody>
          </table>
          <figure style={{ margin: 0, textAlign: 'center' }}>
            <QRCodeSVG value={url} size={132} level="M" role="img" aria-label={t('scanToLookup')} data-testid="slip-qr" data-url={url} />
            <figcaption style={{ fontSize: 12 }}>{t('scanToLookup')}</figcaption>
          </figure>
        </div>
        {documents.length > 0 && (
          <>
            <p style={{ marginTop: 12 }}>{t('documents')}:</p>
            <ol>
              {documents.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ol>
          </>
        )}
        <div className="slip-sign">
          <div>
            <strong>{t('slipApplicant')}</strong>
            <div style={{ fontStyle: 'italic' }}>{t('slipSign')}</div>
          </div>
          <div>
            <strong>{t('slipOfficer')}</strong>
            <div style={{ fontStyle: 'italic' }}>{t('slipSign')}</div>
          </div>
        </div>
      </article>
    </>
  );
}
