import { Metadata } from '@grpc/grpc-js';
import { ServiceError } from '@temporalio/client';
import { google } from '@temporalio/proto';
import { isTemporalUnavailable } from './temporal-client';

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
