export * from './sms-channel';
