import { dirname } from 'node:path';
import { issuedWith, pdfSubject, type FormBlock, type FormDocument } from './form-document';

/*
 * The same form as a PDF, with pdfmake (pinned in package.json): pure JavaScript on pdfkit, no
 * browser to download, and it ships Roboto (TrueType, with the Vietnamese letters) in the package,
 * which is embedded in each file, so the PDF reads the same on any machine. Local file access is
 * limited to those fonts and remote URLs are refused: a form never loads anything else.
 */

// pdfmake 0.3 ships no type declarations; this is the part used here.
interface PdfMakeServer {
  setFonts(fonts: Record<string, Record<'normal' | 'bold' | 'italics' | 'bolditalics', string>>): void;
  setUrlAccessPolicy(allow: (url: string) => boolean): void;
  setLocalAccessPolicy(allow: (path: string) => boolean): void;
  createPdf(doc: Record<string, unknown>): { getBuffer(): Promise<Buffer> };
}

let engine: PdfMakeServer | undefined;

function pdfmake(): PdfMakeServer {
  if (engine) return engine;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const lib = require('pdfmake') as PdfMakeServer;
  const fontsModule = require.resolve('pdfmake/fonts/Roboto.js');
  const fontDir = dirname(fontsModule);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  lib.setFonts(require(fontsModule) as Parameters<PdfMakeServer['setFonts']>[0]);
  lib.setUrlAccessPolicy(() => false);
  lib.setLocalAccessPolicy((path) => path.startsWith(fontDir));
  engine = lib;
  return lib;
}

type Content = Record<string, unknown> | string;

function block(b: FormBlock): Content {
  if (b.kind === 'paragraph') return { text: b.text, italics: b.italic ?? false, margin: [0, 2, 0, 4] };
  if (b.kind === 'fields') {
    return { layout: 'noBorders', table: { widths: ['auto', '*'], body: b.rows.map(([k, v]) => [`${k}:`, v]) }, margin: [0, 2, 0, 6] };
  }
  const head = b.head.map((h) => ({ text: h, bold: true, alignment: 'center' }));
  const rows = b.rows.length ? b.rows : [[{ text: '(không có)', italics: true, colSpan: b.head.length, alignment: 'center' }, ...b.head.slice(1).map(() => '')]];
  return { table: { headerRows: 1, widths: b.widths ?? b.head.map(() => '*'), body: [head, ...rows] }, fontSize: 9, margin: [0, 4, 0, 8] };
}

/** The form as an A4 PDF: the same header, title, basis, body and signatures as the HTML. */
export async function renderFormPdf(doc: FormDocument): Promise<Buffer> {
  const definition = {
    pageSize: 'A4',
    pageOrientation: doc.landscape ? 'landscape' : 'portrait',
    pageMargins: [57, 45, 42, 45],
    info: { title: `${doc.label} - ${doc.title}`, subject: pdfSubject(doc), keywords: doc.spec.kind, creator: 'dossier-flow' },
    defaultStyle: { font: 'Roboto', fontSize: 11, lineHeight: 1.2 },
    content: [
      {
        columns: [
          { width: '*', stack: [doc.agencyName.toUpperCase(), doc.unit.toUpperCase()], alignment: 'center', bold: true, fontSize: 10 },
          { width: '*', stack: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { text: 'Độc lập - Tự do - Hạnh phúc', decoration: 'underline' }], alignment: 'center', bold: true, fontSize: 10 },
        ],
      },
      { columns: [{ width: '*', text: doc.number ? `Số: ${doc.number}` : '', alignment: 'center' }, { width: '*', text: doc.dateLine, italics: true, alignment: 'center' }], margin: [0, 6, 0, 0] },
      { text: doc.label, italics: true, alignment: 'right', margin: [0, 6, 0, 0] },
      { text: doc.title.toUpperCase(), bold: true, alignment: 'center', fontSize: 13, margin: [0, 12, 0, 0] },
      { text: issuedWith(doc), italics: true, alignment: 'center', fontSize: 9, margin: [0, 0, 0, 10] },
      ...doc.blocks.map(block),
      {
        columns: doc.signatures.map((s) => ({ width: '*', stack: [{ text: s.title, bold: true }, { text: s.note, italics: true, fontSize: 9 }], alignment: 'center' })),
        margin: [0, 20, 0, 0],
      },
    ],
  };
  return pdfmake().createPdf(definition).getBuffer();
}
