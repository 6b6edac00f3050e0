/** Resolves when the venue's REST answers /v5/market/time within 2 s; rejects otherwise. */
export async function pingVenue(restUrl: string): Promise<void> {
  const url = `${restUrl.replace(/\/+$/, '')}/v5/market/time`;
  const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
  if (!res.ok) throw new Error(`venue time endpoint answered HTTP ${res.status}`);
  const body = (await res.json()) as { retCode?: unknown };
  if (body.retCode !== 0)
    throw new Error(`venue time endpoint answered retCode ${String(body.retCode)}`);
}
