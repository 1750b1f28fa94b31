import { Alert, Input, Tag } from 'antd';
import { Fragment, useEffect, useMemo, useState } from 'react';
import { api, type Duration, type Procedure } from '../api';
import { useI18n, type Lang, type MsgKey } from '../i18n';
import { PageCard, PageLoading, PageTitle } from '../page';

export function durationText(d: Duration, t: (k: MsgKey) => string, _lang?: Lang): string {
  if ('workingDays' in d) return `${d.workingDays} ${t('days')}`;
  if ('workingHours' in d) return `${d.workingHours} ${t('hours')}`;
  if ('calendarDays' in d) return `${String(d.calendarDays)} ${t('calendarDays')}`;
  return `${d.seconds} ${t('seconds')}`;
}

/**
 * The public catalog: a plain table with a disclosure button per procedure (its documents), not
 * antd's Table — that one brings Pagination, Select, Dropdown, Menu and Tooltip, twice what the
 * rest of the first screen weighs (issue 22's 250 kB budget).
 */
export function CatalogPage() {
  const { t, f } = useI18n();
  const [procedures, setProcedures] = useState<Procedure[]>();
  const [error, setError] = useState<string>();
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    api<Procedure[]>('/api/public/procedures', { auth: false }).then(setProcedures, (err: Error) => setError(err.message));
  }, []);
  const shown = useMemo(() => {
    const s = q.trim().toLowerCase();
    return (procedures ?? []).filter((p) => !s || p.code.toLowerCase().includes(s) || p.name.toLowerCase().includes(s));
  }, [procedures, q]);
  const toggle = (code: string) =>
    setOpen((was) => {
      const now = new Set(was);
      if (!now.delete(code)) now.add(code);
      return now;
    });
  return (
    <PageCard>
      <PageTitle>{t('catalogTitle')}</PageTitle>
      {error && <Alert type="error" showIcon role="alert" message={error} />}
      <label htmlFor="catalog-search" className="sr-only">
        {t('procedureSearch')}
      </label>
      <Input.Search id="catalog-search" placeholder={t('procedureSearch')} allowClear value={q} onChange={(e) => setQ(e.target.value)} style={{ maxWidth: 420, marginBottom: 12 }} />
      {!procedures && !error ? (
        <PageLoading />
      ) : (
        <table className="plain-table" data-testid="catalog">
          <thead>
            <tr>
              <th scope="col" style={{ width: 48 }}>
                <span className="sr-only">{t('documents')}</span>
              </th>
              <th scope="col" style={{ width: 120 }}>
                {t('procedureCode')}
              </th>
              <th scope="col">{t('procedure')}</th>
              <th scope="col" style={{ width: 180 }}>
                {t('processingTime')}
              </th>
              <th scope="col" style={{ width: 200 }}>
                {t('fees')}
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((p, i) => {
              const expanded = open.has(p.code);
              return (
                <Fragment key={p.code}>
                  <tr>
                    <td>
                      <button type="button" className="row-toggle" aria-expanded={expanded} aria-controls={`catalog-documents-${i}`} aria-label={f('documentsOf', { code: p.code })} onClick={() => toggle(p.code)}>
                        <span aria-hidden>{expanded ? '−' : '+'}</span>
                      </button>
                    </td>
                    <td>{p.code}</td>
                    <td>{p.name}</td>
                    <td>{durationText(p.legalTime, t)}</td>
                    <td>{p.fees || '—'}</td>
                  </tr>
                  <tr id={`catalog-documents-${i}`} className="row-details" hidden={!expanded}>
                    <td />
                    <td colSpan={4}>
                      <strong>{t('documents')}</strong>
                      {p.documents?.length ? (
                        <ul>
                          {p.documents.map((d) => (
                            <li key={d.name}>
                              {d.name}
                              {d.copies ? ` × ${d.copies}` : ''} {d.original ? <Tag>{t('original')}</Tag> : null}
                            </li>
                          ))}
                        </ul>
                      ) : (
                        <p>—</p>
                      )}
                    </td>
                  </tr>
                </Fragment>
              );
            })}
            {shown.length === 0 && (
              <tr>
                <td colSpan={5} className="plain-table-empty">
                  {t('catalogEmpty')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </PageCard>
  );
}
