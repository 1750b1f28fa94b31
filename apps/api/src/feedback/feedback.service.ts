import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '../../../../libs/domain/src';
import type { Page } from '../common/page.dto';
import type { CreateFeedbackDto, FeedbackReceipt, FeedbackView, ListFeedbackDto } from './feedback.dto';
import { agencyScope } from '../common/agency-scope';

interface FeedbackRow {
  id: string;
  name: string | null;
  contact: string | null;
  dossier_code: string | null;
  message: string;
  received_at: Date;
}

const blankToNull = (s?: string) => (s && s.trim() ? s.trim() : null);

@Injectable()
export class FeedbackService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Logs it; a dossier code `<agency>-<YYMMDD>-<NNNN>` files it with that agency when the agency exists. */
  async create(dto: CreateFeedbackDto): Promise<FeedbackReceipt> {
    const code = blankToNull(dto.dossierCode);
    const [row]: { id: string; received_at: Date }[] = await this.ds.query(
      `INSERT INTO feedback (agency_code, name, contact, dossier_code, message)
       VALUES ((SELECT code FROM agencies WHERE code = substring($1 from '^(.+)-[0-9]{6}-[0-9]+$')), $2, $3, $1, $4)
       RETURNING id, received_at`,
      [code, blankToNull(dto.name), blankToNull(dto.contact), dto.message.trim()],
    );
    return { id: String(row.id), receivedAt: row.received_at.toISOString() };
  }

  /** The caller's agency's feedback and the general (unattributed) feedback, newest first. */
  async list(q: ListFeedbackDto, actor: Actor): Promise<Page<FeedbackView>> {
    const scope = agencyScope(this.ds, actor);
    const visible = `FROM feedback WHERE agency_code = :agency OR agency_code IS NULL`;
    const [rows, [{ n }]]: [FeedbackRow[], { n: number }[]] = await Promise.all([
      scope.sql<FeedbackRow[]>(`SELECT id, name, contact, dossier_code, message, received_at ${visible} ORDER BY received_at DESC, id DESC LIMIT $1 OFFSET $2`, [
        q.pageSize, (q.page - 1) * q.pageSize,
      ]),
      scope.sql<{ n: number }[]>(`SELECT count(*)::int AS n ${visible}`),
    ]);
    return {
      items: rows.map((r) => ({
        id: String(r.id),
        name: r.name ?? undefined,
        contact: r.contact ?? undefined,
        dossierCode: r.dossier_code ?? undefined,
        message: r.message,
        receivedAt: r.received_at.toISOString(),
      })),
      total: n,
      page: q.page,
      pageSize: q.pageSize,
    };
  }
}
