import { issuedWith, type FormBlock, type FormDocument } from './form-document';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text as HTML: every value on a form (an applicant's name, a reason) is data, never markup. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function block(b: FormBlock): string {
  if (b.kind === 'paragraph') return `<p${b.italic ? ' class="note"' : ''}>${escapeHtml(b.text)}</p>`;
  if (b.kind === 'fields') {
    return `<table class="fields"><tbody>${b.rows.map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}:</th><td>${escapeHtml(v)}</td></tr>`).join('')}</tbody></table>`;
  }
  const head = `<thead><tr>${b.head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>`;
  const body = b.rows.length
    ? b.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')
    : `<tr><td colspan="${b.head.length}" class="empty">(không có)</td></tr>`;
  return `<table class="grid">${head}<tbody>${body}</tbody></table>`;
}

/** The form as one A4 page of HTML (print stylesheet included): what `GET …/forms/0x` returns. */
export function renderFormHtml(doc: FormDocument): string {
  const page = doc.landscape ? 'A4 landscape' : 'A4';
  const css = `@page{size:${page};margin:20mm 15mm 20mm 30mm}
body{font-family:'Times New Roman',Times,serif;font-size:13pt;line-height:1.4;margin:0 auto;max-width:${doc.landscape ? '267mm' : '180mm'};color:#000}
.head{display:flex;justify-content:space-between;text-align:center;font-weight:bold}
.head>div{flex:1}.head .motto{text-decoration:underline}.head .rule{font-weight:normal}
.meta{display:flex;justify-content:space-between;text-align:center;margin-top:6px}.meta>div{flex:1}.meta .date{font-style:italic}
.form-no{text-align:right;font-style:italic;margin-top:8px}
h1{text-align:center;font-size:14pt;margin:18px 0 2px}.basis{text-align:center;font-style:italic;font-size:11pt;margin:0 0 12px}
table{border-collapse:collapse;width:100%}.fields th{text-align:left;font-weight:normal;white-space:nowrap;padding:2px 8px 2px 0;vertical-align:top}
.grid th,.grid td{border:1px solid #000;padding:3px 5px;font-size:11pt;vertical-align:top}.grid .empty{text-align:center;font-style:italic}
.note{font-style:italic}.sign{display:flex;justify-content:space-around;text-align:center;margin-top:24px}.sign small{display:block;font-style:italic}`;
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(`${doc.label} — ${doc.title}`)}</title><style>${css}</style></head>
<body><article class="form" data-form="${escapeHtml(doc.spec.number ?? doc.spec.kind)}" data-circular="${escapeHtml(doc.set.circular.id)}">
<div class="head"><div><div>${escapeHtml(doc.agencyName.toUpperCase())}</div><div>${escapeHtml(doc.unit.toUpperCase())}</div><div class="rule">———</div></div>
<div><div>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div><div class="motto">Độc lập - Tự do - Hạnh phúc</div></div></div>
<div class="meta"><div>${doc.number ? `Số: ${escapeHtml(doc.number)}` : ''}</div><div class="date">${escapeHtml(doc.dateLine)}</div></div>
<div class="form-no">${escapeHtml(doc.label)}</div>
<h1>${escapeHtml(doc.title.toUpperCase())}</h1>
<p class="basis">${escapeHtml(issuedWith(doc))}</p>
${doc.blocks.map(block).join('\n')}
<div class="sign">${doc.signatures.map((s) => `<div><strong>${escapeHtml(s.title)}</strong><small>${escapeHtml(s.note)}</small></div>`).join('')}</div>
</article></body></html>`;
}
