import { patched } from '@temporalio/workflow';

/**
 * A workflow's projection writes, one at a time in the order they were asked for. Updates
 * delivered in one workflow task run their handlers together, and each handler's write (a local
 * activity) used to start at once: a later event's write could then commit first, and the
 * writer, finding the row newer, dropped the earlier event (its history, its audit entry). Now a
 * write waits for the one before it to end. Histories recorded before (patch `writes-in-order`)
 * replay as they ran: the wait is only patched in where two writes meet.
 *
 * Build what is written before calling (the state as of this event), and write in `write`.
 */
export function writesInOrder(): <T>(write: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  let pending = 0;
  return async (write) => {
    const before = pending > 0 && patched('writes-in-order') ? last : undefined;
    pending += 1;
    const mine = before ? before.then(write) : write();
    last = mine.catch(() => undefined);
    try {
      return await mine;
    } finally {
      pending -= 1;
    }
  };
}
