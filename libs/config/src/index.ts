export * from './config';
export * from './app-config.service';
export * from './launcher-config';
