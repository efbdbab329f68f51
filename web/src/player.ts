import { PlyrClass, type PlyrPlayer as Plyr } from './plyr';
import { bindKeyboard, speeds } from './keyboard';
import { startNextCountdown } from './countdown';
import { loadPosition, savePosition } from './storage';
import { bindLinkRenewal } from './relink';

// Enhances the server-rendered <video data-player> (which works on its own with native controls).
// Sources carry size="1080" for Plyr's quality menu; <track> elements give the subtitle menu.

const saveEvery = 3; // seconds of playback between resume-position writes

function sizes(video: HTMLVideoElement): number[] {
  return Array.from(video.querySelectorAll('source'))
    .map((s) => Number(s.getAttribute('size')))
    .filter((n) => n > 0);
}

function rememberPosition(media: HTMLVideoElement, host: HTMLElement, key: string): void {
  let lastSaved = 0;
  const save = (): void => {
    if (media.currentTime < 1 || !Number.isFinite(media.duration)) {
      return;
    }
    lastSaved = media.currentTime;
    savePosition({
      key,
      url: window.location.pathname + window.location.search,
      title: host.dataset.title ?? document.title,
      poster: host.dataset.poster,
      position: media.currentTime,
      duration: media.duration,
      updatedAt: Date.now(),
    });
  };
  media.addEventListener('timeupdate', () => {
    if (Math.abs(media.currentTime - lastSaved) >= saveEvery) {
      save();
    }
  });
  for (const name of ['pause', 'seeked', 'ended']) {
    media.addEventListener(name, save);
  }
  window.addEventListener('pagehide', save);

  const saved = loadPosition(key);
  media.addEventListener('loadedmetadata', function restore() {
    media.removeEventListener('loadedmetadata', restore);
    if (saved > 3 && saved < media.duration - 3) {
      media.currentTime = saved;
    }
  });
}

function bindQualityButtons(player: Plyr, available: number[]): void {
  for (const link of Array.from(document.querySelectorAll<HTMLAnchorElement>('a[data-quality]'))) {
    const quality = Number(link.dataset.quality);
    if (!available.includes(quality)) {
      continue;
    }
    // Switching in place keeps the position; without JS the link opens the watch page in that quality.
    link.addEventListener('click', (event) => {
      event.preventDefault();
      player.quality = quality;
    });
  }
  // Read the new quality from the event: Plyr's own getter compares a relative src with the absolute currentSrc.
  player.on('qualitychange', (event) => {
    const selected = Number((event.detail as unknown as { quality?: number }).quality);
    for (const link of Array.from(document.querySelectorAll<HTMLAnchorElement>('a[data-quality]'))) {
      const current = Number(link.dataset.quality) === selected;
      link.toggleAttribute('aria-current', current);
      link.closest('[data-quality-row]')?.classList.toggle('is-current', current);
    }
  });
}

export function initPlayer(host: HTMLElement): Plyr | null {
  const video = host.querySelector('video');
  if (!video) {
    return null;
  }
  const available = sizes(video);
  const selected = Number(host.dataset.quality) || available[0] || 1080;
  const player = new PlyrClass(video, {
    iconUrl: '/assets/plyr.svg', // served by us: no third-party CDN sees our viewers
    blankVideo: '',
    controls: ['play-large', 'play', 'rewind', 'fast-forward', 'progress', 'current-time', 'duration', 'mute', 'volume', 'captions', 'settings', 'pip', 'fullscreen'],
    settings: ['captions', 'quality', 'speed'],
    seekTime: 10,
    keyboard: { focused: false, global: false },
    tooltips: { controls: true, seek: true },
    captions: { active: false, language: 'auto', update: false },
    quality: { default: selected, options: available.length ? available : [selected], forced: false, onChange: () => undefined },
    speed: { selected: 1, options: speeds },
    storage: { enabled: false, key: 'plyr' },
    fullscreen: { enabled: true, fallback: true, iosNative: true },
    // Seek thumbnails when the server has (or can draw) them; one set serves every quality.
    previewThumbnails: { enabled: Boolean(host.dataset.thumbnails), src: host.dataset.thumbnails ?? '' },
  });
  rememberPosition(video, host, host.dataset.resumeKey ?? window.location.pathname);
  bindLinkRenewal(video, host);
  bindKeyboard(player, video);
  bindQualityButtons(player, available);

  const nextUrl = host.dataset.nextUrl;
  if (nextUrl) {
    player.on('ended', () => startNextCountdown(host, nextUrl, host.dataset.nextTitle ?? 'next episode'));
  }
  host.classList.add('is-enhanced');
  return player;
}
