import { Controller, Get, Param, Query, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { BearerAuthGuard } from '../auth/bearer-auth.guard';
import { ApiError, ApiNeedsToken } from '../common/api-error';
import { SymbolPipe } from '../common/symbol.pipe';
import { DEFAULT_LOG_LINES, EngineLogsDto, EngineLogsQueryDto } from './dto/engine-logs.dto';
import { EngineLogsService } from './engine-logs.service';

/** An engine's own log for operators (flotilla logs SYMBOL [--follow]). */
@ApiTags('engines')
@ApiNeedsToken()
@UseGuards(BearerAuthGuard)
@Controller('engines')
export class EngineLogsController {
  constructor(private readonly engineLogs: EngineLogsService) {}

  @Get(':symbol/logs')
  @ApiOperation({
    operationId: 'getEngineLogs',
    summary: "The engine's own JSONL log lines (DATA_DIR/logs), newest last",
    description:
      'Without cursor: the last `lines` lines across its daily and size-split files. With the cursor of an earlier answer: the lines written after it, at most `lines` (poll again with the new cursor to follow; a rotated or pruned file is skipped past). A line still being written is left for the next call. At most 4 MiB is read per call.',
  })
  @ApiParam({
    name: 'symbol',
    example: 'BTCUSDT',
    description: 'exchange id; BTC-USDT and btcusdt are accepted',
  })
  @ApiOkResponse({ type: EngineLogsDto })
  @ApiError(
    400,
    'malformed symbol, lines or cursor, or a query parameter the route does not take',
    'lines must be at most 1000',
  )
  @ApiError(404, 'no engine for this symbol and no log file of it', 'no engine for XRPUSDT')
  async logs(
    @Param('symbol', SymbolPipe) symbol: string,
    @Query() query: EngineLogsQueryDto,
  ): Promise<EngineLogsDto> {
    const page = await this.engineLogs.read(symbol, {
      lines: query.lines ?? DEFAULT_LOG_LINES,
      cursor: query.cursor,
    });
    return { symbol, ...page };
  }
}
