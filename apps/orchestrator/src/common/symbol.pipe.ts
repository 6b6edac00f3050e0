import { Injectable, type PipeTransform } from '@nestjs/common';
import { normalizeSymbol } from '@flotilla/core';

/** BTC-USDT and btcusdt become BTCUSDT; anything else is a 400 naming the rule (INVALID_SYMBOL). */
@Injectable()
export class SymbolPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    return normalizeSymbol(value);
  }
}
