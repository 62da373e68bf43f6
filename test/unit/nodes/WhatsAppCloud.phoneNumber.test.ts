import { NodeApiError, NodeOperationError, type INodeExecutionData } from 'n8n-workflow';
import { buildBusinessProfileUpdate } from '../../../core/businessProfile';
import { WhatsAppCloud } from '../../../nodes/WhatsAppCloud/WhatsAppCloud.node';
import { caught, simulatorExecuteContext } from './helpers/simulatorContext';
import { simulatorPerFile } from './helpers/simulatorPerFile';

const sim = simulatorPerFile();
beforeEach(() => sim.control.reset());

const PHONE = '106540352242922';

function phoneNumbers(operation: string, itemParams: Array<Record<string, unknown>> = [{}], extra: { credentials?: Record<string, string>; continueOnFail?: boolean } = {}) {
	return simulatorExecuteContext({
		simulator: sim.simulator,
		credentials: extra.credentials,
		continueOnFail: extra.continueOnFail,
		params: { resource: 'phoneNumber', operation, businessAccountId: '', phoneNumberId: '', updateFields: {} },
		itemParams,
	});
}

async function run(context: ReturnType<typeof phoneNumbers>['context']): Promise<INodeExecutionData[]> {
	return (await new WhatsAppCloud().execute.call(context))[0] as INodeExecutionData[];
}

const NUMBER = {
	id: PHONE,
	display_phone_number: '+1 555-078-3881',
	verified_name: 'Simulated Shop',
	quality_rating: 'GREEN',
	throughput: { level: 'STANDARD' },
	code_verification_status: 'VERIFIED',
	platform_type: 'CLOUD_API',
	name_status: 'APPROVED',
	status: 'CONNECTED',
	messaging_limit_tier: 'TIER_1K',
};

describe('Phone Number > Get Many and Get', () => {
	it('lists the account\'s numbers with quality rating and throughput', async () => {
		expect(await run(phoneNumbers('list').context)).toEqual([{ json: NUMBER, pairedItem: { item: 0 } }]);
		const [request] = await sim.control.requests();
		expect(request.path).toBe('/v23.0/419561257915477/phone_numbers');
		expect(request.query).toMatchObject({ fields: 'id,display_phone_number,verified_name,quality_rating,throughput,code_verification_status,platform_type,name_status,status,messaging_limit_tier' });
	});

	it('gets the credential\'s number, or the one set on the node', async () => {
		expect(await run(phoneNumbers('get').context)).toEqual([{ json: NUMBER, pairedItem: { item: 0 } }]);
		const other = (await caught(() => run(phoneNumbers('get', [{ phoneNumberId: '123' }]).context))) as NodeApiError;
		expect(other).toBeInstanceOf(NodeApiError);
		expect(other.message).toContain('#100/33');
	});

	it('needs a Business Account ID to list, but not to get one number', async () => {
		const error = (await caught(() => run(phoneNumbers('list', [{}], { credentials: { businessAccountId: '' } }).context))) as NodeOperationError;
		expect(error.message).toBe('No WhatsApp Business Account ID');
		expect(await run(phoneNumbers('list', [{ businessAccountId: '419561257915477' }], { credentials: { businessAccountId: '' } }).context)).toHaveLength(1);
		expect(await run(phoneNumbers('get', [{}], { credentials: { businessAccountId: '' } }).context)).toHaveLength(1);
	});

	it('needs a phone number ID from the node or the credential', async () => {
		const error = (await caught(() => run(phoneNumbers('get', [{}], { credentials: { phoneNumberId: '' } }).context))) as NodeOperationError;
		expect(error.message).toBe('No phone number ID');
		expect(error.description).toMatch(/Phone Number ID on the node/);
	});
});

