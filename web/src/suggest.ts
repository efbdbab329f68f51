// Search suggestions under the header search box. Debounced so typing a word costs one request, and
// rendered with textContent only, so a title can never inject markup.

interface Suggestion {
  title: string;
  year: number | null;
  kind: string;
  url: string;
}

const delayMs = 200;

export function initSuggest(input: HTMLInputElement): void {
  const endpoint = input.dataset.suggestUrl;
  if (!endpoint) {
    return;
  }
  const list = document.createElement('ul');
  list.className = 'suggest glass';
  list.id = `${input.id || 'q'}-suggest`;
  list.setAttribute('role', 'listbox');
  list.hidden = true;
  input.after(list);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', list.id);
  input.setAttribute('aria-expanded', 'false');

  let timer = 0;
  let controller: AbortController | null = null;
  let active = -1;

  const close = (): void => {
    list.hidden = true;
    active = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  };

  const render = (items: Suggestion[]): void => {
    list.replaceChildren();
    items.forEach((item, index) => {
      const li = document.createElement('li');
      li.id = `${list.id}-${index}`;
      li.setAttribute('role', 'option');
      const link = document.createElement('a');
      link.href = item.url.startsWith('/') ? item.url : '#';
      link.tabIndex = -1;
      link.textContent = item.year ? `${item.title} (${item.year})` : item.title;
      const kind = document.createElement('span');
      kind.className = 'suggest-kind';
      kind.textContent = item.kind;
      link.append(kind);
      li.append(link);
      list.append(li);
    });
    list.hidden = items.length === 0;
    input.setAttribute('aria-expanded', String(items.length > 0));
  };

  const fetchNow = async (query: string): Promise<void> => {
    controller?.abort();
    controller = new AbortController();
    try {
      const response = await fetch(`${endpoint}?q=${encodeURIComponent(query)}`, { signal: controller.signal, headers: { Accept: 'application/json' } });
      if (response.ok) {
        render((await response.json()) as Suggestion[]);
      }
    } catch {
      /* aborted by a newer keystroke, or offline: the form still submits to /search */
    }
  };

  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    const query = input.value.trim();
    if (query.length < 2) {
      close();
      return;
    }
    timer = window.setTimeout(() => void fetchNow(query), delayMs);
  });

  input.addEventListener('keydown', (event) => {
    const options = Array.from(list.querySelectorAll<HTMLLIElement>('[role=option]'));
    if (event.key === 'Escape') {
      close();
      return;
    }
    if (list.hidden || options.length === 0) {
      return;
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      active = (active + (event.key === 'ArrowDown' ? 1 : -1) + options.length) % options.length;
      options.forEach((o, i) => o.setAttribute('aria-selected', String(i === active)));
      input.setAttribute('aria-activedescendant', options[active]!.id);
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      options[active]!.querySelector('a')?.click();
    }
  });

  document.addEventListener('click', (event) => {
    if (!list.contains(event.target as Node) && event.target !== input) {
      close();
    }
  });
}
