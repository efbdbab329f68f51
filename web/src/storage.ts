// Resume positions and the "continue watching" shelf live in localStorage: per browser, no account needed,
// and the server never learns what was watched.

const positionPrefix = 'sv:pos:';
const continueKey = 'sv:continue';
const maxContinue = 20;

export interface ContinueEntry {
  key: string;
  url: string;
  title: string;
  poster?: string;
  position: number;
  duration: number;
  updatedAt: number;
}

function read<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw === null ? fallback : (JSON.parse(raw) as T);
  } catch {
    return fallback; // private mode, quota or a corrupted value: behave as if nothing was saved
  }
}

function write(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    /* storage full or disabled: resuming is a convenience, never an error */
  }
}

export function loadPosition(key: string): number {
  const value = read<number>(positionPrefix + key, 0);
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

export function savePosition(entry: ContinueEntry): void {
  const finished = entry.duration > 0 && entry.position >= entry.duration * 0.95;
  const list = read<ContinueEntry[]>(continueKey, []).filter((e) => e && e.key !== entry.key);
  if (finished) {
    localStorage.removeItem(positionPrefix + entry.key);
  } else {
    write(positionPrefix + entry.key, entry.position);
    list.unshift(entry);
  }
  write(continueKey, list.slice(0, maxContinue));
}

export function continueWatching(): ContinueEntry[] {
  const list = read<ContinueEntry[]>(continueKey, []);
  return Array.isArray(list) ? list.filter((e) => e && typeof e.url === 'string' && e.url.startsWith('/')) : [];
}
