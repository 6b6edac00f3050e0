import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { acceptsGzip } from '../common/accepts-gzip';
import { ApiError, ApiMalformedSymbol, ApiNeedsToken, ApiRegistryDown } from '../common/api-error';
import { BearerAuthGuard } from '../auth/bearer-auth.guard';
import { SymbolPipe } from '../common/symbol.pipe';
import type { EngineStatus } from '../supervisor';
import { EngineConfigResultDto, EngineOverridesDto } from './dto/engine-config.dto';
import {
  EngineCommandResultDto,
  EngineStatusDto,
  FleetStatusDto,
  FleetStatusQueryDto,
} from './dto/engine-status.dto';
import { EngineFaultDto } from './dto/fault.dto';
import { FaultInjectionGuard } from './fault-injection.guard';
import { EnginesService } from './engines.service';

const SYMBOL_PARAM = {
  name: 'symbol',
  example: 'BTCUSDT',
  description: 'exchange id; BTC-USDT and btcusdt are accepted',
};

const ETAG_HEADER = {
  ETag: {
    description:
      'weak tag of what an operator acts on (states, errors, restarts, feed connected); ages and counters are not in it',
    schema: { type: 'string', example: 'W/"Hk0yJ3p2cQ9uXrS1bV4tZg"' },
  },
};

const NO_ENGINE = (what: string) =>
  ApiError(404, `no engine for this symbol ${what}`.trim(), 'no engine for XRPUSDT');

function commandResult(symbol: string, engine: EngineStatus): EngineCommandResultDto {
  return { ok: true, symbol, status: engine.status, engine };
}

@ApiTags('engines')
@Controller('engines')
export class EnginesController {
  constructor(private readonly engines: EnginesService) {}

  @Get('status')
  @ApiOperation({
    operationId: 'getFleetStatus',
    summary:
      'Status of every engine (states as of now; ages, counters and PnL up to 1 s old; commands refresh it at once)',
    description:
      'Carries a weak ETag over what an operator acts on (states, desired states, errors, restarts, feed connected), not over ages, uptimes or counters; a poller that sends it back in If-None-Match gets 304 with no body until something it would act on changes. Gzip-compressed for clients that send Accept-Encoding: gzip (the body is ~450 bytes per engine).',
  })
  @ApiOkResponse({ type: FleetStatusDto, headers: ETAG_HEADER })
  @ApiResponse({
    status: 304,
    description: 'nothing an operator acts on changed since the ETag in If-None-Match',
    headers: ETAG_HEADER,
  })
  @ApiError(
    400,
    'unknown status value, or a query parameter the route does not take',
    'status must be one of stopped, starting, running, paused, stopping, crashed, backoff, failed',
  )
  async fleet(
    @Query() query: FleetStatusQueryDto,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const { body, etag, encoding } = acceptsGzip(req.headers['accept-encoding'])
      ? await this.engines.fleetBodyGzip(query.status)
      : await this.engines.fleetBody(query.status);
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Vary', 'Accept-Encoding');
    if (req.headers['if-none-match'] === etag) {
      res.status(304).end();
      return;
    }
    res.status(200);
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    if (encoding) res.setHeader('Content-Encoding', encoding);
    res.setHeader('Content-Length', body.length);
    res.end(body);
  }

  @Get('status/:symbol')
  @ApiOperation({ operationId: 'getEngineStatus', summary: 'Status of one engine' })
  @ApiParam(SYMBOL_PARAM)
  @ApiOkResponse({ type: EngineStatusDto })
  @ApiMalformedSymbol()
  @NO_ENGINE('')
  status(@Param('symbol', SymbolPipe) symbol: string): EngineStatus {
    return this.engines.status(symbol);
  }

  @Post('start/:symbol')
  @UseGuards(BearerAuthGuard)
  @ApiOperation({
    operationId: 'startEngine',
    summary: 'Start an engine (and keep it running across restarts)',
  })
  @ApiParam(SYMBOL_PARAM)
  @ApiCreatedResponse({ type: EngineCommandResultDto })
  @ApiMalformedSymbol()
  @ApiNeedsToken()
  @ApiError(404, 'symbol not listed on the venue', 'NOPEUSDT is not listed on the venue')
  @ApiError(409, 'engine already running', 'engine BTCUSDT is already running')
  @ApiRegistryDown()
  async start(@Param('symbol', SymbolPipe) symbol: string): Promise<EngineCommandResultDto> {
    return commandResult(symbol, await this.engines.start(symbol));
  }

