/** What this PC suggests for a new shop: its time zone, its language, and the currency of its region. */
const CURRENCY_OF_REGION: Record<string, string> = {
  DE: 'EUR', AT: 'EUR', FR: 'EUR', ES: 'EUR', IT: 'EUR', PT: 'EUR', NL: 'EUR', BE: 'EUR', IE: 'EUR', FI: 'EUR', GR: 'EUR', LU: 'EUR',
  SK: 'EUR', SI: 'EUR', EE: 'EUR', LV: 'EUR', LT: 'EUR', HR: 'EUR', CY: 'EUR', MT: 'EUR',
  GB: 'GBP', US: 'USD', CA: 'CAD', AU: 'AUD', NZ: 'NZD', CH: 'CHF', SE: 'SEK', NO: 'NOK', DK: 'DKK', PL: 'PLN', CZ: 'CZK',
  HU: 'HUF', RO: 'RON', BG: 'BGN', JP: 'JPY', CN: 'CNY', IN: 'INR', BR: 'BRL', MX: 'MXN', ZA: 'ZAR', TR: 'TRY', CU: 'CUP',
  CL: 'CLP', AR: 'ARS', KR: 'KRW', SG: 'SGD', HK: 'HKD', AE: 'AED', IL: 'ILS', UA: 'UAH',
};

export const CURRENCIES = [...new Set(['EUR', 'USD', 'GBP', 'CHF', ...Object.values(CURRENCY_OF_REGION)])].sort();

export function pcTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function pcLocale(): string {
  try {
    return Intl.getCanonicalLocales(navigator.language || 'en-GB')[0] ?? 'en-GB';
  } catch {
    return 'en-GB';
  }
}

export function pcCurrency(locale: string = pcLocale()): string {
  try {
    const region = new Intl.Locale(locale).maximize().region;
    return (region && CURRENCY_OF_REGION[region]) || 'EUR';
  } catch {
    return 'EUR';
  }
}

export function allTimeZones(): string[] {
  const list = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
  return list.includes('UTC') ? list : [...list, 'UTC'];
}

/** Zones matching what was typed: "berlin" finds Europe/Berlin, "new york" America/New_York. */
export function searchTimeZones(query: string, zones: string[] = allTimeZones(), limit = 8): string[] {
  const q = query.trim().toLowerCase().replace(/\s+/g, '_');
  if (!q) return [];
  const scored = zones
    .map((z) => {
      const lower = z.toLowerCase();
      const city = lower.slice(lower.lastIndexOf('/') + 1);
      const rank = lower === q ? 0 : city.startsWith(q) ? 1 : lower.startsWith(q) ? 2 : lower.includes(q) ? 3 : 9;
      return { z, rank };
    })
    .filter((s) => s.rank < 9)
    .sort((a, b) => a.rank - b.rank || a.z.localeCompare(b.z));
  return scored.slice(0, limit).map((s) => s.z);
}
