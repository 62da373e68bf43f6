import type { Browser, Locator, Page } from 'playwright-core';
import { randomUUID } from 'crypto';
import {
	NODE_TYPES,
	ORDER_UPDATE_TEMPLATE,
	replyToTextWorkflow,
	replyWithTemplateWorkflow,
	sendTemplateNode,
	sendTextNode,
	triggeredOperationWorkflow,
	triggerNode,
	windowCheckNode,
} from '../../harness/workflows';
import { editorPage, launchChromium, saveScreenshot, saveSideBySide } from './harness/editorBrowser';
import { readE2eState } from './harness/state';

const env = readE2eState();
let browser: Browser;
let page: Page;

beforeAll(async () => {
	browser = await launchChromium();
	page = await editorPage(browser, env.n8nUrl, env.sessionCookie);
	const workflowId = await env.api.createWorkflow({ ...replyToTextWorkflow(env.credential), name: 'Editor check' });
	await page.goto(`${env.n8nUrl}/workflow/${workflowId}`);
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60000 });
});

afterAll(async () => {
	await browser?.close();
});

/** Closes an open node panel with its close button (Escape only closes a dropdown that has the focus). */
async function closePanels() {
	await page.keyboard.press('Escape');
	const close = page.locator('[data-test-id="ndv-close-button"]');
	if (await close.isVisible()) await close.click();
	await page.locator('[data-test-id="ndv"]').waitFor({ state: 'hidden' });
}

async function openNode(name: string) {
	await closePanels();
	await page.locator(`[data-test-id="canvas-node"][data-node-name="${name}"]`).dblclick();
	const panel = page.locator('[data-test-id="ndv"]');
	await panel.waitFor();
	return panel;
}

/** Saves a trigger → action workflow with these action parameters, opens it in the editor and opens the action. */
async function openAction(name: string, actionParameters: Record<string, unknown>) {
	await closePanels();
	const workflow = triggeredOperationWorkflow(env.credential, name, actionParameters);
	const workflowId = await env.api.createWorkflow(workflow);
	await page.goto(`${env.n8nUrl}/workflow/${workflowId}`);
	await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60000 });
	return await openNode('Action');
}

/** The smallest rectangle holding every element the locator finds, with a margin, inside the viewport. */
async function boxAround(elements: Locator, margin: number) {
	const boxes = (await Promise.all((await elements.all()).map((element) => element.boundingBox()))).filter((box) => box !== null);
	if (boxes.length === 0) throw new Error('nothing to frame: no element is visible');
	const viewport = page.viewportSize() ?? { width: 1440, height: 900 };
	const left = Math.max(0, Math.min(...boxes.map((box) => box.x)) - margin);
	const top = Math.max(0, Math.min(...boxes.map((box) => box.y)) - margin);
	const right = Math.min(viewport.width, Math.max(...boxes.map((box) => box.x + box.width)) + margin);
	const bottom = Math.min(viewport.height, Math.max(...boxes.map((box) => box.y + box.height)) + margin);
	return { x: left, y: top, width: right - left, height: bottom - top };
}

