import * as winston from 'winston';
import type TransportStream from 'winston-transport';

// winston exports its Transport base class at run time; its typings name it only as a namespace.
const Transport = (winston as unknown as { Transport: typeof TransportStream }).Transport;
import type { FileSink } from './file-sink';

/** Where a line goes and the clock reading it was made at, carried on winston's info object. */
export const SINK = Symbol('flotilla.sink');
export const AT = Symbol('flotilla.at');

export interface SinkInfo {
  level: string;
  message: string;
  [SINK]: FileSink;
  [AT]: number;
  [key: symbol]: unknown;
}

/**
 * The winston transport in front of our own JSONL files: each line names its stream's FileSink
 * (orchestrator, or one engine), which dates, splits and prunes the files by the line's clock.
 */
export class FileSinkTransport extends Transport {
  constructor(private readonly lineOf: (info: SinkInfo) => string) {
    super({ level: 'debug' });
  }

  override log(info: SinkInfo, next: () => void): void {
    info[SINK].write(info.level, this.lineOf(info), info[AT]);
    next();
  }
}
