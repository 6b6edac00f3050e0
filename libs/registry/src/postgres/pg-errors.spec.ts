import { DomainError } from '@flotilla/core';
import { isConnectivityError, translatePgError } from './pg-errors';

function withCode(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('pg error translation', () => {
  it.each([
    withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
    withCode('terminating connection due to administrator command', '57P01'),
    withCode('database "x" is not currently accepting connections', '55000'),
    new Error('Connection terminated unexpectedly'),
    new Error('timeout exceeded when trying to connect'),
  ])('treats %s as an outage', (err) => {
    expect(isConnectivityError(err)).toBe(true);
    const translated = translatePgError(err, 'h:5432/db');
    expect(translated).toBeInstanceOf(DomainError);
    expect((translated as DomainError).code).toBe('REGISTRY_UNAVAILABLE');
    expect((translated as DomainError).message).toContain('h:5432/db');
  });

  it('leaves query errors alone', () => {
    const err = withCode('new row violates check constraint', '23514');
    expect(translatePgError(err, 'h:5432/db')).toBe(err);
  });
});
