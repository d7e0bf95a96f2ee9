/**
 * How Tradeflow starts Debian's Chromium (browser tests and the client benchmark): never a test tool's own browser
 * download. Without the background-networking flags Chromium keeps trying hosts this machine cannot reach.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];
