import type { IncomingMessage } from 'node:http';
import type { ApiToken } from '../../auth/api-token';
import { bearerTokenOf, TokenMatcher } from '../../auth/bearer-auth.guard';
import type { AuthFailureLimiter } from '../../http/auth-failure-limiter';
import { clientIp } from '../../http/client-ip';
import { authTokenOf } from './ws-messages';

/** What the upgrade request earns: a socket (authenticated by its header, or still to send `auth`) or an HTTP refusal. */
export type UpgradeVerdict =
  | { readonly kind: 'accept'; readonly authenticated: boolean }
  | {
      readonly kind: 'refuse';
      readonly status: 401 | 429;
      readonly message: string;
      readonly retryAfterS?: number;
    };

/**
 * `/ws` authentication, the same token and rules as BearerAuthGuard: constant-time compare, and a
 * client over its failed-authentication limit is refused before its token is looked at.
 */
export class WsAuth {
  private readonly token: TokenMatcher;

  constructor(
    token: ApiToken,
    private readonly failures: AuthFailureLimiter | undefined,
  ) {
    this.token = new TokenMatcher(token);
  }

  checkUpgrade(req: IncomingMessage): UpgradeVerdict {
    const client = clientIp(req);
    const waitMs = this.failures?.retryAfterMs(client) ?? 0;
    if (waitMs > 0) {
      const retryAfterS = Math.ceil(waitMs / 1000);
      return {
        kind: 'refuse',
        status: 429,
        message: `too many failed authentications from this client; retry after ${retryAfterS} s`,
        retryAfterS,
      };
    }
    const header = req.headers.authorization;
    if (header === undefined) return { kind: 'accept', authenticated: false };
    const presented = bearerTokenOf(header);
    if (presented === null || !this.token.matches(presented)) {
      this.failures?.recordFailure(client);
      return { kind: 'refuse', status: 401, message: 'invalid bearer token' };
    }
    return { kind: 'accept', authenticated: true };
  }

  /** The first message of a connection that came without a header: true only for `{"op":"auth"}` with the token. */
  checkFirstMessage(req: IncomingMessage, text: string): boolean {
    const presented = authTokenOf(text);
    if (presented !== null && this.token.matches(presented)) return true;
    this.failures?.recordFailure(clientIp(req));
    return false;
  }

  /** A connection that never authenticated counts as a failure. */
  recordTimeout(req: IncomingMessage): void {
    this.failures?.recordFailure(clientIp(req));
  }
}
