import type { DataSource } from 'typeorm';
import { writePetition, type ClockPlanner } from '../../../../libs/db/src';
import type { PetitionActivities, PetitionRecord } from '../../../../workflows/petition.contract';

/** The petition workflow's one write: its projection, idempotent (writePetition). */
export function createPetitionActivities(ds: DataSource, clock: ClockPlanner): PetitionActivities {
  return {
    async recordPetition(record: PetitionRecord): Promise<number> {
      await writePetition(ds, clock, record);
      return Date.now();
    },
  };
}
