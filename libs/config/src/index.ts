export * from './config';
export * from './app-config.service';
