import { Metadata } from '@grpc/grpc-js';
import { QueryNotRegisteredError, ServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { google } from '@temporalio/proto';
import { isTemporalUnavailable, TemporalClient, TemporalUnavailableError } from './temporal-client';

/** A gRPC error as the SDK receives it, with a Temporal failure type in its status details. */
function grpcError(code: number, failureType?: string): Error {
  const metadata = new Metadata();
  if (failureType) {
    const status = google.rpc.Status.create({ code, message: 'x', details: [{ type_url: `type.googleapis.com/${failureType}`, value: new Uint8Array() }] });
    metadata.set('grpc-status-details-bin', Buffer.from(google.rpc.Status.encode(status).finish()));
  }
  return Object.assign(new Error('x'), { code, details: 'x', metadata });
}

describe('isTemporalUnavailable', () => {
  it('counts an Update whose workflow task failed (its worker died) as an outage, through the SDK wrapper', () => {
    const err = new ServiceError('Workflow Update failed', { cause: grpcError(9, 'temporal.api.errordetails.v1.WorkflowNotReadyFailure') });
    expect(isTemporalUnavailable(err)).toBe(true);
  });

  it('does not count another failed precondition, or one without details, as an outage', () => {
    expect(isTemporalUnavailable(new ServiceError('failed', { cause: grpcError(9, 'temporal.api.errordetails.v1.WorkflowExecutionAlreadyStartedFailure') }))).toBe(false);
    expect(isTemporalUnavailable(new ServiceError('failed', { cause: grpcError(9) }))).toBe(false);
  });

  it('counts UNAVAILABLE and DEADLINE_EXCEEDED, not INVALID_ARGUMENT', () => {
    expect(isTemporalUnavailable(new ServiceError('down', { cause: grpcError(14) }))).toBe(true);
    expect(isTemporalUnavailable(new ServiceError('slow', { cause: grpcError(4) }))).toBe(true);
    expect(isTemporalUnavailable(new ServiceError('bad', { cause: grpcError(3) }))).toBe(false);
  });
});

describe('TemporalClient.query', () => {
  // A lazy connection: nothing here reaches a server.
  const client = new TemporalClient({ namespace: 'default' }, 1000);

  it('answers a failed query (its worker died mid-task, the server failed what it buffered) as an outage with the server\'s words', async () => {
    const failed = client.query(() => Promise.reject(new QueryNotRegisteredError('query failed: workflow task timed out', 3)));
    await expect(failed).rejects.toBeInstanceOf(TemporalUnavailableError);
    await expect(failed).rejects.toThrow('no worker could answer the query now: query failed: workflow task timed out');
    const refused = client.query(() => Promise.reject(new ServiceError('Failed to query Workflow', { cause: grpcError(9) })));
    await expect(refused).rejects.toBeInstanceOf(TemporalUnavailableError);
  });

  it('leaves a missing workflow and any other error as they are, and passes an answer through', async () => {
    const missing = new WorkflowNotFoundError('not found', 'w', undefined);
    await expect(client.query(() => Promise.reject(missing))).rejects.toBe(missing);
    const bug = new TypeError('x is undefined');
    await expect(client.query(() => Promise.reject(bug))).rejects.toBe(bug);
    await expect(client.query(async () => ({ done: 2 }))).resolves.toEqual({ done: 2 });
  });
});
