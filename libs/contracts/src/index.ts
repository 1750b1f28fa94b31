// Response shapes shared by the API (apps/api), the workflows and the web app (apps/web).
//
// Types only, and no imports of any package (only of the files beside this one): the web app
// compiles these files with its own tsconfig and has none of the API's packages. Runtime helpers
// that both sides need live beside it and are imported by path (./sse, ROLE_FOR_STEP in ./domain), not from here.
export type * from './domain';
export type * from './dossier';
export type * from './petition';
export type * from './stats';
export type * from './views';
export type * from './ratings';
