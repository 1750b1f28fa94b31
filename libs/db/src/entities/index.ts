export * from './procedure.entity';
export * from './dossier.entity';
export * from './dossier-step.entity';
export * from './dossier-event.entity';
export * from './alert.entity';
