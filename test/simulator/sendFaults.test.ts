import axios, { type AxiosInstance } from 'axios';
import { SimulatorClient } from '../../simulator/client';
import { startSimulator, type RunningSimulator } from '../../simulator/server';

let simulator: RunningSimulator;
let graph: AxiosInstance;
let control: SimulatorClient;

const PHONE = '106540352242922';
const CUSTOMER = '4915112345001';
const FBTRACE_ID = expect.stringMatching(/^[A-Za-z0-9_-]{23}$/);

beforeAll(async () => {
	simulator = await startSimulator();
	graph = axios.create({
		baseURL: simulator.url,
		headers: { Authorization: `Bearer ${simulator.config.accessToken}` },
		validateStatus: () => true,
	});
	control = new SimulatorClient(simulator.url);
});

afterAll(() => simulator.close());

beforeEach(() => control.reset());

function helloWorld(to: string) {
	return { messaging_product: 'whatsapp', to, type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } };
}

const send = (body: unknown, timeout?: number) => graph.post(`/v23.0/${PHONE}/messages`, body, timeout ? { timeout } : {});

function customer(index: number): string {
	return `49151${String(index).padStart(7, '0')}`;
}

describe('throughput', () => {
	it("refuses over the limit with Meta's 130429 body and HTTP 400, and records each arrival", async () => {
		await control.configure({ throughputPerSecond: 3 });
		const answers = [];
		for (let i = 0; i < 5; i++) answers.push(await send(helloWorld(customer(i))));
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 400, 400]);
		expect(answers[3].data).toEqual({
			error: {
				message: '(#130429) Rate limit hit',
				type: 'OAuthException',
				code: 130429,
				error_data: { messaging_product: 'whatsapp', details: 'Cloud API message throughput has been reached.' },
				fbtrace_id: FBTRACE_ID,
			},
		});
		const { records, stats } = await control.arrivals();
		expect(records.map((record) => [record.seq, record.outcome, record.status, record.code, record.to])).toEqual([
			[1, 'accepted', 200, undefined, customer(0)],
			[2, 'accepted', 200, undefined, customer(1)],
			[3, 'accepted', 200, undefined, customer(2)],
			[4, 'refused', 400, 130429, customer(3)],
			[5, 'refused', 400, 130429, customer(4)],
		]);
		expect(records[0].messageId).toBe(answers[0].data.messages[0].id);
		expect(records[0].phoneNumberId).toBe(PHONE);
		expect(stats).toMatchObject({ total: 5, accepted: 3, refused: 2, refusedByCode: { '130429': 2 }, duplicates: 0 });
		expect(stats.mostInAnySecond[PHONE]).toEqual({ accepted: 3, all: 5 });
		expect(stats.lastAtMs! - stats.firstAtMs!).toBeLessThan(1000);
	});

	it('keeps the accepted sends of a concurrent burst within the limit in every second', async () => {
		await control.configure({ throughputPerSecond: 20 });
		const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => send(helloWorld(customer(i)))));
		const accepted = answers.filter((answer) => answer.status === 200).length;
		const stats = await control.arrivalStats();
		expect(stats.accepted).toBe(accepted);
		expect(stats.mostInAnySecond[PHONE].accepted).toBeLessThanOrEqual(20);
		expect(stats.mostInAnySecond[PHONE].all).toBe(60);
	});
});