describe('Phone Number > business profile', () => {
	it('reads the profile as one item with the phone number ID', async () => {
		const [item] = await run(phoneNumbers('getBusinessProfile').context);
		expect(item).toEqual({
			json: {
				phoneNumberId: PHONE,
				about: 'Answers within minutes, Mon–Fri 9–18',
				address: '1 Sample Street, 10115 Berlin',
				description: 'A simulated shop for testing WhatsApp workflows.',
				email: 'support@shop.example.com',
				profile_picture_url: 'https://pps.whatsapp.net/v/t61.24694-24/simulated-shop.jpg',
				websites: ['https://shop.example.com/'],
				vertical: 'RETAIL',
				messaging_product: 'whatsapp',
			},
			pairedItem: { item: 0 },
		});
		expect((await sim.control.requests())[0].query).toEqual({ fields: 'about,address,description,email,profile_picture_url,websites,vertical' });
	});

	it('updates the fields given and returns what was set', async () => {
		const [item] = await run(
			phoneNumbers('updateBusinessProfile', [{ updateFields: { about: 'Back on Monday', websites: 'https://a.example, https://b.example/help', vertical: 'RETAIL', email: 'hi@a.example' } }]).context,
		);
		expect(item).toEqual({
			json: { phoneNumberId: PHONE, success: true, about: 'Back on Monday', email: 'hi@a.example', websites: ['https://a.example', 'https://b.example/help'], vertical: 'RETAIL' },
			pairedItem: { item: 0 },
		});
		const [request] = await sim.control.requests();
		expect(request.body).toEqual({ messaging_product: 'whatsapp', about: 'Back on Monday', email: 'hi@a.example', websites: ['https://a.example', 'https://b.example/help'], vertical: 'RETAIL' });
		const [after] = await run(phoneNumbers('getBusinessProfile').context);
		expect(after.json).toMatchObject({ about: 'Back on Monday', websites: ['https://a.example', 'https://b.example/help'] });
	});

	it('checks the documented limits before sending, with Continue On Fail per item', async () => {
		const output = await run(
			phoneNumbers(
				'updateBusinessProfile',
				[
					{ updateFields: { about: 'a'.repeat(140) } },
					{ updateFields: { websites: 'https://a.example,https://b.example,https://c.example' } },
					{ updateFields: {} },
					{ updateFields: { description: 'Fresh plants since 1999' } },
				],
				{ continueOnFail: true },
			).context,
		);
		expect(output.map((item) => item.json.error ?? item.json.success)).toEqual([
			'Item 0: about: must be at most 139 characters (got 140 characters)',
			'Item 1: websites: may list at most 2 websites (got 3)',
			'Item 2: updateFields: add at least one field to update',
			true,
		]);
		expect((await sim.control.requests()).map((request) => request.body)).toEqual([{ messaging_product: 'whatsapp', description: 'Fresh plants since 1999' }]);
	});
});

describe('buildBusinessProfileUpdate', () => {
	it('accepts the documented maximum lengths and an array of websites', () => {
		expect(buildBusinessProfileUpdate({ about: 'a'.repeat(139), address: 'b'.repeat(256), description: 'c'.repeat(512), websites: ['https://x.example'], vertical: 'prof_services' })).toEqual({
			messaging_product: 'whatsapp',
			about: 'a'.repeat(139),
			address: 'b'.repeat(256),
			description: 'c'.repeat(512),
			websites: ['https://x.example'],
			vertical: 'PROF_SERVICES',
		});
	});

	it.each([
		[{ about: '  ' }, 'about: must not be empty'],
		[{ description: 'c'.repeat(513) }, 'description: must be at most 512 characters (got 513 characters)'],
		[{ address: 'b'.repeat(257) }, 'address: must be at most 256 characters (got 257 characters)'],
		[{ email: 'not-an-email' }, 'email: must be an email address (got "not-an-email")'],
		[{ websites: 'shop.example.com' }, 'websites[0]: must be an http(s) URL (got "shop.example.com")'],
		[{ websites: `https://${'x'.repeat(250)}.example` }, 'websites[0]: must be at most 256 characters (got 266 characters)'],
		[{ vertical: 'SPACE' }, expect.stringMatching(/^vertical: must be one of ALCOHOL, APPAREL, .* \(got "SPACE"\)$/)],
		[{ about: { text: 'x' } }, 'about: must be text (got a object)'],
	])('refuses %j', (update, message) => {
		expect(() => buildBusinessProfileUpdate(update)).toThrow(expect.objectContaining({ message }));
	});
});
