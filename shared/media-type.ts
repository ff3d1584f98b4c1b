/** A Content-Type's media type alone, lower-cased: `image/PNG; q=1` → `image/png`. */
export const mediaType = (contentType: string): string =>
  contentType.split(';')[0]?.trim().toLowerCase() ?? '';
