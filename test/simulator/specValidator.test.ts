import * as fs from 'fs';
import * as path from 'path';
import { createMessageValidator } from '../../simulator/messageValidator';
import { SPEC_CORRECTIONS } from '../../simulator/specCorrections';
import { loadSpecValidator } from '../../simulator/specValidator';
import { OPENAPI_SPEC, REQUEST_SAMPLES_DIR } from '../support/paths';

const validate = createMessageValidator(OPENAPI_SPEC);

function sample(file: string): Record<string, unknown> {
	return JSON.parse(fs.readFileSync(path.join(REQUEST_SAMPLES_DIR, file), 'utf8')) as Record<string, unknown>;
}

const ALL_SAMPLES = fs.readdirSync(REQUEST_SAMPLES_DIR).filter((file) => file.endsWith('.json')).sort();

/** Bodies for the MM-Lite endpoint `POST /{phone-number-id}/marketing_messages`, which the simulator does not offer. */
const MARKETING_MESSAGES_BODIES = [
	'openapi__marketing-messages__parameterized-template.json',
	'openapi__marketing-messages__simple-template-message.json',
	'openapi__marketing-messages__template-with-product-policy.json',
];

/**
 * Meta's own examples that are not valid requests as published. They must stay rejected, with the
 * code and the field given here, so a correction that loosens the validator too far shows up.
 */
const INVALID_AS_PUBLISHED: Record<string, { code: number; details: RegExp; why: string }> = {
	'openapi__send-text-message-with-preview-url.json': {
		code: 131008,
		details: /^type: is required$/,
		why: 'the spec example omits "type" (known defect, SOURCES.md)',
	},
	'openapi__send-reply-to-list-message.json': {
		code: 131008,
		details: /^type: is required$/,
		why: 'the spec example omits "type" (known defect, SOURCES.md)',
	},
	'openapi__send-multi-product-message.json': {
		code: 100,
		details: /^interactive\.header\.type: must be one of text, video, image, document \(got "<HEADER_TYPE>"\)$/,
		why: 'header type left as the placeholder <HEADER_TYPE>',
	},
	'openapi__send-audio-message-by-url.json': { code: 100, details: /^audio\.link: must be a valid uri/, why: 'link left as the placeholder <http(s)://audio-url>' },
	'openapi__send-document-message-by-url.json': { code: 100, details: /^document\.link: must be a valid uri/, why: 'link placeholder <http(s)://document-url>' },
	'openapi__send-image-message-by-url.json': { code: 100, details: /^image\.link: must be a valid uri/, why: 'link placeholder http(s)://image-url' },
	'openapi__send-video-message-by-url.json': { code: 100, details: /^video\.link: must be a valid uri/, why: 'link placeholder <http(s)://video-url>' },
	'openapi__send-reply-to-audio-message-by-url.json': { code: 100, details: /^audio\.link: must be a valid uri/, why: 'link placeholder http(s)://audio-url' },
	'openapi__send-reply-to-document-message-by-url.json': { code: 100, details: /^document\.link: must be a valid uri/, why: 'link placeholder <http(s)://document-url>' },
	'openapi__send-reply-to-image-message-by-url.json': { code: 100, details: /^image\.link: must be a valid uri/, why: 'link placeholder http(s)://image-url' },
	'openapi__send-reply-to-video-message-by-url.json': { code: 100, details: /^video\.link: must be a valid uri/, why: 'link placeholder <http(s)://video-url>' },
};

const VALID_SAMPLES = ALL_SAMPLES.filter((file) => !MARKETING_MESSAGES_BODIES.includes(file) && !(file in INVALID_AS_PUBLISHED));

describe('Meta\'s request examples against the corrected spec and the documented limits', () => {
	it('finds the sample folder and keeps the exclusion lists to files that exist', () => {
		expect(ALL_SAMPLES.length).toBeGreaterThanOrEqual(80);
		for (const file of [...MARKETING_MESSAGES_BODIES, ...Object.keys(INVALID_AS_PUBLISHED)]) expect(ALL_SAMPLES).toContain(file);
		expect(VALID_SAMPLES.length).toBe(ALL_SAMPLES.length - MARKETING_MESSAGES_BODIES.length - Object.keys(INVALID_AS_PUBLISHED).length);
	});

	it.each(VALID_SAMPLES)('accepts %s', (file) => {
		expect(validate(sample(file))).toBeUndefined();
	});

	it.each(Object.entries(INVALID_AS_PUBLISHED))('rejects %s: as published it is not a valid request', (file, expected) => {
		const violation = validate(sample(file));
		expect(violation?.code).toBe(expected.code);
		expect(violation?.details).toMatch(expected.details);
	});
});

