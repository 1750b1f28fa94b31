import { Controller, Get, Param, Query, Req, StreamableFile } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../../../../libs/domain/src';
import { CurrentActor } from '../auth/auth.decorators';
import { ApiErrors } from '../common/api-responses';
import { XLSX_TYPE } from '../stats/stats-workbook';
import type { FormDocument } from './form-document';
import { renderFormHtml } from './form-html';
import { renderFormPdf } from './form-pdf';
import { FormFormatQueryDto, TrackingBookQueryDto, type FormFormat } from './forms.dto';
import { FormsService } from './forms.service';
import { trackingBookWorkbook } from './tracking-book-workbook';

const HTML_TYPE = 'text/html; charset=utf-8';
const PDF_TYPE = 'application/pdf';

/** The printed answer's media types (declared on the 200 only: an error answers JSON like any other). */
const printedAs = (...types: string[]) => Object.fromEntries(types.map((t) => [t, { schema: { type: 'string', ...(t === 'text/html' ? {} : { format: 'binary' }) } }]));

/** `?format=` wins; else the Accept header's first of pdf / xlsx; else HTML. */
function chosen(format: FormFormat | undefined, accept: string | undefined, allowed: readonly FormFormat[]): FormFormat {
  if (format) return format;
  const a = (accept ?? '').toLowerCase();
  if (allowed.includes('pdf') && a.includes(PDF_TYPE)) return 'pdf';
  if (allowed.includes('xlsx') && a.includes(XLSX_TYPE)) return 'xlsx';
  return 'html';
}

async function printed(doc: FormDocument, format: FormFormat, name: string): Promise<StreamableFile> {
  if (format === 'pdf') return new StreamableFile(await renderFormPdf(doc), { type: PDF_TYPE, disposition: `inline; filename="${name}.pdf"` });
  return new StreamableFile(Buffer.from(renderFormHtml(doc), 'utf8'), { type: HTML_TYPE, disposition: `inline; filename="${name}.html"` });
}

/**
 * Forms 01–07 (Circular 03/2025/TT-VPCP numbering in the path), printed as A4 HTML or PDF in the set
 * in force when the dossier was received; form 07 also as .xlsx.
 */
@ApiTags('forms')
@ApiBearerAuth()
@Controller()
export class FormsController {
  constructor(private readonly forms: FormsService) {}

  @Get('api/dossiers/:code/forms/:no')
  @ApiOkResponse({ description: 'form 01 receipt, 02 supplement request, 03 refusal, 04 apology, 05 stop notice, 06 control sheet: A4 HTML, or PDF with ?format=pdf or Accept: application/pdf', content: printedAs('text/html', PDF_TYPE) })
  @ApiErrors(403, [404, 'no such dossier or form number, or the dossier has no such form (e.g. 04 before a reschedule)'])
  async dossierForm(@CurrentActor() actor: Actor, @Param('code') code: string, @Param('no') no: string, @Query() q: FormFormatQueryDto, @Req() req: Request): Promise<StreamableFile> {
    const doc = await this.forms.dossierForm(code, no, actor);
    return printed(doc, chosen(q.format, req.headers.accept, ['html', 'pdf']), `mau-${doc.spec.number ?? doc.spec.kind}_${code}`);
  }

  @Get('api/forms/07')
  @ApiOkResponse({ description: "form 07, the desk's tracking book over a period of the caller's agency: HTML, PDF or .xlsx (?format= or Accept)", content: printedAs('text/html', PDF_TYPE, XLSX_TYPE) })
  @ApiErrors(400)
  async trackingBook(@CurrentActor() actor: Actor, @Query() q: TrackingBookQueryDto, @Req() req: Request): Promise<StreamableFile> {
    const book = await this.forms.trackingBook(q, actor);
    const format = chosen(q.format, req.headers.accept, ['html', 'pdf', 'xlsx']);
    const name = `so-theo-doi-ho-so_${q.from}_${q.to}`;
    if (format === 'xlsx') return new StreamableFile(await trackingBookWorkbook(book), { type: XLSX_TYPE, disposition: `attachment; filename="${name}.xlsx"` });
    return printed(book.doc, format, name);
  }
}