  @Post('stop/:symbol')
  @HttpCode(200)
  @UseGuards(BearerAuthGuard)
  @ApiOperation({
    operationId: 'stopEngine',
    summary: 'Stop an engine; it stays stopped across restarts',
  })
  @ApiParam(SYMBOL_PARAM)
  @ApiOkResponse({ type: EngineCommandResultDto })
  @ApiMalformedSymbol()
  @ApiNeedsToken()
  @NO_ENGINE('(never started in this process)')
  @ApiRegistryDown()
  async stop(@Param('symbol', SymbolPipe) symbol: string): Promise<EngineCommandResultDto> {
    return commandResult(symbol, await this.engines.stop(symbol));
  }

  @Post('restart/:symbol')
  @HttpCode(200)
  @UseGuards(BearerAuthGuard)
  @ApiOperation({
    operationId: 'restartEngine',
    summary: 'Restart an engine (also leaves failed); clears its restart history',
  })
  @ApiParam(SYMBOL_PARAM)
  @ApiOkResponse({ type: EngineCommandResultDto })
  @ApiMalformedSymbol()
  @ApiNeedsToken()
  @NO_ENGINE('(start it first)')
  @ApiRegistryDown()
  async restart(@Param('symbol', SymbolPipe) symbol: string): Promise<EngineCommandResultDto> {
    return commandResult(symbol, await this.engines.restart(symbol));
  }

  @Put(':symbol/config')
  @UseGuards(BearerAuthGuard)
  @ApiOperation({
    operationId: 'putEngineConfig',
    summary: 'Set per-symbol strategy overrides; applied on the next start',
    description:
      'The body replaces all of the symbol\'s overrides; `{}` removes them. A key left out takes its value from the config file (engineDefaults, then its symbols block); null is refused, never read as "the default". The merged result is validated exactly as a start validates it, so a 200 means the engine can start with it.',
  })
  @ApiParam(SYMBOL_PARAM)
  @ApiBody({ type: EngineOverridesDto })
  @ApiOkResponse({ type: EngineConfigResultDto })
  @ApiError(
    400,
    'malformed symbol, or a bad override: names the key, its value and the rule (also a null value, a merged result that could not start, malformed JSON, or JSON nested deeper than 32 levels); nothing is stored',
    'buyThreshold: "1.5" must be a decimal in (0, 1]',
  )
  @ApiNeedsToken()
  @ApiError(404, 'symbol not listed on the venue', 'NOPEUSDT is not listed on the venue')
  @ApiRegistryDown()
  async setConfig(
    @Param('symbol', SymbolPipe) symbol: string,
    @Body() body: Record<string, unknown>,
  ): Promise<EngineConfigResultDto> {
    return {
      symbol,
      overrides: await this.engines.setConfig(symbol, body),
      appliesOn: 'next start',
    };
  }

  @Post(':symbol/faults')
  @HttpCode(200)
  @UseGuards(FaultInjectionGuard, BearerAuthGuard)
  @ApiOperation({
    operationId: 'injectFault',
    summary: 'Chaos hook (FAULT_INJECTION=true only): crash, hang or one handled error',
  })
  @ApiParam(SYMBOL_PARAM)
  @ApiOkResponse({ type: EngineStatusDto })
  @ApiError(
    400,
    'malformed symbol, or a fault type other than crash, hang, error',
    'type must be one of crash, hang, error',
  )
  @ApiNeedsToken()
  @ApiError(
    404,
    'fault injection off (even without a token), or no engine for this symbol',
    'fault injection is off (FAULT_INJECTION=true enables it)',
  )
  @ApiError(409, 'engine not running', 'engine BTCUSDT is not running (stopped)')
  fault(@Param('symbol', SymbolPipe) symbol: string, @Body() fault: EngineFaultDto): EngineStatus {
    return this.engines.injectFault(symbol, fault);
  }
}
