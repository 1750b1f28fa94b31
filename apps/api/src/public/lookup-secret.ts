import { NotFoundException } from '@nestjs/common';
import type { IntakeService } from '../dossiers/intake.service';

export const NOT_FOUND = 'no dossier matches this code and secret';

/** The receipt's secret for the code, compared in constant time; a wrong one answers as an unknown code (404). */
export function assertLookupSecret(intake: IntakeService, code: string, secret?: string): void {
  if (!intake.lookupSecretMatches(code, secret)) throw new NotFoundException(NOT_FOUND);
}
