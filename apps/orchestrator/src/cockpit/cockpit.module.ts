import { Module } from '@nestjs/common';
import { CockpitWsGateway } from './ws/cockpit-ws.gateway';
import { COCKPIT_WS_OPTIONS, DEFAULT_WS_OPTIONS } from './ws/ws-options';

/** The operator's cockpit: the `/ws` push feed (docs/ws-protocol.md). Options: override COCKPIT_WS_OPTIONS. */
@Module({
  providers: [{ provide: COCKPIT_WS_OPTIONS, useValue: DEFAULT_WS_OPTIONS }, CockpitWsGateway],
  exports: [CockpitWsGateway],
})
export class CockpitModule {}