describe('the spec corrections', () => {
	const proven = SPEC_CORRECTIONS.filter((correction) => correction.provenBy.length > 0);

	it('each names its proof: Meta examples, or the documentation where no example exists', () => {
		for (const correction of SPEC_CORRECTIONS) {
			expect(correction.provenBy.length > 0 || Boolean(correction.documentedBy)).toBe(true);
			for (const file of correction.provenBy) expect(VALID_SAMPLES).toContain(file);
		}
	});

	it.each(proven.map((correction) => [correction.name, correction] as const))('is needed: without "%s" a named example fails', (_name, correction) => {
		const withoutIt = loadSpecValidator(
			OPENAPI_SPEC,
			SPEC_CORRECTIONS.filter((candidate) => candidate !== correction),
		);
		const failing = correction.provenBy.filter((file) => withoutIt.validateMessage(sample(file)) !== undefined);
		expect(failing.length).toBeGreaterThan(0);
	});
});

function text(body: string, extra: Record<string, unknown> = {}) {
	return { messaging_product: 'whatsapp', recipient_type: 'individual', to: '4915112345001', type: 'text', text: { body }, ...extra };
}

function replyButtons(buttons: Array<{ id: string; title: string }>) {
	return {
		messaging_product: 'whatsapp',
		to: '4915112345001',
		type: 'interactive',
		interactive: {
			type: 'button',
			body: { text: 'Pick one' },
			action: { buttons: buttons.map((reply) => ({ type: 'reply', reply })) },
		},
	};
}

function list(sections: unknown[]) {
	return {
		messaging_product: 'whatsapp',
		to: '4915112345001',
		type: 'interactive',
		interactive: { type: 'list', body: { text: 'Choose' }, action: { button: 'Options', sections } },
	};
}

const rows = (count: number, prefix: string) => Array.from({ length: count }, (_, index) => ({ id: `${prefix}${index}`, title: `Row ${index}` }));

