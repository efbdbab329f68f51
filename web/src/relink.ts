// Stream and subtitle links are signed and expire (StreamVault:Delivery:LinkLifetime). A viewer who paused longer
// than that presses play on a dead link: the browser's next range request gets 403 and the <video> fails with a bare
// media error. Instead the player asks the server for fresh links (GET /api/links/play/{mediaId}), swaps them in and
// carries on at the same position in the same paused/playing state; when the server says no (410 removed, 403 no
// longer streamed) or cannot be reached, the page says so in words.

interface FreshLinks {
  stream: string;
  subtitles: { id: string; url: string }[];
}

interface Problem {
  detail?: string;
}

// A link is treated as expired this many seconds early: the check uses this device's clock, not the server's.
const expiryMargin = 30;
// A fresh link that fails again this soon was not an expiry (a broken file, a codec): say so rather than loop.
const retryAfterMs = 10_000;

const unreachable = 'The video link expired and a new one could not be fetched. Check the connection and reload the page.';

function expiresAt(url: string): number | null {
  const e = new URL(url, window.location.href).searchParams.get('e');
  return e && /^\d+$/.test(e) ? Number(e) : null;
}

function isExpired(url: string): boolean {
  const e = expiresAt(url);
  return e !== null && Date.now() / 1000 >= e - expiryMargin;
}

/** The id in /stream/{id}/... or /subtitles/{id}/... */
function idInPath(url: string): string | null {
  const parts = new URL(url, window.location.href).pathname.split('/');
  return parts.length > 2 ? decodeURIComponent(parts[2]) : null;
}

export function showPlayerMessage(host: HTMLElement, text: string): void {
  let message = host.querySelector<HTMLElement>('[data-player-message]');
  if (!message) {
    message = document.createElement('p');
    message.className = 'player-message';
    message.setAttribute('role', 'alert');
    message.dataset.playerMessage = '';
    host.append(message);
  }
  message.textContent = text;
}

async function fetchFresh(url: string): Promise<FreshLinks | string> {
  try {
    const response = await fetch(url, {
      headers: { Accept: 'application/json' },
      cache: 'no-store',
      credentials: 'same-origin',
    });
    if (response.ok) {
      return (await response.json()) as FreshLinks;
    }
    const problem = (await response.json().catch(() => ({}))) as Problem;
    return problem.detail ?? unreachable;
  } catch {
    return unreachable;
  }
}

function once(media: HTMLMediaElement, name: string): Promise<void> {
  return new Promise((resolve) => media.addEventListener(name, () => resolve(), { once: true }));
}

export function bindLinkRenewal(video: HTMLVideoElement, host: HTMLElement): void {
  let renewing = false;
  let lastRenewal = -Infinity;
  let loaded = false; // metadata came once: later errors are about the link or the network, not the file
  let position = 0;

  video.addEventListener('loadedmetadata', () => {
    loaded = true;
  });
  video.addEventListener('timeupdate', () => {
    if (!renewing && video.currentTime > 0) {
      position = video.currentTime;
    }
  });

  const currentSource = (): HTMLSourceElement | null => {
    const sources = Array.from(video.querySelectorAll('source'));
    return sources.find((s) => s.src === video.currentSrc) ?? sources[0] ?? null;
  };

  const renew = async (resume: boolean): Promise<void> => {
    if (renewing) {
      return;
    }
    const source = currentSource();
    // The server writes each source's renewal address (data-fresh), built from the endpoint's name.
    const freshUrl = source?.dataset.fresh;
    if (!source || !freshUrl) {
      return;
    }
    if (performance.now() - lastRenewal < retryAfterMs) {
      showPlayerMessage(host, 'This video cannot be played right now. Reload the page, or use a download link below.');
      return;
    }
    renewing = true;
    lastRenewal = performance.now();
    const at = video.currentTime > 0 ? video.currentTime : position;
    try {
      const fresh = await fetchFresh(freshUrl);
      if (typeof fresh === 'string') {
        showPlayerMessage(host, fresh);
        return;
      }
      source.src = fresh.stream;
      for (const track of Array.from(video.querySelectorAll('track'))) {
        const replacement = fresh.subtitles.find((s) => s.id === idInPath(track.src));
        if (replacement) {
          track.src = replacement.url;
        }
      }
      // Plyr's quality switch plays through video.src; setting it covers both that and the <source> list.
      video.src = fresh.stream;
      const metadata = once(video, 'loadedmetadata');
      video.load();
      await metadata;
      if (at > 0) {
        const seeked = once(video, 'seeked');
        video.currentTime = at;
        await seeked;
      }
      if (resume) {
        await video.play().catch(() => undefined);
      }
    } finally {
      renewing = false;
    }
  };

  // Before resuming: an expired link is replaced before the browser finds out the hard way.
  video.addEventListener('play', () => {
    if (!renewing && isExpired(video.currentSrc)) {
      video.pause(); // nothing plays from the old link meanwhile; renew() resumes
      void renew(true);
    }
  });

  // After the fact: a media error (the video's own, or a <source>'s, hence capture) on a link that had worked, or
  // whose time is up. A file that never loaded is a different problem and keeps the browser's own handling.
  video.addEventListener(
    'error',
    () => {
      if (!renewing && (loaded || isExpired(video.currentSrc || currentSource()?.src || ''))) {
        void renew(!video.paused || video.autoplay);
      }
    },
    true,
  );
}
