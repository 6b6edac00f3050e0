import { join } from 'node:path';
import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import type { FlotillaConfig } from '@flotilla/config';
import { CONFIG, ENGINE_MANAGER } from '../runtime/tokens';
import type { EngineManager } from '../supervisor';
import { CURSOR_RULE, parseLogCursor } from './engine-log-cursor';
import { EngineLogReader, type LogPage } from './engine-log-reader';

export interface EngineLogsQuery {
  readonly lines: number;
  readonly cursor?: string;
}

/** An engine's own JSONL log (DATA_DIR/logs), tailed or followed with a cursor. */
@Injectable()
export class EngineLogsService {
  private readonly reader: EngineLogReader;

  constructor(
    @Inject(CONFIG) config: FlotillaConfig,
    @Inject(ENGINE_MANAGER) private readonly manager: EngineManager,
  ) {
    this.reader = new EngineLogReader(join(config.dataDir, 'logs'));
  }

  /** 404 (ENGINE_NOT_FOUND) only for a symbol with neither an engine nor a log file. */
  async read(symbol: string, query: EngineLogsQuery): Promise<LogPage> {
    const from = query.cursor === undefined ? undefined : parseLogCursor(query.cursor);
    if (from === null) throw new BadRequestException(CURSOR_RULE);
    const files = await this.reader.files(symbol);
    if (files.length === 0) this.manager.status(symbol);
    return from === undefined
      ? this.reader.tail(files, query.lines)
      : this.reader.after(files, from, query.lines);
  }
}
