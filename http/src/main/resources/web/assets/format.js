// How times, durations and states read on the pages.

let states = null;

/** The state codes and names, as the node serves them (the same list the API validates against). */
export async function loadStates() {
  if (!states) {
    const response = await fetch('/assets/states.json');
    states = await response.json();
  }
  return states;
}

export function stateName(code) {
  const found = states && states.find(s => s.code === code);
  return found ? found.name : code;
}

/** "12 min", "1 h 5 min", "40 s": compact, for caregivers' tables. */
export function shortDuration(seconds) {
  if (seconds === undefined || seconds === null) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** "about 15 minutes": how a wait estimate reads to a patient. */
export function waitText(seconds) {
  if (seconds === undefined || seconds === null) return null;
  if (seconds < 60) return 'less than a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  const rest = Math.round((minutes % 60) / 5) * 5;
  return `about ${hours} hour${hours === 1 ? '' : 's'}${rest ? ` ${rest} minutes` : ''}`;
}

/** An instant in the reader's own time zone, with the zone named: "Mon 7:00 AM PST". */
export function timeText(instant) {
  if (!instant) return '';
  return new Intl.DateTimeFormat(undefined, { weekday: 'short', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' })
    .format(new Date(instant));
}

export function clockText(instant, seconds = false) {
  return new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit', second: seconds ? '2-digit' : undefined })
    .format(new Date(instant));
}

/** Seconds since an instant, by the server's clock (offset measured when data last came from it). */
export function secondsSince(instant, serverOffsetMs = 0) {
  return Math.max(0, (Date.now() + serverOffsetMs - new Date(instant).getTime()) / 1000);
}
