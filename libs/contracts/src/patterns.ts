// Input rules that both the API enforces (its DTOs, named in its 400s and in the OpenAPI document)
// and the web app's forms check as the user types: one home, so the two cannot drift.
// No package imports: the web app compiles this file.

/** A phone number: 8–20 digits, spaces, dots or dashes, with an optional leading +. */
export const PHONE_PATTERN = /^\+?[0-9 .-]{8,20}$/;

/** A citizen's ID number: 9 digits (old identity card) or 12 (citizen identity card). */
export const ID_NUMBER_PATTERN = /^(\d{9}|\d{12})$/;

/** A dossier code as a citizen may type it: letters, digits, dots, dashes and underscores. */
export const DOSSIER_CODE_PATTERN = /^[A-Za-z0-9._-]+$/;

/** Where to answer a petition: blank, or a phone number or an email address (surrounding spaces allowed). */
export const CONTACT_PATTERN = /^\s*(?:\+?[0-9 .-]{8,20}|[^\s@]+@[^\s@]+\.[^\s@]+)?\s*$/;

/** The longest petition subject and message, in characters (CreatePetitionDto; the web form checks them as typed). */
export const PETITION_SUBJECT_MAX = 200;
export const PETITION_MESSAGE_MAX = 4000;

/**
 * A petition's code, `<agency>-PA-<YYMMDD>-<NNNN>`: the agency prefix scopes it like a dossier code
 * (alerts, audit chains), `PA` tells it apart (an alert on the board links to the petition's page).
 */
export const PETITION_CODE_PATTERN = /^[A-Za-z0-9.]{1,30}-PA-\d{6}-\d{4,}$/;
export const isPetitionCode = (code: string): boolean => PETITION_CODE_PATTERN.test(code);
