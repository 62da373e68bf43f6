import * as fs from 'fs';
import * as path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../../simulator/checkoutPaths';

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'docs', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, kept off the network it cannot reach anyway. */
export async function launchChromium(): Promise<Browser> {
	if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: run scripts/install-chromium.sh`);
	return await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
}

/** A page logged in to the n8n editor with the harness owner's session cookie. */
export async function editorPage(browser: Browser, n8nUrl: string, sessionCookie: string): Promise<Page> {
	const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
	const cookies = sessionCookie
		.split('; ')
		.filter(Boolean)
		.map((pair) => {
			const [name, ...value] = pair.split('=');
			return { name, value: value.join('='), url: n8nUrl };
		});
	await context.addCookies(cookies);
	return await context.newPage();
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
	fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
	const file = path.join(SCREENSHOT_DIR, `${name}.png`);
	// The editor fades panels and the canvas in; settle, then freeze any animation still running.
	await page.waitForTimeout(600);
	await page.screenshot({ path: file, animations: 'disabled' });
	return file;
}

/**
 * Saves several screenshots side by side as one picture (e.g. the canvas next to a node's panel, which covers
 * the canvas when open), laid out by the browser itself.
 */
export async function saveSideBySide(browser: Browser, name: string, images: Buffer[], width = 2200): Promise<string> {
	const context = await browser.newContext({ viewport: { width, height: 600 }, deviceScaleFactor: 1 });
	try {
		const page = await context.newPage();
		const columns = images.map((image) => `<img src="data:image/png;base64,${image.toString('base64')}">`).join('');
		await page.setContent(
			`<html><body style="margin:0;background:#e8e8ee"><div id="row" style="display:flex;gap:16px;padding:16px;align-items:flex-start">${columns}</div>` +
				`<style>img{flex:1 1 0;min-width:0;border:1px solid #c8c8d0;border-radius:6px}</style></body></html>`,
		);
		await page.waitForFunction('Array.from(document.images).every((image) => image.complete && image.naturalWidth > 0)');
		fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
		const file = path.join(SCREENSHOT_DIR, `${name}.png`);
		await page.locator('#row').screenshot({ path: file });
		return file;
	} finally {
		await context.close();
	}
}
