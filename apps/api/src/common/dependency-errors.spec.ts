import { ServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { QueryFailedError } from 'typeorm';
import { TemporalUnavailableError } from '../../../../libs/temporal/src';
import { unavailableDependency } from './dependency-errors';

/** The shape @grpc/grpc-js gives a failed call. */
function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}

function pgError(code: string, message = 'pg error'): Error {
  return Object.assign(new Error(message), { code });
}

describe('unavailableDependency', () => {
  it.each([
    ['our own outage error', new TemporalUnavailableError('down', { cause: grpcError(14, 'No connection established') })],
    ['UNAVAILABLE wrapped by the SDK', new ServiceError('Failed to start Workflow', { cause: grpcError(14, 'No connection established') })],
    ['an Update that ran out of time', new WorkflowUpdateRPCTimeoutOrCancelledError('Deadline exceeded', { cause: grpcError(4, 'Deadline exceeded') })],
    ['a bare DEADLINE_EXCEEDED', grpcError(4, 'Deadline exceeded')],
    ['RESOURCE_EXHAUSTED', grpcError(8, 'namespace rate limit exceeded')],
  ])('names Temporal for %s', (_name, err) => {
    expect(unavailableDependency(err)).toBe('temporal');
  });

  it.each([
    ['a refused connection', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['the pool timing out', new Error('timeout exceeded when trying to connect')],
    ['a connection cut mid-query', new Error('Connection terminated unexpectedly')],
    ['a server shutting down (57P01) inside a QueryFailedError', new QueryFailedError('SELECT 1', [], pgError('57P01', 'terminating connection due to administrator command'))],
    ['too many connections', pgError('53300', 'sorry, too many clients already')],
  ])('names the database for %s', (_name, err) => {
    expect(unavailableDependency(err)).toBe('database');
  });

  it.each([
    ['a validator refusing an Update', new WorkflowUpdateFailedError('Workflow Update failed', new Error('step is not current'))],
    ['INVALID_ARGUMENT from Temporal', new ServiceError('Failed to start Workflow', { cause: grpcError(3, 'bad request') })],
    ['a unique violation', new QueryFailedError('INSERT', [], pgError('23505', 'duplicate key value'))],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['not an error at all', 'boom'],
  ])('names nothing for %s (a 4xx or 500 as before)', (_name, err) => {
    expect(unavailableDependency(err)).toBeUndefined();
  });
});
