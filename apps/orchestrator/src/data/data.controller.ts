import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { SymbolPipe } from '../common/symbol.pipe';
import { ErrorDto } from '../engines/dto/engine-status.dto';
import { BookMetricsDto, OrderBookDto, OrderBookQueryDto, PairDto } from './dto/data.dto';
import { DataService } from './data.service';

@ApiTags('data')
@Controller('data')
export class DataController {
  constructor(private readonly data: DataService) {}

  @Get('pairs')
  @ApiOperation({ summary: 'Instruments the venue lists, with tick, step and minimums' })
  @ApiOkResponse({ type: [PairDto] })
  pairs(): PairDto[] {
    return this.data.pairs();
  }

  @Get('orderbook/:symbol')
  @ApiOperation({ summary: 'Top of the local order book of a running engine' })
  @ApiParam({ name: 'symbol', example: 'BTCUSDT' })
  @ApiOkResponse({ type: OrderBookDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'not listed, or no engine subscribed' })
  orderbook(
    @Param('symbol', SymbolPipe) symbol: string,
    @Query() query: OrderBookQueryDto,
  ): OrderBookDto {
    return this.data.orderbook(symbol, query.depth ?? 20);
  }

  @Get('metrics')
  @ApiOperation({ summary: 'Book metrics of every subscribed symbol' })
  @ApiOkResponse({ type: [BookMetricsDto] })
  metrics(): BookMetricsDto[] {
    return this.data.allMetrics();
  }

  @Get('metrics/:symbol')
  @ApiOperation({ summary: 'Mid, spread, imbalance and feed health of one symbol' })
  @ApiParam({ name: 'symbol', example: 'BTCUSDT' })
  @ApiOkResponse({ type: BookMetricsDto })
  @ApiBadRequestResponse({ type: ErrorDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  symbolMetrics(@Param('symbol', SymbolPipe) symbol: string): BookMetricsDto {
    return this.data.metrics(symbol);
  }
}
