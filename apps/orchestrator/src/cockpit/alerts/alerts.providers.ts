import type { Provider } from '@nestjs/common';
import type { FlotillaConfig } from '@flotilla/config';
import type { Clock } from '@flotilla/core';
import type { Logging } from '@flotilla/logging';
import type { ApiToken } from '../../auth/api-token';
import { API_TOKEN } from '../../auth/bearer-auth.guard';
import { CLOCK, COCKPIT_BUS, CONFIG, LOGGING } from '../../runtime/tokens';
import type { CockpitBus } from '../cockpit-bus';
import { AlertService } from './alert.service';
import { alertOnBusEvent } from './alert-rules';
import { WebhookSender } from './webhook-sender';

/** The one AlertService; with ALERT_WEBHOOK_URL set it also POSTs each alert there. */
export const alertServiceProvider: Provider = {
  provide: AlertService,
  inject: [CONFIG, CLOCK, LOGGING, COCKPIT_BUS, API_TOKEN],
  useFactory: (
    config: FlotillaConfig,
    clock: Clock,
    logging: Logging,
    bus: CockpitBus,
    token: ApiToken,
  ): AlertService => {
    const alerts = new AlertService({
      clock,
      logger: logging.root,
      bus,
      secrets: [token.value, config.exchange.apiKey ?? '', config.exchange.apiSecret ?? ''],
      delivery:
        config.alertWebhookUrl === undefined
          ? null
          : new WebhookSender({ url: config.alertWebhookUrl, clock, logger: logging.root }),
    });
    alerts.onClose(bus.subscribe((event) => alertOnBusEvent(alerts, event)));
    return alerts;
  },
};
