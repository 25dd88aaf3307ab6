// Definitions: download the broker's definitions (RabbitMQ's format) and upload a file of them.
import {get, post} from '../api.js';
import {h, section, notify, run} from '../dom.js';

export function render(view) {
  const exportButton = h('button', {type: 'button', id: 'export-definitions'}, 'Download broker definitions');
  exportButton.addEventListener('click', () => run(async () => {
    // Fetched with the session's credentials, then saved from memory: a plain link could not
    // carry the Authorization header.
    const definitions = await get('/definitions');
    const blob = new Blob([JSON.stringify(definitions, null, 2)], {type: 'application/json'});
    const url = URL.createObjectURL(blob);
    const date = new Date().toISOString().slice(0, 10);
    const link = h('a', {href: url, download: `warren-definitions-${date}.json`, hidden: true});
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    notify('Definitions downloaded.');
  }));

  const file = h('input', {type: 'file', id: 'import-file', accept: '.json,application/json'});
  const result = h('p', {id: 'import-result'});
  const importButton = h('button', {type: 'button', id: 'import-definitions'}, 'Upload definitions');
  importButton.addEventListener('click', () => run(async () => {
    const chosen = file.files[0];
    if (!chosen) throw new Error('Choose a definitions file first.');
    const text = await chosen.text();
    try {
      JSON.parse(text);
    } catch (e) {
      throw new Error(`${chosen.name} is not JSON: ${e.message}`);
    }
    await post('/definitions', text);
    result.textContent = `Imported ${chosen.name}.`;
    notify('Definitions imported.');
  }));

  view.append(
    h('h1', {}, 'Definitions'),
    section('Export', h('p', {}, 'Users, virtual hosts, permissions, policies, exchanges, queues and bindings, '
      + "in RabbitMQ's definitions format."), exportButton),
    section('Import', h('p', {}, 'A definitions file exported from this broker or from RabbitMQ 3.x. '
      + 'Objects in the file are added or updated; nothing is removed.'), file, ' ', importButton, result));
  return {};
}
