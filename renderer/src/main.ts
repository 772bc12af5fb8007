import { createApiProxy } from '../../shared/api/proxy';
import { selectTransport } from './api/select-transport';
import { DraftroomApp } from './app/app';
import { describeError } from './ui/error-messages';
import './styles/tokens.css';
import './styles/shell.css';
import './styles/editor.css';
import './styles/marks.css';
import './styles/dialogs.css';
import './styles/panel.css';
import './styles/changes.css';
import './styles/change-card.css';
import './styles/toolbar.css';
import './styles/hint.css';
import './styles/presence.css';

/** Entry point: pick the transport, build the typed API over it, start the app. */
async function main(): Promise<void> {
  const mount = document.getElementById('app');
  if (!mount) throw new Error('missing #app');
  const connected = selectTransport();
  const api = createApiProxy(connected.transport);
  const app = new DraftroomApp(api, connected, mount);
  try {
    await app.start();
  } catch (error) {
    console.error('[draftroom] could not start', error);
    const message = document.createElement('p');
    message.className = 'fatal';
    message.textContent = `Draftroom could not open the workspace: ${describeError(error)}`;
    mount.append(message);
  }
}

void main();
