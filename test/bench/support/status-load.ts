import { buildNativeStatusLoad, NativeStatusLoad } from './status-load-native';
import { StatusLoadThread, type StatusLoadResult } from './status-load-thread';

export interface StatusLoad {
  /** What runs the load, and why when it is not the one asked for. */
  readonly client: string;
  /** The native client's process, to lower its priority as the other fixtures'; null for a thread. */
  readonly pid: number | null;
  stop(): Promise<StatusLoadResult>;
}

interface Options {
  readonly url: string;
  readonly ratePerS: number;
  readonly gzip: boolean;
}

/** Parses `--status-client`: native (the default) or node; throws naming the option. */
export function parseStatusClient(text: string | undefined): 'native' | 'node' {
  const client = text ?? 'native';
  if (client !== 'native' && client !== 'node') {
    throw new Error(`--status-client must be native or node, not ${client}`);
  }
  return client;
}

/**
 * Starts the benches' status load: the native client (status-load.c, timed at the wire as well)
 * when the machine can build it, else the Node thread, saying so.
 */
export function startStatusLoad(kind: 'native' | 'node', options: Options): StatusLoad {
  if (kind === 'native') {
    const built = buildNativeStatusLoad();
    if ('path' in built) {
      const load = NativeStatusLoad.start(built.path, options);
      return { client: 'native', pid: load.pid, stop: () => load.stop() };
    }
    const load = StatusLoadThread.start(options);
    return { client: `node (${built.missing})`, pid: null, stop: () => load.stop() };
  }
  const load = StatusLoadThread.start(options);
  return { client: 'node', pid: null, stop: () => load.stop() };
}