describe('pair rate', () => {
	it('is off by default: 50 sends to one customer are all accepted', async () => {
		await control.configure({ throughputPerSecond: 1000 });
		for (let i = 0; i < 50; i++) expect((await send(helloWorld(CUSTOMER))).status).toBe(200);
	});

	it('takes a burst per recipient, then one per interval, refusing the rest with 131056', async () => {
		expect((await control.setPairRate({ burst: 3, intervalMs: 6000 })).pairRate).toEqual({ burst: 3, intervalMs: 6000 });
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await send(helloWorld(CUSTOMER))).status);
		expect(statuses).toEqual([200, 200, 200, 400]);
		const refused = await send(helloWorld(CUSTOMER));
		expect(refused.data).toEqual({
			error: {
				message: '(#131056) (Business Account, Consumer Account) pair rate limit hit',
				type: 'OAuthException',
				code: 131056,
				error_data: {
					messaging_product: 'whatsapp',
					details: 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
				},
				fbtrace_id: FBTRACE_ID,
			},
		});
		expect((await send(helloWorld(customer(9)))).status).toBe(200);
		await control.advanceClock(6);
		expect((await send(helloWorld(CUSTOMER))).status).toBe(200);
		expect((await send(helloWorld(CUSTOMER))).data.error.code).toBe(131056);
		expect((await control.arrivalStats()).refusedByCode).toEqual({ '131056': 3 });
	});

	it("defaults to Meta's 45 at once and 6 s, and a refused pair send takes no throughput", async () => {
		expect((await control.setPairRate({})).pairRate).toEqual({ burst: 45, intervalMs: 6000 });
		await control.configure({ throughputPerSecond: 46 });
		for (let i = 0; i < 45; i++) expect((await send(helloWorld(CUSTOMER))).status).toBe(200);
		expect((await send(helloWorld(CUSTOMER))).data.error.code).toBe(131056);
		expect((await send(helloWorld(customer(1)))).status).toBe(200);
		expect((await control.setPairRate(null)).pairRate).toBeNull();
		await expect(control.setPairRate({ burst: 0 })).rejects.toThrow(/pairRate.burst must be a whole number ≥ 1/);
	});
});

