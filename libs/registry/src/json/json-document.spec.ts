import { applyPatch, newRecord } from '../record';
import {
  RegistryDocumentWriter,
  parseRegistryDocument,
  serializeRegistryDocument,
} from './json-document';

const T = '2026-06-01T12:00:00.000Z';

describe('RegistryDocumentWriter', () => {
  it('writes exactly the bytes of the whole-document serializer, empty or not', () => {
    const writer = new RegistryDocumentWriter();
    expect(writer.serialize([]).toString()).toBe(serializeRegistryDocument([]));
    const btc = applyPatch(newRecord('BTCUSDT', T), { desiredState: 'running' }, T);
    const eth = applyPatch(
      newRecord('ETHUSDT', T),
      {
        observedState: 'failed',
        health: {
          lastHeartbeat: T,
          eventsProcessed: 7,
          errorCount: 1,
          lastError: 'a "quoted"\nline',
        },
        configOverrides: { buyThreshold: '0.8', cooldownMs: 1000 },
        restartHistory: [T],
      },
      T,
    );
    expect(writer.serialize([btc, eth]).toString()).toBe(serializeRegistryDocument([btc, eth]));
    const parsed = parseRegistryDocument('x.json', writer.serialize([btc, eth]).toString());
    expect(parsed.engines.ETHUSDT).toEqual(eth);
  });

  it('re-encodes a record only when the registry replaced it', () => {
    const writer = new RegistryDocumentWriter();
    const btc = newRecord('BTCUSDT', T);
    const eth = newRecord('ETHUSDT', T);
    writer.serialize([btc, eth]);
    const spy = jest.spyOn(JSON, 'stringify');
    const next = applyPatch(eth, { desiredState: 'running' }, T);
    const text = writer.serialize([btc, next]).toString();
    expect(spy).toHaveBeenCalledTimes(2); // the changed record and its key, not BTCUSDT
    spy.mockRestore();
    expect(text).toBe(serializeRegistryDocument([btc, next]));
  });
});
