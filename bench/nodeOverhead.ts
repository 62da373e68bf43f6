import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import type { IExecuteFunctions, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';
import { WhatsAppCloud } from '../nodes/WhatsAppCloud/WhatsAppCloud.node';
import { closeContactStateStores } from '../state/contactStateStore';
import { closeSendPacers } from '../state/sendPacers';

/**
 * The action node's own time per message, in-process: Send Text through the node's real code (router,
 * batch sending, pacer, contact state on SQLite, transport) with parameters that are plain values and a
 * request helper that answers at once. What remains is the time this package's code takes; n8n's
 * expression engine and the HTTP exchange are measured through a real n8n in the broadcast section.
 */
export interface NodeOverheadRun {
	label: string;
	items: number;
	/** The pace of a paced run; unpaced runs measure the node's own time. */
	pacedAt?: number;
	msPerItem: number;
	itemsPerSecond: number;
	/** The most the JS heap grew during the run, in MiB, with the node's output held at the end. */
	peakHeapGrowthMiB: number;
	/** The same per item, in bytes: flat means it does not grow with the batch. */
	peakHeapBytesPerItem: number;
}

const PHONE_NUMBER_ID = '106540352242922';

function collectGarbage(): void {
	v8.setFlagsFromString('--expose-gc');
	(vm.runInNewContext('gc') as () => void)();
}

interface RunShape {
	checkContactState: boolean;
	/** Messages per second of Batch Sending; unpaced (1,000,000) by default. */
	perSecond?: number;
	/** How long the request helper takes to answer, as Meta's latency. */
	latencyMs?: number;
}

function benchContext(items: number, { checkContactState, perSecond = 1_000_000, latencyMs = 0 }: RunShape): IExecuteFunctions {
	const input: INodeExecutionData[] = Array.from({ length: items }, (_, index) => ({ json: { index } }));
	const shared: Record<string, unknown> = {
		resource: 'message',
		operation: 'sendText',
		senderPhoneNumberId: '',
		text: 'Your order has shipped.',
		options: { checkContactState },
		batchSending: { messagesPerSecond: 'custom', customMessagesPerSecond: perSecond, pairRate: false },
	};
	const credentials = { accessToken: 'EAAG-bench', phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v23.0', baseUrl: 'https://graph.facebook.com' };
	const quiet = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };
	let messageNumber = 0;
	const context = {
		logger: quiet,
		getWorkflow: () => ({ id: 'bench', name: 'bench', active: true }),
		getExecutionId: () => 'bench',
		getInputData: () => input,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) =>
			name === 'recipient' ? String(4915200000000 + itemIndex) : name in shared ? shared[name] : fallback,
		getNode: () => ({ id: 'bench', name: 'Send', type: 'n8n-nodes-whatsapp-cloud.whatsAppCloud', typeVersion: 1, position: [0, 0], parameters: {}, credentials: { whatsAppCloudApi: { id: '1', name: 'bench' } } }),
		getCredentials: async () => credentials,
		continueOnFail: () => true,
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: IHttpRequestOptions) => {
				// An answer on a later turn of the event loop, as a real request's would be.
				await new Promise((resolve) => (latencyMs > 0 ? setTimeout(resolve, latencyMs) : setImmediate(resolve)));
				const to = (request.body as { to: string }).to;
				return { statusCode: 200, headers: {}, body: { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to }], messages: [{ id: `wamid.bench${++messageNumber}` }] } };
			},
		},
	};
	return context as unknown as IExecuteFunctions;
}

async function measure(label: string, items: number, shape: RunShape): Promise<NodeOverheadRun> {
	collectGarbage();
	const baseline = process.memoryUsage().heapUsed;
	let peak = baseline;
	const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
	const started = process.hrtime.bigint();
	const output = await new WhatsAppCloud().execute.call(benchContext(items, shape));
	const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
	clearInterval(sampler);
	peak = Math.max(peak, process.memoryUsage().heapUsed);
	const sent = output[0].filter((item) => item.json.outcome === 'sent').length;
	if (sent !== items) throw new Error(`${label}: ${sent} of ${items} items were sent: ${JSON.stringify(output[0].find((item) => item.json.outcome !== 'sent')?.json)}`);
	const growth = peak - baseline;
	return {
		label,
		items,
		pacedAt: shape.perSecond,
		msPerItem: elapsedMs / items,
		itemsPerSecond: items / (elapsedMs / 1000),
		peakHeapGrowthMiB: growth / 1024 / 1024,
		peakHeapBytesPerItem: growth / items,
	};
}

export async function benchmarkNodeOverhead(itemCounts: number[], log: (line: string) => void): Promise<NodeOverheadRun[]> {
	const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'whatsapp-cloud-overhead-'));
	const previous = process.env.WHATSAPP_CLOUD_STATE_DIR;
	process.env.WHATSAPP_CLOUD_STATE_DIR = stateDir;
	const runs: NodeOverheadRun[] = [];
	const report = (run: NodeOverheadRun) => {
		runs.push(run);
		log(
			`  ${run.label.padEnd(44)} ${run.msPerItem.toFixed(3).padStart(7)} ms/item ${Math.round(run.itemsPerSecond).toLocaleString('en-US').padStart(8)} items/s   heap peak +${run.peakHeapGrowthMiB.toFixed(0)} MiB (${Math.round(run.peakHeapBytesPerItem).toLocaleString('en-US')} B/item)`,
		);
	};
	try {
		// A first small run loads the modules and opens the store, so that neither counts below.
		await measure('warm-up', 200, { checkContactState: true });
		for (const items of itemCounts) {
			for (const checkContactState of [true, false]) {
				report(await measure(`${items.toLocaleString('en-US')} items, contact state ${checkContactState ? 'on' : 'off'}`, items, { checkContactState }));
			}
		}
		// The pacer alone at the 1,000 tier with Meta's latency: how close the node comes to the pace without n8n around it.
		const items = itemCounts[0];
		report(await measure(`${items.toLocaleString('en-US')} items paced at 1,000/s, 100 ms latency`, items, { checkContactState: true, perSecond: 1_000, latencyMs: 100 }));
	} finally {
		await closeSendPacers();
		await closeContactStateStores();
		if (previous === undefined) delete process.env.WHATSAPP_CLOUD_STATE_DIR;
		else process.env.WHATSAPP_CLOUD_STATE_DIR = previous;
		fs.rmSync(stateDir, { recursive: true, force: true });
	}
	return runs;
}
