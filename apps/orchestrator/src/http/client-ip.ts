/** What clientIp reads: an Express request, or a bare IncomingMessage (a WebSocket upgrade). */
export interface ClientAddressSource {
  readonly ip?: string;
  readonly socket?: { readonly remoteAddress?: string };
}

/** The client a limit applies to: the socket's peer (set `trust proxy` in front of a proxy). */
export function clientIp(req: ClientAddressSource): string {
  return req.ip ?? req.socket?.remoteAddress ?? 'unknown';
}
