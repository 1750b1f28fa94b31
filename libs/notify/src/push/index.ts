export * from './push-channel';
export * from './vapid-keys';
