import { DomainError } from '@flotilla/core';
import { createRegistry, registrySpoolPath } from './create-registry';
import { JsonFileRegistry } from './json/json-file-registry';
import { PostgresRegistry } from './postgres/postgres-registry';

describe('createRegistry', () => {
  it('defaults to the JSON file in DATA_DIR', () => {
    const registry = createRegistry({ kind: 'json', dataDir: '/var/lib/flotilla' });
    expect(registry).toBeInstanceOf(JsonFileRegistry);
    expect(registry.describeStore()).toBe('json file /var/lib/flotilla/engine-registry.json');
  });

  it('builds the Postgres adapter and names the store without the password', () => {
    const registry = createRegistry({
      kind: 'postgres',
      dataDir: '/data',
      databaseUrl: 'postgres://flotilla:hunter2@db.internal:6543/fleet',
    });
    expect(registry).toBeInstanceOf(PostgresRegistry);
    expect(registry.describeStore()).toBe('postgres db.internal:6543/fleet');
  });

  it.each([
    [undefined, 'needs DATABASE_URL'],
    ['mysql://db/fleet', 'scheme mysql'],
    ['not a url', 'not a valid URL'],
  ])('rejects DATABASE_URL %s', (databaseUrl, message) => {
    const build = () => createRegistry({ kind: 'postgres', dataDir: '/data', databaseUrl });
    expect(build).toThrow(DomainError);
    expect(build).toThrow(message);
  });

  it('spools outage writes in DATA_DIR for Postgres only', () => {
    expect(registrySpoolPath('postgres', '/var/lib/flotilla')).toBe(
      '/var/lib/flotilla/registry-spool.json',
    );
    expect(registrySpoolPath('json', '/var/lib/flotilla')).toBeUndefined();
  });
});
