import { useMemo, useState } from 'react';
import { allTimeZones, searchTimeZones } from './pcDefaults';

/** A searchable list of IANA zones: type a city ("Berlin") and pick Europe/Berlin. */
export function TimeZonePicker({ value, onChange, id }: { value: string; onChange(zone: string): void; id: string }) {
  const zones = useMemo(allTimeZones, []);
  const [query, setQuery] = useState('');
  const matches = useMemo(() => searchTimeZones(query, zones), [query, zones]);
  return (
    <div className="tz-picker">
      <div><b data-testid="setup-tz-value">{value}</b> <span className="muted">(search to change)</span></div>
      <input id={id} data-testid="setup-tz-search" placeholder="Search a city, e.g. Berlin" value={query} onChange={(e) => setQuery(e.target.value)} autoComplete="off" />
      {query.trim() && (
        <div role="listbox" aria-label="Time zones" className="tz-matches">
          {matches.length === 0 && <div className="muted">No time zone matches "{query}". Try the city's English name.</div>}
          {matches.map((z) => (
            <button type="button" role="option" aria-selected={z === value} key={z} data-testid={`tz-option-${z}`} className={z === value ? 'picked' : ''}
              onClick={() => { onChange(z); setQuery(''); }}>
              {z.replace(/_/g, ' ')}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
