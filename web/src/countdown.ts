// When an episode ends and the page names the next one, count down and go there, with a way out.

const seconds = 10;

export function startNextCountdown(host: HTMLElement, url: string, title: string): void {
  if (!url.startsWith('/') || host.querySelector('.next-up')) {
    return; // only same-site paths; one countdown at a time
  }
  const box = document.createElement('div');
  box.className = 'next-up glass';
  box.setAttribute('role', 'status');
  const label = document.createElement('p');
  const play = document.createElement('a');
  play.className = 'btn btn-primary';
  play.href = url;
  play.textContent = 'Play now';
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'btn';
  cancel.textContent = 'Cancel';
  box.append(label, play, cancel);
  host.append(box);

  let left = seconds;
  const render = (): void => {
    label.textContent = `Next: ${title} in ${left} s`;
  };
  render();
  const timer = window.setInterval(() => {
    left -= 1;
    render();
    if (left <= 0) {
      window.clearInterval(timer);
      window.location.assign(url);
    }
  }, 1000);
  cancel.addEventListener('click', () => {
    window.clearInterval(timer);
    box.remove();
  });
  play.focus();
}
