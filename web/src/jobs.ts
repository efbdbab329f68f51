// The dashboard's job page: while a job runs, its state, status line and progress bar follow the server without a
// reload. Polls every two seconds (jobs report every few seconds at most) and stops when the job ends.

interface JobProgress {
  state: string;
  status: string;
  fraction: number | null;
  finished: boolean;
}

const pollMs = 2000;

export function followJob(panel: HTMLElement): void {
  const url = panel.dataset.jobProgress;
  if (!url) {
    return;
  }
  const state = panel.querySelector<HTMLElement>('[data-job-state]');
  const status = panel.querySelector<HTMLElement>('[data-job-status]');
  const bar = panel.querySelector<HTMLProgressElement>('[data-job-fraction]');
  const cancel = panel.querySelector<HTMLElement>('[data-job-cancel]');

  const poll = async (): Promise<void> => {
    let job: JobProgress;
    try {
      const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (!response.ok) {
        // Signed out, or the server restarted and forgot the job: stop quietly; a reload tells the truth.
        return;
      }
      job = (await response.json()) as JobProgress;
    } catch {
      window.setTimeout(poll, pollMs * 2);
      return;
    }
    if (state) {
      state.textContent = job.state;
      state.className = `state state-${job.state.toLowerCase()}`;
    }
    if (status) {
      status.textContent = job.status;
    }
    if (bar) {
      if (job.fraction !== null) {
        bar.value = job.fraction;
      } else if (job.finished) {
        bar.value = 1;
      }
    }
    if (job.finished) {
      cancel?.remove();
      panel.dataset.jobFinished = 'true';
      return;
    }
    window.setTimeout(poll, pollMs);
  };
  window.setTimeout(poll, pollMs);
}
