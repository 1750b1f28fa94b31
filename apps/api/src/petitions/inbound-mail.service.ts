import { Injectable } from '@nestjs/common';
import { simpleParser } from 'mailparser';
import { badRequest } from '../common/validation';
import { PETITION_MESSAGE_MAX, PETITION_SUBJECT_MAX, type PetitionReceipt } from './petitions.dto';
import { PetitionsService } from './petitions.service';

const DOSSIER_CODE_IN_TEXT = /\b[A-Za-z0-9.]{1,30}-\d{6}-\d{4,}\b/;
const RUNS = /<\s*\/?\s*(script|iframe|object|embed)\b|\bjavascript\s*:/i;

/**
 * The agency's published petition address (Decree 92/2017 adds petitions sent by e-mail to the
 * receiving agency's address): the mail system hands each received message over as RFC 822 text
 * and it becomes a petition. Parsed with the maintained `mailparser` (MIME parts, quoted-printable
 * and base64, RFC 2047 encoded Vietnamese subjects and names); the text part is kept, or the HTML
 * part turned into text by mailparser — no HTML is ever stored.
 */
@Injectable()
export class InboundMailService {
  constructor(private readonly petitions: PetitionsService) {}

  async receive(raw: string): Promise<PetitionReceipt> {
    const mail = await simpleParser(raw, { skipHtmlToText: false, skipImageLinks: true, skipTextLinks: true }).catch(() => undefined);
    if (!mail) throw badRequest([{ field: 'raw', messages: ['is not an RFC 822 message'] }]);
    const from = mail.from?.value[0];
    const text = (mail.text ?? '').replace(/\r\n/g, '\n').trim();
    const subject = (mail.subject ?? '').trim() || text.split('\n')[0].slice(0, 80);
    const problems = [
      !from?.address && 'has no From: address to answer to',
      !text && 'has no text',
      text.length > PETITION_MESSAGE_MAX && `has a text longer than ${PETITION_MESSAGE_MAX} characters`,
      (RUNS.test(text) || RUNS.test(subject)) && 'holds markup that runs (script, embedded object, javascript: link)',
    ].filter((p): p is string => Boolean(p));
    if (problems.length) throw badRequest([{ field: 'raw', messages: problems }]);
    return this.petitions.openPetition({
      kind: 'feedback',
      source: 'email',
      subject: subject.slice(0, PETITION_SUBJECT_MAX),
      message: text,
      name: from!.name?.trim() || from!.address!,
      contact: from!.address!,
      dossierCode: (`${subject}\n${text}`.match(DOSSIER_CODE_IN_TEXT) ?? [])[0],
    });
  }
}
