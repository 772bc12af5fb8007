import type { Session, WebContents } from 'electron';

/**
 * Locks down a session (the default one: every window's): the editor needs
 * no permission, device or screen, so every request is refused explicitly
 * rather than left to Electron's defaults, which grant most permissions.
 *
 * - permission requests and checks (camera, microphone, notifications,
 *   clipboard reading, geolocation, …): refused;
 * - devices (HID, serial, USB, Bluetooth): access refused and every device
 *   chooser cancelled;
 * - screen, window and tab capture (`getDisplayMedia`): refused;
 * - the spellchecker: off, so that no dictionary is fetched from the
 *   network and no draft text is checked outside the page.
 */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
  session.setBluetoothPairingHandler((_details, callback) => callback({ confirmed: false }));
  session.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault();
    callback(null);
  });
  session.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault();
    callback();
  });
  session.on('select-serial-port', (event, _ports, _contents, callback) => {
    event.preventDefault();
    callback('');
  });
  session.setSpellCheckerEnabled(false);
}

/** Cancels every Bluetooth device chooser a page opens (a per-page event, not a session's). */
export function refuseBluetoothChooser(contents: WebContents): void {
  contents.on('select-bluetooth-device', (event, _devices, callback) => {
    event.preventDefault();
    callback('');
  });
}
