// player first: TypeScript checks plyr.ts's typing workaround in import order, and it holds only when plyr loads first.
import { initPlayer } from './player';
import { followJob } from './jobs';
import { initSuggest } from './suggest';
import { continueWatching } from './storage';

// One bundle for every page: each feature looks for its markup and does nothing when it is absent.

function renderContinueWatching(row: HTMLElement): void {
  const entries = continueWatching();
  const list = row.querySelector('[data-continue-list]');
  if (!list || entries.length === 0) {
    return;
  }
  for (const entry of entries) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.className = 'card continue-card glass';
    link.href = entry.url;
    const name = document.createElement('span');
    name.className = 'card-title';
    name.textContent = entry.title;
    const bar = document.createElement('progress');
    bar.max = 1;
    bar.value = entry.duration > 0 ? entry.position / entry.duration : 0;
    bar.setAttribute('aria-label', `${Math.round(bar.value * 100)}% watched`);
    if (entry.poster?.startsWith('/poster/') || entry.poster?.startsWith('/art/')) {
      const img = document.createElement('img');
      img.src = entry.poster;
      img.alt = '';
      img.width = 400;
      img.height = 600;
      link.append(img);
    }
    link.append(name, bar);
    item.append(link);
    list.append(item);
  }
  row.hidden = false;
}

function start(): void {
  document.querySelectorAll<HTMLInputElement>('input[data-suggest-url]').forEach(initSuggest);
  const row = document.querySelector<HTMLElement>('[data-continue-row]');
  if (row) {
    renderContinueWatching(row);
  }
  const host = document.querySelector<HTMLElement>('[data-player]');
  if (host) {
    const player = initPlayer(host);
    // Handy in the console and for the browser tests.
    (window as unknown as { streamVaultPlayer?: unknown }).streamVaultPlayer = player;
  }
  document.querySelectorAll<HTMLElement>('[data-job-progress]').forEach(followJob);
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start);
} else {
  start();
}
