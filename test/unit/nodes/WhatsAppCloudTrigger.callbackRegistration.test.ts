import * as http from 'http';
import type { AddressInfo } from 'net';
import { NodeOperationError, type IHookFunctions, type WorkflowExecuteMode } from 'n8n-workflow';
import { answerVerificationRequest } from '../../../core/webhookVerification';
import { WhatsAppCloudTrigger } from '../../../nodes/WhatsAppCloudTrigger/WhatsAppCloudTrigger.node';
import type { WhatsAppCloudCredentials } from '../../../nodes/shared/transport/credentials';
import { fakeLogger } from '../helpers/fakeContexts';
import { TRIGGER_NODE } from '../helpers/triggerRequests';
import { axiosHttpHelper, simulatorCredentials } from './helpers/simulatorContext';
import { simulatorPerFile } from './helpers/simulatorPerFile';

const methods = new WhatsAppCloudTrigger().webhookMethods!.default;
const sim = simulatorPerFile();
let main: string;
let second: string;

/** Plays n8n's GET handler of a trigger: answers Meta's handshake for one verify token. */
async function webhookEndpoint(verifyToken: string): Promise<{ url: string; close: () => Promise<void> }> {
	const server = http.createServer((request, response) => {
		const query = Object.fromEntries(new URL(request.url ?? '/', 'http://x').searchParams);
		const answer = answerVerificationRequest(query, verifyToken);
		response.writeHead(answer.status, { 'Content-Type': 'text/plain' }).end(answer.body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}/webhook/trigger-id/webhook`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function hookContext(options: { url: string; registerCallback?: boolean; phoneNumberIds?: string; mode?: WorkflowExecuteMode; credentials?: Partial<WhatsAppCloudCredentials> }) {
	const credentials = simulatorCredentials(sim.simulator, options.credentials);
	const logger = fakeLogger();
	const context = {
		getMode: () => options.mode ?? 'webhook',
		getActivationMode: () => 'activate',
		getNode: () => TRIGGER_NODE,
		getNodeWebhookUrl: (name: string) => (name === 'default' ? options.url : undefined),
		getNodeParameter: (name: string, fallback?: unknown) =>
			name === 'options' ? { registerCallback: options.registerCallback ?? true, phoneNumberIds: options.phoneNumberIds ?? '' } : fallback,
		getCredentials: async () => credentials,
		logger,
		helpers: { httpRequestWithAuthentication: axiosHttpHelper(credentials.accessToken) },
	};
	return { context: context as unknown as IHookFunctions, logger };
}

async function overrides(): Promise<Record<string, string>> {
	return (await sim.control.webhookOverrides()).phoneNumbers;
}

beforeAll(() => {
	main = sim.simulator.config.phoneNumberId;
	second = sim.simulator.config.secondPhoneNumberId;
});
beforeEach(async () => {
	await sim.control.reset();
	await sim.control.enableSecondPhoneNumber();
});

describe('WhatsApp Cloud Trigger: Register as Callback for the Phone Numbers', () => {
	it('points every listed number at the trigger on activation, after Meta\'s handshake, and checkExists then says so', async () => {
		const endpoint = await webhookEndpoint(sim.simulator.config.verifyToken);
		try {
			const { context } = hookContext({ url: endpoint.url, phoneNumberIds: `${main}, ${second}` });
			expect(await methods.checkExists.call(context)).toBe(false);
			expect(await methods.create.call(context)).toBe(true);
			expect(await overrides()).toEqual({ [main]: endpoint.url, [second]: endpoint.url });
			expect(await methods.checkExists.call(context)).toBe(true);
		} finally {
			await endpoint.close();
		}
	});

	it('registers the credential\'s number when no phone number ids are given', async () => {
		const endpoint = await webhookEndpoint(sim.simulator.config.verifyToken);
		try {
			await methods.create.call(hookContext({ url: endpoint.url }).context);
			expect(await overrides()).toEqual({ [main]: endpoint.url });
		} finally {
			await endpoint.close();
		}
	});

	it('removes on deactivation only the overrides that still point at this trigger', async () => {
		const ours = await webhookEndpoint(sim.simulator.config.verifyToken);
		const theirs = await webhookEndpoint(sim.simulator.config.verifyToken);
		try {
			await methods.create.call(hookContext({ url: ours.url, phoneNumberIds: `${main}, ${second}` }).context);
			await methods.create.call(hookContext({ url: theirs.url, phoneNumberIds: second }).context);
			expect(await methods.delete.call(hookContext({ url: ours.url, phoneNumberIds: `${main}, ${second}` }).context)).toBe(true);
			expect(await overrides()).toEqual({ [second]: theirs.url });
		} finally {
			await ours.close();
			await theirs.close();
		}
	});

	it('fails the activation, naming the number and the URL, when Meta cannot verify the URL', async () => {
		const endpoint = await webhookEndpoint('another token');
		try {
			const error = await methods.create.call(hookContext({ url: endpoint.url, phoneNumberIds: main }).context).catch((caught: unknown) => caught);
			expect(error).toBeInstanceOf(NodeOperationError);
			expect((error as NodeOperationError).message).toContain(`phone number ${main}`);
			expect((error as NodeOperationError).description).toContain(endpoint.url);
			expect(await overrides()).toEqual({});
		} finally {
			await endpoint.close();
		}
	});

	it('asks for a verify token in the credential before calling Meta', async () => {
		const { context } = hookContext({ url: 'http://127.0.0.1:9/webhook', phoneNumberIds: main, credentials: { verifyToken: '' } });
		await expect(methods.create.call(context)).rejects.toThrow(/no webhook verify token/);
		expect((await sim.control.requests()).filter((request) => request.method === 'POST')).toEqual([]);
	});

	it('does nothing when the option is off, or for the test URL while listening for a test event', async () => {
		for (const options of [{ registerCallback: false }, { mode: 'manual' as const }]) {
			const { context } = hookContext({ url: 'http://127.0.0.1:9/webhook', phoneNumberIds: main, ...options });
			expect(await methods.checkExists.call(context)).toBe(true);
			expect(await methods.create.call(context)).toBe(true);
			expect(await methods.delete.call(context)).toBe(true);
		}
		expect(await sim.control.requests()).toEqual([]);
	});

	it('never fails a deactivation: an override it cannot remove is logged', async () => {
		const { context, logger } = hookContext({ url: 'http://127.0.0.1:9/webhook', phoneNumberIds: main, credentials: { accessToken: 'revoked-token' } });
		expect(await methods.delete.call(context)).toBe(false);
		expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining(`phone number ${main}`));
	});
});
