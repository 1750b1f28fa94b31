import { ApiProperty } from '@nestjs/swagger';
import { registerDecorator, type ValidationOptions } from 'class-validator';

const UNITS = ['workingDays', 'workingHours', 'seconds', 'calendarDays'] as const;

/**
 * `{workingDays}` | `{workingHours}` | `{seconds}` | `{calendarDays}`: exactly one unit, a positive
 * finite number, whole for calendar days (Civil Code 2015 Art. 147 counts whole days).
 */
export function IsDuration(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isDuration',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `$property must be exactly one of {workingDays}, {workingHours}, {seconds}, {calendarDays} with a positive number (whole for calendarDays)`, ...options },
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const keys = Object.keys(value);
          if (keys.length !== 1 || !(UNITS as readonly string[]).includes(keys[0])) return false;
          const n = (value as Record<string, unknown>)[keys[0]];
          if (keys[0] === 'calendarDays' && !Number.isInteger(n)) return false;
          return typeof n === 'number' && Number.isFinite(n) && n > 0 && n <= 1_000_000;
        },
      },
    });
}

export class DurationDoc {
  @ApiProperty({ required: false, example: 3 }) workingDays?: number;
  @ApiProperty({ required: false, example: 16 }) workingHours?: number;
  @ApiProperty({ required: false, example: 30 }) seconds?: number;
  @ApiProperty({ required: false, example: 15, description: 'whole days counted by Civil Code 2015 Art. 147–148: from the day after the event; a last day off moves the end to the end of the next working day' })
  calendarDays?: number;
}
