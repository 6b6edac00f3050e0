import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { acceptsGzip } from '../common/accepts-gzip';
import { BearerAuthGuard } from '../auth/bearer-auth.guard';
import { SymbolPipe } from '../common/symbol.pipe';
import type { EngineStatus } from '../supervisor';
import { EngineConfigResultDto, EngineOverridesDto } from './dto/engine-config.dto';
import {
  EngineCommandResultDto,
  EngineStatusDto,
  ErrorDto,
  FleetStatusDto,
} from './dto/engine-status.dto';
import { EngineFaultDto } from './dto/fault.dto';
import { FaultInjectionGuard } from './fault-injection.guard';
import { EnginesService } from './engines.service';

const SYMBOL_PARAM = {
  name: 'symbol',
  example: 'BTCUSDT',
  description: 'exchange id; BTC-USDT and btcusdt are accepted',
};

function commandResult(symbol: string, engine: EngineStatus): EngineCommandResultDto {
  return { ok: true, symbol, status: engine.status, engine };
}

@ApiTags('engines')
@Controller('engines')
export class EnginesController {
  constructor(private readonly engines: EnginesService) {}

  @Get('status')
  @ApiOperation({
    summary: 'Status of every engine (at most 100 ms old; commands refresh it at once)',
    description:
      'Carries an ETag; a poller that sends it back in If-None-Match gets 304 with no body while nothing changed. Gzip-compressed for clients that send Accept-Encoding: gzip (the body is ~450 bytes per engine).',
  })
  @ApiOkResponse({ type: FleetStatusDto })
  @ApiResponse({ status: 304, description: 'unchanged since the ETag in If-None-Match' })
  async fleet(@Req() req: Request, @Res() res: Response): Promise<void> {
    const { body, etag, encoding } = acceptsGzip(req.headers['accept-encoding'])
      ? await this.engines.fleetBodyGzip()
      : this.engines.fleetBody();
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
  @ApiOperation({ summary: 'Status of one engine' })
  @ApiParam(SYMBOL_PARAM)
  @ApiOkResponse({ type: EngineStatusDto })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'malformed symbol' })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'no engine for this symbol' })
  status(@Param('symbol', SymbolPipe) symbol: string): EngineStatus {
    return this.engines.status(symbol);
  }

  @Post('start/:symbol')
  @UseGuards(BearerAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Start an engine (and keep it running across restarts)' })
  @ApiParam(SYMBOL_PARAM)
  @ApiCreatedResponse({ type: EngineCommandResultDto })
  @ApiBadRequestResponse({ type: ErrorDto, description: 'malformed symbol' })
  @ApiUnauthorizedResponse({ type: ErrorDto })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'symbol not listed on the venue' })
  @ApiConflictResponse({ type: ErrorDto, description: 'engine already running' })
  async start(@Param('symbol', SymbolPipe) symbol: string): Promise<EngineCommandResultDto> {
    return commandResult(symbol, await this.engines.start(symbol));
  }

  @Post('stop/:symbol')
  @HttpCode(200)
  @UseGuards(BearerAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Stop an engine; it stays stopped across restarts' })
  @ApiParam(SYMBOL_PARAM)
  @ApiOkResponse({ type: EngineCommandResultDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  @ApiUnauthorizedResponse({ type: ErrorDto })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'no engine for this symbol' })
  async stop(@Param('symbol', SymbolPipe) symbol: string): Promise<EngineCommandResultDto> {
    return commandResult(symbol, await this.engines.stop(symbol));
  }

  @Post('restart/:symbol')
  @HttpCode(200)
  @UseGuards(BearerAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Restart an engine (also leaves failed); clears its restart history' })
  @ApiParam(SYMBOL_PARAM)
  @ApiOkResponse({ type: EngineCommandResultDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  @ApiUnauthorizedResponse({ type: ErrorDto })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'no engine for this symbol' })
  async restart(@Param('symbol', SymbolPipe) symbol: string): Promise<EngineCommandResultDto> {
    return commandResult(symbol, await this.engines.restart(symbol));
  }

  @Put(':symbol/config')
  @UseGuards(BearerAuthGuard)
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Set per-symbol strategy overrides; applied on the next start',
    description:
      'The body replaces all of the symbol\'s overrides; `{}` removes them. A key left out takes its value from the config file (engineDefaults, then its symbols block); null is refused, never read as "the default". The merged result is validated exactly as a start validates it, so a 200 means the engine can start with it.',
  })
  @ApiParam(SYMBOL_PARAM)
  @ApiBody({ type: EngineOverridesDto })
  @ApiOkResponse({ type: EngineConfigResultDto })
  @ApiBadRequestResponse({
    type: ErrorDto,
    description:
      'names the bad key, its value and the rule (also a null value, a merged result that could not start, malformed JSON, or JSON nested deeper than 32 levels); nothing is stored',
  })
  @ApiResponse({
    status: 415,
    type: ErrorDto,
    description: 'the body is not application/json',
  })
  @ApiUnauthorizedResponse({ type: ErrorDto })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'symbol not listed on the venue' })
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
  @ApiBearerAuth()
  @ApiOperation({
    summary: 'Chaos hook (FAULT_INJECTION=true only): crash, hang or one handled error',
  })
  @ApiParam(SYMBOL_PARAM)
  @ApiOkResponse({ type: EngineStatusDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  @ApiUnauthorizedResponse({ type: ErrorDto })
  @ApiNotFoundResponse({
    type: ErrorDto,
    description: 'fault injection off (even without a token), or no engine for this symbol',
  })
  @ApiConflictResponse({ type: ErrorDto, description: 'engine not running' })
  fault(@Param('symbol', SymbolPipe) symbol: string, @Body() fault: EngineFaultDto): EngineStatus {
    return this.engines.injectFault(symbol, fault);
  }
}
