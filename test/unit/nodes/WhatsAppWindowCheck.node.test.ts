import { NodeOperationError, type INodeExecutionData } from 'n8n-workflow';
import { WhatsAppWindowCheck } from '../../../nodes/WhatsAppWindowCheck/WhatsAppWindowCheck.node';
import { fakeExecuteContext, testNode } from '../helpers/fakeContexts';

const NODE = testNode('WhatsApp Window Check', 'n8n-nodes-whatsapp-cloud.whatsAppWindowCheck');
/** The node reads the clock once per run; the tests fix it here. */
const NOW = new Date('2025-06-09T12:00:00.000Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const HOUR_SECONDS = 3600;

function windowCheckContext(values: unknown[], continueOnFail = false) {
	const items: INodeExecutionData[] = values.map((_, index) => ({ json: { customer: `c${index}`, keep: true } }));
	return fakeExecuteContext({
		node: NODE,
		items,
		params: { source: 'itemTime' },
		itemParams: values.map((lastInboundAt) => ({ lastInboundAt })),
		continueOnFail,
	}).context;
}

async function caught(run: () => Promise<unknown>): Promise<unknown> {
	try {
		await run();
	} catch (error) {
		return error;
	}
	throw new Error('expected the node to throw');
}

describe('WhatsApp Window Check node', () => {
	beforeEach(() => {
		jest.useFakeTimers({ now: NOW, doNotFake: ['nextTick', 'setImmediate', 'setTimeout', 'setInterval', 'queueMicrotask'] });
	});

	afterEach(() => {
		jest.useRealTimers();
	});

	it('routes items by the time of the customer\'s last message: open to output 0, closed to output 1', async () => {
		const context = windowCheckContext([
			String(NOW_SECONDS - 23 * HOUR_SECONDS - 59 * 60), // 23 h 59 min ago, as Meta's timestamp string
			NOW_SECONDS - 24 * HOUR_SECONDS, // exactly 24 h ago
			'2025-06-09T10:30:00.000Z', // ISO, 1.5 h ago
			NOW.getTime() - 30 * HOUR_SECONDS * 1000, // milliseconds, 30 h ago
			'', // never wrote
		]);

		const [open, closed] = await new WhatsAppWindowCheck().execute.call(context);

		expect(open).toEqual([
			{
				json: { customer: 'c0', keep: true, window: { open: true, closesAt: '2025-06-09T12:01:00.000Z', remainingSeconds: 60, lastInboundAt: '2025-06-08T12:01:00.000Z', freeEntryPoint: { open: false, closesAt: null } } },
				pairedItem: { item: 0 },
			},
			{
				json: { customer: 'c2', keep: true, window: { open: true, closesAt: '2025-06-10T10:30:00.000Z', remainingSeconds: 81000, lastInboundAt: '2025-06-09T10:30:00.000Z', freeEntryPoint: { open: false, closesAt: null } } },
				pairedItem: { item: 2 },
			},
		]);
		expect(closed).toEqual([
			{
				json: { customer: 'c1', keep: true, window: { open: false, closesAt: '2025-06-09T12:00:00.000Z', remainingSeconds: 0, lastInboundAt: '2025-06-08T12:00:00.000Z', freeEntryPoint: { open: false, closesAt: null } } },
				pairedItem: { item: 1 },
			},
			{
				json: { customer: 'c3', keep: true, window: { open: false, closesAt: '2025-06-09T06:00:00.000Z', remainingSeconds: 0, lastInboundAt: '2025-06-08T06:00:00.000Z', freeEntryPoint: { open: false, closesAt: null } } },
				pairedItem: { item: 3 },
			},
			{
				json: { customer: 'c4', keep: true, window: { open: false, closesAt: null, remainingSeconds: 0, lastInboundAt: null, freeEntryPoint: { open: false, closesAt: null } } },
				pairedItem: { item: 4 },
			},
		]);
	});

	it('rounds the remaining seconds down', async () => {
		const context = windowCheckContext([NOW.getTime() - 24 * HOUR_SECONDS * 1000 + 1500]);

		const [open] = await new WhatsAppWindowCheck().execute.call(context);

		expect((open[0].json.window as { remainingSeconds: number }).remainingSeconds).toBe(1);
	});

	it.each<[string, unknown]>([
		['null', null],
		['undefined', undefined],
	])('treats %s as never written: closed', async (_case, value) => {
		const [open, closed] = await new WhatsAppWindowCheck().execute.call(windowCheckContext([value]));
		expect(open).toEqual([]);
		expect(closed.map((item) => (item.json.window as { open: boolean }).open)).toEqual([false]);
	});

	it('stops at a value that is not a time, naming the item', async () => {
		const context = windowCheckContext([String(NOW_SECONDS), 'yesterday']);

		const error = await caught(() => new WhatsAppWindowCheck().execute.call(context));

		expect(error).toBeInstanceOf(NodeOperationError);
		expect((error as NodeOperationError).message).toBe('Item 1: Last Customer Message Time is not a time: "yesterday"');
		expect((error as NodeOperationError).context.itemIndex).toBe(1);
		expect((error as NodeOperationError).description).toBe(
			'Use unix seconds, milliseconds or an ISO 8601 date such as 2026-11-25T09:30:00Z.',
		);
	});

	it('with Continue On Fail, sends an item whose value is not a time to the closed output with the error', async () => {
		const context = windowCheckContext([String(NOW_SECONDS - 60), { not: 'a time' }, String(NOW_SECONDS - 25 * HOUR_SECONDS)], true);

		const [open, closed] = await new WhatsAppWindowCheck().execute.call(context);

		expect(open.map((item) => item.pairedItem)).toEqual([{ item: 0 }]);
		expect(closed).toEqual([
			{
				json: { customer: 'c1', keep: true, error: 'Item 1: Last Customer Message Time is not a time: {"not":"a time"}' },
				pairedItem: { item: 1 },
			},
			{
				json: {
					customer: 'c2',
					keep: true,
					window: { open: false, closesAt: '2025-06-09T11:00:00.000Z', remainingSeconds: 0, lastInboundAt: '2025-06-08T11:00:00.000Z', freeEntryPoint: { open: false, closesAt: null } },
				},
				pairedItem: { item: 2 },
			},
		]);
	});

	it('returns two empty outputs for no items', async () => {
		expect(await new WhatsAppWindowCheck().execute.call(windowCheckContext([]))).toEqual([[], []]);
	});
});
