import { DomainError } from '@flotilla/core';
import { isConnectivityError, isTimeoutError, translatePgError } from './pg-errors';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/** TypeORM's QueryFailedError keeps the driver's error (and its SQLSTATE) under driverError. */
function queryFailed(message: string, code: string): Error {
  return Object.assign(new Error(message), { driverError: withCode(message, code) });
}

describe('pg error translation', () => {
  it.each([
    withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
    withCode('terminating connection due to administrator command', '57P01'),
    withCode('terminating connection due to idle-session timeout', '57P05'),
    withCode('database "x" is not currently accepting connections', '55000'),
    withCode('canceling statement due to statement timeout', '57014'),
    queryFailed('canceling statement due to statement timeout', '57014'),
    withCode('canceling statement due to lock timeout', '55P03'),
    withCode('terminating connection due to idle-in-transaction timeout', '25P03'),
    withCode('sorry, too many clients already', '53300'),
    withCode('connect ETIMEDOUT 10.0.0.9:5432', 'ETIMEDOUT'),
    new Error('Connection terminated unexpectedly'),
    new Error('Connection terminated due to connection timeout'),
    new Error('timeout exceeded when trying to connect'),
    new Error('Query read timeout'),
  ])('treats %s as an outage', (err) => {
    expect(isConnectivityError(err)).toBe(true);
    const translated = translatePgError(err, 'h:5432/db');
    expect(translated).toBeInstanceOf(DomainError);
    expect((translated as DomainError).code).toBe('REGISTRY_UNAVAILABLE');
    expect((translated as DomainError).message).toContain('h:5432/db');
    expect((translated as DomainError).message).toContain(err.message);
  });

  it.each([
    withCode('new row violates check constraint', '23514'),
    queryFailed('duplicate key value violates unique constraint', '23505'),
    withCode('relation "engine_state" does not exist', '42P01'),
    new TypeError('Cannot read properties of undefined'),
  ])('leaves the query error %s alone', (err) => {
    expect(isConnectivityError(err)).toBe(false);
    expect(translatePgError(err, 'h:5432/db')).toBe(err);
  });

  it('passes domain errors through unchanged', () => {
    const err = new DomainError('REGISTRY_CORRUPT', 'table engine_state exists');
    expect(translatePgError(err, 'h:5432/db')).toBe(err);
  });

  it('tells timeouts from other failures', () => {
    expect(isTimeoutError(withCode('canceling statement due to statement timeout', '57014'))).toBe(
      true,
    );
    expect(isTimeoutError(queryFailed('canceling statement', '57014'))).toBe(true);
    expect(isTimeoutError(new Error('Query read timeout'))).toBe(true);
    expect(isTimeoutError(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isTimeoutError(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(
      false,
    );
    expect(isTimeoutError(withCode('new row violates check constraint', '23514'))).toBe(false);
  });
});
