export * from './calendar';
export * from './deadline';
export * from './duration';
export * from './local-time';
export * from './plan';
