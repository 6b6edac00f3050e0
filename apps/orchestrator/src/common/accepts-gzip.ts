/**
 * Whether an Accept-Encoding header (RFC 9110 §12.5.3) admits gzip: listed, or covered by `*`,
 * with a q-value above 0. An explicit `gzip;q=0` refuses it whatever `*` says.
 */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return false;
  let wildcard = false;
  for (const part of value.split(',')) {
    const [coding, ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    const admitted = q === undefined || Number(q.slice(2)) > 0;
    if (coding === 'gzip') return admitted;
    if (coding === '*') wildcard = admitted;
  }
  return wildcard;
}
