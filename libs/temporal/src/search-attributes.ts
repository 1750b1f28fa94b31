import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributePair } from '@temporalio/common';

/**
 * Search attributes intake sets on each dossier's workflow (its id is already the dossier code), so
 * an operator finds an agency's or a procedure's workflows in the Temporal UI or CLI. The launchers
 * register exactly these on the namespace.
 */
export const AGENCY_CODE = defineSearchAttributeKey('AgencyCode', SearchAttributeType.KEYWORD);
export const PROCEDURE_CODE = defineSearchAttributeKey('ProcedureCode', SearchAttributeType.KEYWORD);
export const DOSSIER_SEARCH_ATTRIBUTES = [AGENCY_CODE, PROCEDURE_CODE];

export function dossierSearchAttributes(agencyCode: string, procedureCode: string): SearchAttributePair[] {
  return [
    { key: AGENCY_CODE, value: agencyCode },
    { key: PROCEDURE_CODE, value: procedureCode },
  ];
}
