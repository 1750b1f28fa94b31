export * from './entities';
export * from './data-source';
export * from './alerts-channel';
export * from './seed';
export * from './calendar-store';
export * from './procedure-store';
export * from './audit';
export * from './timeliness-rollup';