describe('the nodes in the real n8n editor', () => {
	it('shows both nodes on the canvas with their icons loaded', async () => {
		expect(await page.locator('[data-test-id="canvas-node"]').count()).toBe(2);
		const icons = await page.locator('[data-test-id="canvas-node"] img').all();
		expect(icons.length).toBeGreaterThanOrEqual(2);
		for (const icon of icons) {
			await icon.waitFor();
			expect(await icon.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
		}
		await saveScreenshot(page, 'workflow-canvas');
	});

	it('opens the trigger with its setup notice and events', async () => {
		const panel = await openNode('WhatsApp Cloud Trigger');
		await panel.getByText('production URL as the callback URL').waitFor();
		await panel.getByText('Events', { exact: true }).first().waitFor();
		await saveScreenshot(page, 'trigger-node');
	});

	it('offers the trigger\'s options, registration for the phone numbers among them', async () => {
		const panel = await openNode('WhatsApp Cloud Trigger');
		await panel.getByPlaceholder('Add option').first().click();
		for (const option of ['Phone Number IDs', 'Register as Callback for the Phone Numbers', 'Deduplicate Redeliveries', 'Download Media']) {
			await page.getByText(option, { exact: true }).last().waitFor();
		}
		await saveScreenshot(page, 'trigger-options');
		await closePanels();
	});

	it('opens the action node with recipient, text and the Send Text operation', async () => {
		const panel = await openNode('Reply');
		await panel.getByText('Recipient', { exact: true }).first().waitFor();
		await panel.getByText('Text', { exact: true }).first().waitFor();
		await panel.locator('[data-test-id="parameter-input-operation"]').click();
		await page.getByText('Send Text', { exact: true }).last().waitFor();
		await saveScreenshot(page, 'action-node-operations');
		await page.keyboard.press('Escape');
	});

	it('shows the window check with Check Consent on: Open, Closed and Opted Out on the canvas, and its parameters', async () => {
		await closePanels();
		const webhookId = randomUUID();
		const workflowId = await env.api.createWorkflow({
			name: 'Editor check: window and consent',
			nodes: [
				triggerNode(env.credential, webhookId),
				windowCheckNode('Window Check', [260, 0], { source: 'contactState', checkConsent: true, options: { safetyMarginMinutes: 15 } }),
				sendTextNode(env.credential, 'Free-form Reply', [560, -160], { text: '=Thanks {{ $json.name }}, we are on it' }),
				sendTemplateNode(env.credential, 'Template Reply', [560, 40], ORDER_UPDATE_TEMPLATE, '={{ $json.from }}', {}),
			],
			connections: {
				'WhatsApp Cloud Trigger': { main: [[{ node: 'Window Check', type: 'main', index: 0 }]] },
				'Window Check': { main: [[{ node: 'Free-form Reply', type: 'main', index: 0 }], [{ node: 'Template Reply', type: 'main', index: 0 }], []] },
			},
		});
		await page.goto(`${env.n8nUrl}/workflow/${workflowId}`);
		await page.locator('[data-test-id="canvas-node"][data-node-name="Window Check"]').waitFor({ timeout: 60000 });
		for (const output of ['Open', 'Closed', 'Opted Out']) await page.getByText(output, { exact: true }).first().waitFor();
		// Closer in, and cut to the nodes, so that the output names can be read next to the panel.
		await page.locator('[data-test-id="zoom-in-button"]').click();
		await page.waitForTimeout(600);
		const canvas = await page.screenshot({ animations: 'disabled', clip: await boxAround(page.locator('[data-test-id="canvas-node"]'), 110) });

		const panel = await openNode('Window Check');
		for (const parameter of ['Source', 'Contact', 'Phone Number ID', 'Check Consent']) {
			await panel.getByText(parameter, { exact: true }).first().waitFor();
		}
		await panel.getByText('Safety Margin (Minutes)', { exact: true }).first().waitFor();
		await page.waitForTimeout(600);
		const parameters = await page.screenshot({ animations: 'disabled' });
		await saveSideBySide(browser, 'window-check', [canvas, parameters]);
		await closePanels();
	});

	it('opens the action node on the Contact resource with Opt Out and its proof of consent', async () => {
		const panel = await openAction('Editor check: contact opt-out', {
			resource: 'contact',
			operation: 'optOut',
			category: 'marketing',
			note: 'Asked by phone to stop offers',
		});
		for (const parameter of ['Contact', 'Phone Number ID', 'Category', 'Proof', 'Time']) {
			await panel.getByText(parameter, { exact: true }).first().waitFor();
		}
		const shownValues = await panel.locator('input').evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
		expect(shownValues).toEqual(expect.arrayContaining(['Contact', 'Opt Out', 'Marketing']));
		await saveScreenshot(page, 'contact-resource');
		await closePanels();
	});

	it('shows Send Text\'s Batch Sending: messages per second, delivery, attempts, pair rate and the summary item', async () => {
		const panel = await openAction('Editor check: batch sending', {
			resource: 'message',
			operation: 'sendText',
			recipient: '={{ $json.from }}',
			text: 'Our summer sale starts today.',
			batchSending: { messagesPerSecond: '80', deliveryGuarantee: 'atMostOnce', maxAttempts: 4, pairRate: true, summaryItem: true },
		});
		const batch = panel.getByText('Batch Sending', { exact: true }).first();
		await batch.waitFor();
		await batch.scrollIntoViewIfNeeded();
		for (const parameter of ['Messages per Second', 'Delivery', 'Max Attempts', 'Respect Pair Rate', 'Add Summary Item']) {
			await panel.getByText(parameter, { exact: true }).first().waitFor();
		}
		const shownValues = await panel.locator('input').evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
		expect(shownValues).toEqual(expect.arrayContaining(['80 (Default Cloud API Limit)', 'At Most Once']));
		await panel.getByText('Respect Pair Rate', { exact: true }).first().scrollIntoViewIfNeeded();
		await saveScreenshot(page, 'batch-sending');
		await closePanels();
	});

	it('shows Send and Wait for Response: the notice about the trigger, the question, a choice as a list from JSON, and the wait limit', async () => {
		const panel = await openAction('Editor check: send and wait', {
			resource: 'message',
			operation: 'sendAndWait',
			recipient: '={{ $json.from }}',
			message: 'Which slot suits you?',
			responseType: 'choice',
			choiceStyle: 'list',
			choicesSource: 'json',
			choicesJson: '={{ $json.slots }}',
			listButtonText: 'Free slots',
			limitWaitTime: true,
			resumeAmount: 1,
			resumeUnit: 'hours',
		});
		await panel.getByText('WhatsApp Cloud Trigger', { exact: false }).first().waitFor();
		for (const parameter of ['Message', 'Response Type', 'Show Answers As', 'Answers From', 'Answers (JSON)', 'List Button Text', 'Limit Wait Time']) {
			await panel.getByText(parameter, { exact: true }).first().waitFor();
		}
		const shownValues = await panel.locator('input').evaluateAll((inputs) => inputs.map((input) => (input as unknown as { value: string }).value));
		expect(shownValues).toEqual(expect.arrayContaining(['Send and Wait for Response', 'Choice', 'List (Up to 10 Rows)', 'JSON (E.g. From Item Data)']));
		await saveScreenshot(page, 'send-and-wait');
		await closePanels();
	});

	it('shows the template picker and exactly the chosen template\'s fields in the resource mapper', async () => {
		await page.keyboard.press('Escape');
		const fields = await env.api.dynamicNodeParameters<{ fields: unknown[] }>('resource-mapper-fields', {
			nodeType: NODE_TYPES.action,
			methodName: 'getTemplateFields',
			path: 'parameters.templateParameters',
			credentials: { whatsAppCloudApi: env.credential },
			currentNodeParameters: {
				resource: 'message',
				operation: 'sendTemplate',
				template: { __rl: true, mode: 'list', value: 'order_confirmation_image|en_US' },
				componentsMode: 'mapper',
			},
		});
		const workflow = replyWithTemplateWorkflow(
			env.credential,
			{ name: 'order_confirmation_image', language: 'en_US' },
			{ header_image: 'https://cdn.example.com/orders/4711.png', body_customer_name: '={{ $json.name }}' },
			fields.fields,
		);
		const workflowId = await env.api.createWorkflow({ ...workflow, name: 'Editor check: template' });
		await page.goto(`${env.n8nUrl}/workflow/${workflowId}`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60000 });
		const panel = await openNode('Send Template');
		expect(await panel.locator('input').evaluateAll((inputs) =>
			inputs.some((input) => (input as unknown as { value: string }).value === 'order_confirmation_image'),
		)).toBe(true);
		await panel.getByText('Body {{customer_name}}', { exact: false }).first().waitFor();
		await panel.getByText('Body {{order_id}}', { exact: false }).first().waitFor();
		await panel.getByText('Button 1', { exact: false }).first().waitFor();
		await saveScreenshot(page, 'send-template-resource-mapper');
	});

	it('edits an interactive list with nested sections and rows', async () => {
		const panel = await openAction('Editor check: list', {
			resource: 'message',
			operation: 'sendList',
			recipient: '={{ $json.from }}',
			bodyText: 'Pick a delivery slot',
			listButtonText: 'Slots',
			sections: { section: [{ title: 'Tomorrow', rows: { row: [{ id: 'am', title: 'Morning', description: '8–12' }] } }] },
		});
		await panel.getByText('Sections', { exact: true }).first().waitFor();
		await panel.getByText('Rows', { exact: true }).first().waitFor();
		await saveScreenshot(page, 'send-list');
	});

	it('lists each message kind as its own action in the node picker', async () => {
		await closePanels();
		const workflowId = await env.api.createWorkflow({ ...replyToTextWorkflow(env.credential), name: 'Editor check: node picker' });
		await page.goto(`${env.n8nUrl}/workflow/${workflowId}`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60000 });
		await page.locator('[data-test-id="node-creator-plus-button"]').click();
		const search = page.locator('[data-test-id="node-creator-search-bar"]');
		await search.waitFor();
		await search.fill('WhatsApp Cloud');
		const nodeName = page.locator('[data-test-id="node-creator-item-name"]').getByText('WhatsApp Cloud', { exact: true });
		await page.locator('[data-test-id="item-iterator-item"]').filter({ has: nodeName }).first().click();
		const actions = [
			'Send Text',
			'Send Media',
			'Send Template',
			'Send Buttons',
			'Send List',
			'Send CTA URL',
			'Send Location Request',
			'Send Flow',
			'Send Product',
			'Send Product List',
			'Send Catalog',
		];
		for (const action of actions) await page.getByText(action, { exact: true }).first().waitFor();
		expect(await page.getByText('Send Interactive', { exact: true }).count()).toBe(0);
		// Tall enough that the screenshot shows the whole Message Actions group.
		await page.setViewportSize({ width: 1440, height: 1500 });
		await page.getByText('Send Text', { exact: true }).first().scrollIntoViewIfNeeded();
		await saveScreenshot(page, 'node-picker-actions');
		await page.setViewportSize({ width: 1440, height: 900 });
		await page.keyboard.press('Escape');
	});
});
