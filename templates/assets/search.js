// The search page: asks the site's Pagefind indexes as the reader types, and lists what they find.
// Loaded by the search page alone, so no other page pays for it.
const form = document.querySelector('form[data-bundles]');
const input = form?.querySelector('input[type="search"]');
const status = document.querySelector('.search-status');
const list = document.querySelector('.search-results');

if (form && input && status && list) {
  const bundles = JSON.parse(form.dataset.bundles ?? '[]');
  const strings = JSON.parse(form.dataset.strings ?? '{}');
  const plural = new Intl.PluralRules(strings.language);
  const numbers = new Intl.NumberFormat(document.documentElement.lang || undefined, { useGrouping: false });
  const shown = 20;
  let engine;
  let asked = 0;

  // Pagefind's first index is the primary one; the others are merged in (one word chunk each per query).
  const load = () => {
    engine ??= import(new URL(`${bundles[0]}pagefind.js`, document.baseURI).href).then(async (pagefind) => {
      await pagefind.options({ excerptLength: 24 });
      for (const bundle of bundles.slice(1)) await pagefind.mergeIndex(new URL(bundle, document.baseURI).href);
      return pagefind;
    });
    return engine;
  };

  const resultsText = (count) => (strings.results[plural.select(count)] ?? strings.results.other).replace('{count}', numbers.format(count));

  // An excerpt is the post's own text with <mark> around the words found: only those become markup.
  const excerptNodes = (excerpt) => {
    const nodes = [];
    let marked = false;
    for (const part of excerpt.split(/(<mark>|<\/mark>)/)) {
      if (part === '<mark>') marked = true;
      else if (part === '</mark>') marked = false;
      else if (part !== '') {
        if (marked) {
          const mark = document.createElement('mark');
          mark.textContent = part;
          nodes.push(mark);
        } else nodes.push(document.createTextNode(part));
      }
    }
    return nodes;
  };

  const item = (result) => {
    const li = document.createElement('li');
    const heading = document.createElement('h2');
    const link = document.createElement('a');
    link.href = result.url;
    link.textContent = result.meta.title ?? result.url;
    heading.append(link);
    li.append(heading);
    if (result.meta.date) {
      const meta = document.createElement('p');
      meta.className = 'post-meta';
      const time = document.createElement('time');
      if (result.meta.datetime) time.dateTime = result.meta.datetime;
      time.textContent = result.meta.date;
      meta.append(time);
      li.append(meta);
    }
    const excerpt = document.createElement('p');
    excerpt.append(...excerptNodes(result.excerpt));
    li.append(excerpt);
    return li;
  };

  const run = async (words) => {
    const ticket = ++asked;
    const query = words.trim();
    if (query === '') {
      status.textContent = '';
      list.replaceChildren();
      return;
    }
    status.textContent = strings.loading;
    try {
      const pagefind = await load();
      const search = await pagefind.debouncedSearch(query, {}, 150);
      // A later query superseded this one.
      if (search === null || ticket !== asked) return;
      const found = await Promise.all(search.results.slice(0, shown).map((result) => result.data()));
      if (ticket !== asked) return;
      list.replaceChildren(...found.map(item));
      status.textContent = found.length === 0 ? strings.none.replace('{query}', query) : resultsText(search.results.length);
    } catch {
      if (ticket === asked) status.textContent = strings.failed;
    }
  };

  // The address keeps the query (?q=), so a search can be shared and the back button returns to it.
  const remember = (query) => {
    const url = new URL(location.href);
    if (query.trim() === '') url.searchParams.delete('q');
    else url.searchParams.set('q', query);
    history.replaceState(null, '', url);
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    remember(input.value);
    void run(input.value);
  });
  input.addEventListener('input', () => {
    remember(input.value);
    void run(input.value);
  });
  input.addEventListener('focus', () => void load().catch(() => undefined), { once: true });

  const initial = new URL(location.href).searchParams.get('q') ?? '';
  if (initial !== '') {
    input.value = initial;
    void run(initial);
  } else input.focus();
}
