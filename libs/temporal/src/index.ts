export * from './connection-options';
export * from './temporal-client';
export * from './temporal.module';
export * from './search-attributes';
