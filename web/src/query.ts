/** A query string of the non-empty values (empty filters are left out, not sent as ``). */
export function queryOf(values: Record<string, string>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value) params.set(name, value);
  return params.toString();
}
