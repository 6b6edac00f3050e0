import type { Provider } from '@nestjs/common';
import type { Clock } from '@flotilla/core';
import type { VenuePort } from '@flotilla/engine';
import type { Logging } from '@flotilla/logging';
import { CLOCK, ENGINE_MANAGER, LOGGING, VENUE_EVENTS, VENUE_PORT } from '../runtime/tokens';
import type { EngineManager } from '../supervisor';
import { VenueEventRouter } from './venue-event-router';

/** The private stream, fanned out to the engines; FleetLifecycle starts it before the fleet resumes. */
export const venueEventsProvider: Provider = {
  provide: VENUE_EVENTS,
  inject: [VENUE_PORT, ENGINE_MANAGER, CLOCK, LOGGING],
  useFactory: (
    venue: VenuePort,
    manager: EngineManager,
    clock: Clock,
    logging: Logging,
  ): VenueEventRouter =>
    new VenueEventRouter({
      venue,
      deliver: (symbol, event) => manager.postVenueEvent(symbol, event),
      clock,
      logger: logging.root,
    }),
};
