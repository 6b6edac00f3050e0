import { Inject, Injectable, NotFoundException, type CanActivate } from '@nestjs/common';
import type { FlotillaConfig } from '@flotilla/config';
import { CONFIG } from '../runtime/tokens';

/** Runs before the bearer check, so with FAULT_INJECTION off the chaos route is a 404 for everyone. */
@Injectable()
export class FaultInjectionGuard implements CanActivate {
  constructor(@Inject(CONFIG) private readonly config: FlotillaConfig) {}

  canActivate(): boolean {
    if (!this.config.faultInjection)
      throw new NotFoundException('fault injection is off (FAULT_INJECTION=true enables it)');
    return true;
  }
}
