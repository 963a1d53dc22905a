/**
 * The target of `rel="next"` in an RFC 8288 Link header, resolved against
 * the request URL; undefined when there is none.
 */
export function nextLink(header: string | null | undefined, base: string | URL): URL | undefined {
  if (!header) return undefined;
  const link = /<([^>]*)>((?:\s*;\s*[^;,]+(?:=(?:"[^"]*"|[^;,]*))?)*)/g;
  for (const match of header.matchAll(link)) {
    const params = match[2] ?? '';
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;,\s]+))/i.exec(params);
    const values = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (values.includes('next')) return new URL(match[1] ?? '', base);
  }
  return undefined;
}
