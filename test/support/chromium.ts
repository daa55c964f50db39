/** The browser tests use the same Chromium launch as `npm run screenshots`. */
export { launchChromium } from '../../scripts/chromium';