describe('injected faults', () => {
	async function faultSequence(seed: number): Promise<string[]> {
		await control.reset();
		await control.configure({ throughputPerSecond: 100000 });
		await control.setFaults({ rateLimitRate: 0.2, serverErrorRate: 0.1, seed });
		const seen: string[] = [];
		for (let i = 0; i < 200; i++) {
			const answer = await send(helloWorld(customer(i)));
			seen.push(answer.status === 200 ? 'ok' : `${answer.status}/${answer.data.error.code}`);
		}
		return seen;
	}

	it('answers 130429 and 500 at the given rates, the same sends for the same seed', async () => {
		const first = await faultSequence(11);
		const count = (outcome: string) => first.filter((seen) => seen === outcome).length;
		expect(count('400/130429')).toBeGreaterThan(20);
		expect(count('400/130429')).toBeLessThan(65);
		expect(count('500/2')).toBeGreaterThan(6);
		expect(count('500/2')).toBeLessThan(38);
		expect(count('ok') + count('400/130429') + count('500/2')).toBe(200);

		const stats = await control.arrivalStats();
		expect(stats).toMatchObject({
			total: 200,
			accepted: count('ok'),
			refused: 0,
			faults: { rateLimit: count('400/130429'), serverError: count('500/2'), timeoutAfterAccept: 0 },
		});
		const { records } = await control.arrivals();
		expect(records.filter((record) => record.outcome === 'fault').every((record) => record.fault !== undefined && record.messageId === undefined)).toBe(true);
		const logged = await control.requests();
		expect(logged.filter((request) => request.fault === 'serverError')).toHaveLength(count('500/2'));

		expect(await faultSequence(11)).toEqual(first);
		expect(await faultSequence(12)).not.toEqual(first);
	});

	it('gives the 500 a Graph error body and does not accept the message', async () => {
		await control.setFaults({ serverErrorRate: 1 });
		const answer = await send(helloWorld(CUSTOMER));
		expect(answer.status).toBe(500);
		expect(answer.data).toEqual({
			error: { message: 'An unexpected error has occurred. Please retry your request later.', type: 'OAuthException', code: 2, is_transient: true, fbtrace_id: FBTRACE_ID },
		});
		expect((await control.arrivals()).records).toEqual([expect.objectContaining({ outcome: 'fault', fault: 'serverError', status: 500, code: 2 })]);
	});

	it('answers an injected 130429 even under the limit, without taking a slot', async () => {
		await control.configure({ throughputPerSecond: 1 });
		await control.setFaults({ rateLimitRate: 1 });
		expect((await send(helloWorld(CUSTOMER))).data.error.code).toBe(130429);
		await control.setFaults(null);
		expect((await send(helloWorld(CUSTOMER))).status).toBe(200);
		expect((await control.arrivalStats()).faults.rateLimit).toBe(1);
	});

	it('accepts and records a timed-out send while the client sees only its own timeout', async () => {
		await control.setFaults({ timeoutAfterAcceptRate: 1, faultTimeoutMs: 5000 });
		const failure = await send(helloWorld(CUSTOMER), 300).then(
			() => undefined,
			(error: { code?: string }) => error,
		);
		expect(failure?.code).toBe('ECONNABORTED');
		const { records, stats } = await control.arrivals();
		expect(records).toEqual([expect.objectContaining({ outcome: 'accepted', fault: 'timeoutAfterAccept', status: 0, messageId: expect.stringMatching(/^wamid\./) })]);
		expect(stats).toMatchObject({ accepted: 1, faults: { timeoutAfterAccept: 1 } });
		const [logged] = await control.requests();
		expect(logged).toMatchObject({ fault: 'timeoutAfterAccept', response: { status: 0, body: null } });
	});

	it('drops the connection after faultTimeoutMs when the client waits longer', async () => {
		await control.setFaults({ timeoutAfterAcceptRate: 1, faultTimeoutMs: 200 });
		const started = Date.now();
		const failure = await send(helloWorld(CUSTOMER), 5000).then(
			() => undefined,
			(error: { code?: string }) => error,
		);
		expect(failure?.code).toBe('ECONNRESET');
		expect(Date.now() - started).toBeGreaterThanOrEqual(190);
		expect((await control.arrivalStats()).accepted).toBe(1);
	});

	it('refuses rates out of range and unknown keys; reset turns faults off', async () => {
		await expect(control.setFaults({ rateLimitRate: 1.5 })).rejects.toThrow(/faults.rateLimitRate must be a number from 0 to 1/);
		await expect(control.setFaults({ rateLimitRate: 0.6, serverErrorRate: 0.6 })).rejects.toThrow(/add up to at most 1/);
		await expect(control.setFaults({ timeoutRate: 1 } as never)).rejects.toThrow(/faults takes .* \(got timeoutRate\)/);
		await control.setFaults({ serverErrorRate: 1 });
		await control.reset();
		expect((await control.config()).faults).toBeNull();
		expect((await send(helloWorld(CUSTOMER))).status).toBe(200);
	});
});

describe('arrivals', () => {
	it('counts an accepted message sent again to the same recipient with the same body as a duplicate', async () => {
		await control.configure({ throughputPerSecond: 1 });
		await send(helloWorld(CUSTOMER));
		await control.advanceClock(1);
		await send(helloWorld(CUSTOMER));
		await send(helloWorld(CUSTOMER));
		await control.advanceClock(1);
		await send(helloWorld(customer(2)));
		await control.advanceClock(1);
		await send({ ...helloWorld(CUSTOMER), biz_opaque_callback_data: 'other' });
		const stats = await control.arrivalStats();
		expect(stats).toMatchObject({ total: 5, accepted: 4, refused: 1, duplicates: 1 });
	});

	it('records refused bodies and leaves out mark-as-read; clearing and reset empty the records', async () => {
		await send({ messaging_product: 'whatsapp', to: CUSTOMER, type: 'text' });
		await send({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.A' });
		await send({ messaging_product: 'whatsapp', to: CUSTOMER, type: 'text', text: { body: 'outside the window' } });
		const { records } = await control.arrivals();
		expect(records.map((record) => [record.outcome, record.code])).toEqual([
			['refused', 131008],
			['refused', 131047],
		]);
		await control.clearArrivals();
		expect((await control.arrivalStats()).total).toBe(0);
		await send(helloWorld(CUSTOMER));
		await control.reset();
		expect((await control.arrivals()).records).toEqual([]);
	});
});
