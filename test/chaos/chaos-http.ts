/** DELETE answering 2xx, else an Error naming the status (the venue's admin routes). */
export async function deleteJson(url: string): Promise<unknown> {
  const res = await fetch(url, { method: 'DELETE', signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  if (!res.ok) throw new Error(`DELETE ${url}: HTTP ${res.status} ${text}`);
  return text ? (JSON.parse(text) as unknown) : null;
}
