// Intl.DateTimeFormat is costly to build (it resolves locale data and the zone each time) and cheap to use: the
// worker formats several times per email, so each distinct format is built once per process and kept.

const cache = new Map<string, Intl.DateTimeFormat>();

/**
 * `new Intl.DateTimeFormat(locale, options)`, built once per distinct (locale, options) and reused. Throws the
 * same RangeError as the constructor for an unknown time zone (nothing is cached then).
 */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}\u0000${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    cache.set(key, format);
  }
  return format;
}