describe('invalid bodies get Meta\'s code and a details text that names the field', () => {
	it.each([
		['missing to', { messaging_product: 'whatsapp', type: 'text', text: { body: 'hi' } }, 131008, 'to: is required'],
		['missing type', { messaging_product: 'whatsapp', to: '4915112345001', text: { body: 'hi' } }, 131008, 'type: is required'],
		[
			'an unknown type',
			{ messaging_product: 'whatsapp', to: '4915112345001', type: 'telepathy' },
			100,
			'type: must be one of text, audio, document, image, location, video, sticker, reaction, interactive, template, contacts (got "telepathy")',
		],
		['a 5000-character text', text('x'.repeat(5000)), 131009, 'text.body: must be at most 4096 characters (got 5000)'],
		['a text without body', { ...text('x'), text: { preview_url: true } }, 131008, 'text.body: is required'],
		['an unknown top-level parameter', text('hi', { priority: 'high' }), 100, 'priority: is not a known parameter here'],
		['an unknown text parameter', { ...text('hi'), text: { body: 'hi', bold: true } }, 100, 'text.bold: is not a known parameter here'],
		['a 513-character callback data', text('hi', { biz_opaque_callback_data: 'c'.repeat(513) }), 131009, 'biz_opaque_callback_data: must be at most 512 characters (got 513)'],
		[
			'4 reply buttons',
			replyButtons([1, 2, 3, 4].map((n) => ({ id: `b${n}`, title: `Button ${n}` }))),
			131009,
			'interactive.action.buttons: must have at most 3 items (got 4)',
		],
		[
			'a 21-character button title',
			replyButtons([{ id: 'b1', title: 't'.repeat(21) }]),
			131009,
			'interactive.action.buttons[0].reply.title: must be at most 20 characters (got 21)',
		],
		[
			'two buttons with one id',
			replyButtons([{ id: 'same', title: 'Yes' }, { id: 'same', title: 'No' }]),
			131009,
			'interactive.action.buttons[].reply.id: must be unique ("same" is used twice)',
		],
		[
			'a list with 11 rows in total',
			list([{ title: 'A', rows: rows(6, 'a') }, { title: 'B', rows: rows(5, 'b') }]),
			131009,
			'interactive.action.sections: may hold at most 10 rows in total (got 11)',
		],
		['two list sections without titles', list([{ rows: rows(1, 'a') }, { rows: rows(1, 'b') }]), 131008, 'interactive.action.sections[0].title: is required'],
		[
			'a 25-character row title',
			list([{ rows: [{ id: 'r1', title: 'r'.repeat(25) }] }]),
			131009,
			'interactive.action.sections[0].rows[0].title: must be at most 24 characters (got 25)',
		],
		[
			'a 1025-character image caption',
			{ messaging_product: 'whatsapp', to: '4915112345001', type: 'image', image: { id: '1234', caption: 'c'.repeat(1025) } },
			131009,
			'image.caption: must be at most 1024 characters (got 1025)',
		],
		[
			'an image link that is no URL',
			{ messaging_product: 'whatsapp', to: '4915112345001', type: 'image', image: { link: 'picture.png' } },
			100,
			'image.link: must be a valid uri (got "picture.png")',
		],
		[
			'an ftp image link',
			{ messaging_product: 'whatsapp', to: '4915112345001', type: 'image', image: { link: 'ftp://files.example.com/a.png' } },
			131009,
			'image.link: must be an http or https URL',
		],
		[
			'a reaction in reply to a message',
			{ messaging_product: 'whatsapp', to: '4915112345001', type: 'reaction', context: { message_id: 'wamid.A' }, reaction: { message_id: 'wamid.A', emoji: '👍' } },
			131009,
			'context: is not allowed on reaction messages',
		],
		[
			'a location without latitude',
			{ messaging_product: 'whatsapp', to: '4915112345001', type: 'location', location: { longitude: 13.4 } },
			131008,
			'location.latitude: is required',
		],
		[
			'a product message with a header',
			{
				messaging_product: 'whatsapp',
				to: '4915112345001',
				type: 'interactive',
				interactive: { type: 'product', header: { type: 'text', text: 'Hi' }, action: { catalog_id: '1', product_retailer_id: 'x' } },
			},
			131009,
			'interactive.header: is not allowed on product messages',
		],
		[
			'a button message with a list action',
			{
				messaging_product: 'whatsapp',
				to: '4915112345001',
				type: 'interactive',
				interactive: { type: 'button', body: { text: 'Hi' }, action: { button: 'Open', sections: [{ rows: rows(1, 'a') }] } },
			},
			131008,
			'interactive.action.buttons: is required',
		],
		['mark as read with another status', { messaging_product: 'whatsapp', status: 'delivered', message_id: 'wamid.A' }, 131009, 'status: must be "read" (got "delivered")'],
		['mark as read without message id', { messaging_product: 'whatsapp', status: 'read' }, 131008, 'message_id: is required'],
	])('%s', (_case, body, code, details) => {
		expect(validate(body)).toEqual({ code, details });
	});

	it('accepts the limits themselves: 4096 characters, 3 buttons, 10 rows, 512 characters of callback data', () => {
		expect(validate(text('x'.repeat(4096), { biz_opaque_callback_data: 'c'.repeat(512) }))).toBeUndefined();
		expect(validate(replyButtons([1, 2, 3].map((n) => ({ id: `b${n}`, title: `${'t'.repeat(19)}${n}` }))))).toBeUndefined();
		expect(validate(list([{ title: 'A', rows: rows(5, 'a') }, { title: 'B', rows: rows(5, 'b') }]))).toBeUndefined();
	});

	it('accepts a product list with a text header, and refuses 31 products or an image header', () => {
		const productList = (header: unknown, products: number) => ({
			messaging_product: 'whatsapp',
			to: '4915112345001',
			type: 'interactive',
			interactive: {
				type: 'product_list',
				header,
				body: { text: 'Our bestsellers' },
				action: {
					catalog_id: '194836987003835',
					sections: [
						{ title: 'A', product_items: Array.from({ length: 15 }, (_, n) => ({ product_retailer_id: `a${n}` })) },
						{ title: 'B', product_items: Array.from({ length: products - 15 }, (_, n) => ({ product_retailer_id: `b${n}` })) },
					],
				},
			},
		});
		expect(validate(productList({ type: 'text', text: 'Plants' }, 30))).toBeUndefined();
		expect(validate(productList({ type: 'text', text: 'Plants' }, 31))).toEqual({
			code: 131009,
			details: 'interactive.action.sections: may hold at most 30 products in total (got 31)',
		});
		expect(validate(productList({ type: 'image', image: { id: '1' } }, 2 + 15))).toEqual({
			code: 131009,
			details: 'interactive.header.type: must be text for product_list messages (got "image")',
		});
	});

	it('allows a list body up to 4096 characters but other interactive bodies only up to 1024', () => {
		const longList = list([{ rows: rows(1, 'a') }]);
		(longList.interactive.body as { text: string }).text = 'b'.repeat(4096);
		expect(validate(longList)).toBeUndefined();
		const buttons = replyButtons([{ id: 'b1', title: 'OK' }]);
		(buttons.interactive.body as { text: string }).text = 'b'.repeat(1025);
		expect(validate(buttons)).toEqual({ code: 131009, details: 'interactive.body.text: must be at most 1024 characters (got 1025)' });
	});
});
