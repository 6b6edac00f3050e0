import { buildNativeStatusLoad, NativeStatusLoad } from './status-load-native';
import { StatusLoadThread, type StatusLoadResult } from './status-load-thread';

export interface StatusLoad {
  /** The native client's process, to lower its priority as the other fixtures'; null for a thread. */
  readonly pid: number | null;
  stop(): Promise<StatusLoadResult>;
}

interface Options {
  readonly url: string;
  readonly ratePerS: number;
  readonly gzip: boolean;
}

export interface StatusLoadKind {
  /** What runs the load, and why when it is not the one asked for. */
  readonly client: string;
  start(options: Options): StatusLoad;
}

/**
 * The benches' status load from `--status-client`: native (the default: status-load.c, timed at
 * the wire as well) when the machine can build it, else the Node thread, saying so; or node.
 * Throws naming the option for anything else. The native client is built here, before a bench
 * starts its processes, so no compiler runs inside a measured window.
 */
export function prepareStatusLoad(text: string | undefined): StatusLoadKind {
  const kind = text ?? 'native';
  if (kind !== 'native' && kind !== 'node') {
    throw new Error(`--status-client must be native or node, not ${kind}`);
  }
  const built = kind === 'native' ? buildNativeStatusLoad() : null;
  if (built !== null && 'path' in built) {
    return {
      client: 'native',
      start: (options) => {
        const load = NativeStatusLoad.start(built.path, options);
        return { pid: load.pid, stop: () => load.stop() };
      },
    };
  }
  return {
    client: built === null ? 'node' : `node (${built.missing})`,
    start: (options) => {
      const load = StatusLoadThread.start(options);
      return { pid: null, stop: () => load.stop() };
    },
  };
}
