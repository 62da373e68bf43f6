import type { Browser, Page } from 'playwright-core';
import { DEMO_WORKFLOW_FILES, loadDemoWorkflow, type DemoWorkflowFile } from '../../harness/demoWorkflows';
import { editorPage, launchChromium, saveScreenshot } from './harness/editorBrowser';
import { readE2eState } from './harness/state';

// Each demo workflow of docs/workflows, loaded as `npm start` loads it, opened in the real editor: every node
// known to n8n, none with a parameter issue, the whole flow in view, saved as the README's screenshot.
const env = readE2eState();
const STICKY_NOTE = 'n8n-nodes-base.stickyNote';

const SCREENSHOTS: Record<DemoWorkflowFile, { name: string; viewport: { width: number; height: number } }> = {
	'shop-order-updates.json': { name: 'demo-shop', viewport: { width: 1440, height: 900 } },
	'appointment-bot.json': { name: 'demo-appointment-bot', viewport: { width: 1920, height: 760 } },
	'opt-out-and-broadcast.json': { name: 'demo-opt-out-and-broadcast', viewport: { width: 1440, height: 1000 } },
};

let browser: Browser;
let page: Page;

beforeAll(async () => {
	browser = await launchChromium();
	page = await editorPage(browser, env.n8nUrl, env.sessionCookie);
});

afterAll(async () => {
	await browser?.close();
});

describe('the demo workflows in the real n8n editor', () => {
	it.each(DEMO_WORKFLOW_FILES.map((file) => [file]))('shows %s with every node known, without parameter issues, and the whole flow in view', async (file) => {
		const workflow = loadDemoWorkflow(file, env.credential);
		const workflowId = await env.api.createWorkflow(workflow);
		const { name, viewport } = SCREENSHOTS[file];
		await page.setViewportSize(viewport);
		await page.goto(`${env.n8nUrl}/workflow/${workflowId}`);
		const nodes = workflow.nodes.filter((node) => node.type !== STICKY_NOTE);
		for (const node of nodes) await page.locator(`[data-test-id="canvas-node"][data-node-name="${node.name}"]`).waitFor({ timeout: 60000 });

		// Every node's icon loaded: an unknown node type shows no image.
		for (const node of nodes) {
			const icon = page.locator(`[data-test-id="canvas-node"][data-node-name="${node.name}"] img`).first();
			if ((await icon.count()) === 0) continue;
			await icon.waitFor();
			expect(await icon.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
		}
		expect(await page.locator('[data-test-id="canvas-node"] [data-test-id="node-issues"]').count()).toBe(0);

		await page.locator('[data-test-id="zoom-to-fit"]').click();
		// Fitted: every node lies inside the viewport.
		for (const node of nodes) {
			const box = await page.locator(`[data-test-id="canvas-node"][data-node-name="${node.name}"]`).boundingBox();
			expect(box).not.toBeNull();
			if (!box) continue;
			expect(box.x).toBeGreaterThanOrEqual(0);
			expect(box.y).toBeGreaterThanOrEqual(0);
			expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
			expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
		}
		await saveScreenshot(page, name);
	});
});
