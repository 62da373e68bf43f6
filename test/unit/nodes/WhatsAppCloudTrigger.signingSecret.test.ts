import { WhatsAppCloudTrigger } from '../../../nodes/WhatsAppCloudTrigger/WhatsAppCloudTrigger.node';
import { SIGNING_SECRET_TTL_MS, SigningSecretCache, signingSecretCacheKey } from '../../../nodes/WhatsAppCloudTrigger/signingSecretCache';
import { testCredentials, type WebhookContextOptions } from '../helpers/fakeContexts';
import { TRIGGER_NODE, bodyOf, envelopeOf, messagesChange, postTo, sign, textMessage } from '../helpers/triggerRequests';

const trigger = new WhatsAppCloudTrigger();
const NODE_WITH_CREDENTIAL = { ...TRIGGER_NODE, credentials: { whatsAppCloudApi: { id: 'credential-1', name: 'WhatsApp' } } };

let clock = Date.parse('2026-06-01T00:00:00.000Z');
let workflowCounter = 0;

beforeEach(() => {
	jest.spyOn(Date, 'now').mockImplementation(() => clock);
});

afterEach(() => {
	jest.restoreAllMocks();
});

/** Posts one signed message to the trigger and reports the answer and whether n8n was asked for the credential. */
async function post(options: { workflowId: string; secret: string; credentialSecret: string; messageId: string } & Partial<WebhookContextOptions>) {
	const body = bodyOf(envelopeOf(messagesChange({ messages: [textMessage(options.messageId)] })));
	const fake = postTo(body, {
		node: NODE_WITH_CREDENTIAL,
		headers: { 'x-hub-signature-256': sign(body, options.secret) },
		credentials: { ...testCredentials(), appSecret: options.credentialSecret },
		...options,
	});
	const getCredentials = jest.spyOn(fake.context, 'getCredentials');
	const result = await trigger.webhook.call(fake.context);
	return { status: fake.response.statusCode, emitted: result.workflowData?.[0]?.length ?? 0, credentialReads: getCredentials.mock.calls.length };
}

describe('WhatsApp Cloud Trigger: the app secret is read once every few seconds', () => {
	it('reads the credential for the first post, and not again within the time to live', async () => {
		const workflowId = `secret-${++workflowCounter}`;
		const first = await post({ workflowId, secret: 'S1', credentialSecret: 'S1', messageId: 'wamid.1' });
		clock += SIGNING_SECRET_TTL_MS - 1;
		const second = await post({ workflowId, secret: 'S1', credentialSecret: 'S1', messageId: 'wamid.2' });
		expect([first.emitted, first.credentialReads]).toEqual([1, 1]);
		expect([second.emitted, second.credentialReads]).toEqual([1, 0]);

		clock += 1;
		const third = await post({ workflowId, secret: 'S1', credentialSecret: 'S1', messageId: 'wamid.3' });
		expect([third.emitted, third.credentialReads]).toEqual([1, 1]);
	});

	it('accepts a post signed with a new secret at once: a failed check reads the credential again', async () => {
		const workflowId = `secret-${++workflowCounter}`;
		await post({ workflowId, secret: 'OLD', credentialSecret: 'OLD', messageId: 'wamid.1' });
		const rotated = await post({ workflowId, secret: 'NEW', credentialSecret: 'NEW', messageId: 'wamid.2' });
		expect([rotated.emitted, rotated.credentialReads]).toEqual([1, 1]);
		const next = await post({ workflowId, secret: 'NEW', credentialSecret: 'NEW', messageId: 'wamid.3' });
		expect([next.emitted, next.credentialReads]).toEqual([1, 0]);
	});

	it('refuses a forged post after checking it against a fresh read', async () => {
		const workflowId = `secret-${++workflowCounter}`;
		await post({ workflowId, secret: 'S1', credentialSecret: 'S1', messageId: 'wamid.1' });
		const forged = await post({ workflowId, secret: 'FORGED', credentialSecret: 'S1', messageId: 'wamid.2' });
		expect(forged).toEqual({ status: 401, emitted: 0, credentialReads: 1 });
	});

	it('refuses a post signed with a replaced secret once the time to live has passed', async () => {
		const workflowId = `secret-${++workflowCounter}`;
		await post({ workflowId, secret: 'OLD', credentialSecret: 'OLD', messageId: 'wamid.1' });
		clock += SIGNING_SECRET_TTL_MS;
		const stale = await post({ workflowId, secret: 'OLD', credentialSecret: 'NEW', messageId: 'wamid.2' });
		expect(stale.status).toBe(401);
	});

	it('keeps no secret while listening for a test event', async () => {
		const workflowId = `secret-${++workflowCounter}`;
		const reads = [];
		for (const messageId of ['wamid.1', 'wamid.2']) {
			reads.push((await post({ workflowId, secret: 'S1', credentialSecret: 'S1', messageId, mode: 'manual' })).credentialReads);
		}
		expect(reads).toEqual([1, 1]);
	});

	it('keeps no secret for a node without a saved credential id', async () => {
		const workflowId = `secret-${++workflowCounter}`;
		const reads = [];
		for (const messageId of ['wamid.1', 'wamid.2']) {
			reads.push((await post({ workflowId, secret: 'S1', credentialSecret: 'S1', messageId, node: TRIGGER_NODE })).credentialReads);
		}
		expect(reads).toEqual([1, 1]);
	});

	it('never uses one trigger\'s secret for another workflow', async () => {
		await post({ workflowId: `secret-${++workflowCounter}`, secret: 'A', credentialSecret: 'A', messageId: 'wamid.1' });
		const other = await post({ workflowId: `secret-${++workflowCounter}`, secret: 'A', credentialSecret: 'B', messageId: 'wamid.1' });
		expect(other).toEqual({ status: 401, emitted: 0, credentialReads: 1 });
	});
});

describe('SigningSecretCache', () => {
	it('keys by workflow, node and credential, and keys nothing when one is missing', () => {
		expect(signingSecretCacheKey('w', 'n', 'c')).not.toBe(signingSecretCacheKey('w', 'n', 'd'));
		expect(signingSecretCacheKey('w', 'n', 'c')).not.toBe(signingSecretCacheKey('w', 'm', 'c'));
		expect([signingSecretCacheKey(undefined, 'n', 'c'), signingSecretCacheKey('w', '', 'c'), signingSecretCacheKey('w', 'n', null)]).toEqual([
			undefined,
			undefined,
			undefined,
		]);
	});

	it('forgets a secret at its time to live and keeps at most 200', () => {
		const cache = new SigningSecretCache(1000);
		cache.set('a', 'secret', 0);
		expect(cache.get('a', 999)).toBe('secret');
		expect(cache.get('a', 1000)).toBeUndefined();
		for (let index = 0; index <= 200; index++) cache.set(`k${index}`, 's', 0);
		expect(cache.get('k0', 1)).toBeUndefined();
		expect(cache.get('k200', 1)).toBe('s');
	});
});
