import type { PlyrPlayer as Plyr } from './plyr';

// Our own shortcut map instead of Plyr's: Plyr only listens while the player has focus and lacks < > and 0-9 on
// every version; viewers expect YouTube-style keys to work anywhere on the watch page.

const seekStep = 10;
const volumeStep = 0.1;

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) {
    return false;
  }
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export const speeds = [0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];

function changeSpeed(player: Plyr, direction: 1 | -1): void {
  const options = speeds;
  const index = options.indexOf(player.speed);
  const next = options[Math.max(0, Math.min(options.length - 1, (index < 0 ? options.indexOf(1) : index) + direction))];
  if (next !== undefined) {
    player.speed = next;
  }
}

export function handleKey(player: Plyr, media: HTMLVideoElement, event: KeyboardEvent): boolean {
  switch (event.key) {
    case ' ':
    case 'k':
    case 'K':
      void player.togglePlay();
      return true;
    case 'f':
    case 'F':
      player.fullscreen.toggle();
      return true;
    case 'm':
    case 'M':
      player.muted = !player.muted;
      return true;
    case 'ArrowLeft':
      media.currentTime = Math.max(0, media.currentTime - seekStep);
      return true;
    case 'ArrowRight':
      media.currentTime = Math.min(media.duration || Infinity, media.currentTime + seekStep);
      return true;
    case 'ArrowUp':
      player.volume = Math.min(1, player.volume + volumeStep);
      return true;
    case 'ArrowDown':
      player.volume = Math.max(0, player.volume - volumeStep);
      return true;
    case 'c':
    case 'C':
      player.toggleCaptions();
      return true;
    case '<':
      changeSpeed(player, -1);
      return true;
    case '>':
      changeSpeed(player, 1);
      return true;
    default:
      if (/^[0-9]$/.test(event.key) && Number.isFinite(media.duration)) {
        media.currentTime = (media.duration * Number(event.key)) / 10;
        return true;
      }
      return false;
  }
}

export function bindKeyboard(player: Plyr, media: HTMLVideoElement): void {
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) {
      return;
    }
    // A focused button or link keeps Space for its own activation (toggling play here too would undo it).
    const target = event.target as HTMLElement | null;
    if (event.key === ' ' && target?.closest('button, a, [role="button"], [role="menuitemradio"]')) {
      return;
    }
    if (handleKey(player, media, event)) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);
}
