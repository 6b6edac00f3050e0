import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { DomainError } from '@flotilla/core';
import type { OwnershipLease } from '@flotilla/registry';
import type { Request } from 'express';
import { OWNERSHIP } from '../runtime/tokens';

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A replica that does not hold the ownership lease answers every mutating route 503 naming the
 * holder, before anything is written: its engines are not running here, and the registry would
 * refuse the write anyway (fencing).
 */
@Injectable()
export class StandbyGuard implements CanActivate {
  constructor(@Inject(OWNERSHIP) private readonly lease: OwnershipLease) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (READ_METHODS.has(req.method) || this.lease.fence()) return true;
    const { state, holder, epoch } = this.lease.status();
    throw new DomainError(
      'NOT_OWNER',
      `this replica is ${state === 'standby' ? 'a standby' : `not the owner (${state})`}; ` +
        `the fleet is owned by ${holder ?? 'nobody yet'}${epoch ? ` (lease epoch ${epoch})` : ''}`,
    );
  }
}
