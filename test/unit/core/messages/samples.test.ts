import { buildCatalogMessage, buildProductListMessage, buildProductMessage } from '../../../../core/messages/catalogMessage';
import { buildContactsMessage, type ContactInput } from '../../../../core/messages/contactsMessage';
import { buildCtaUrlMessage } from '../../../../core/messages/ctaUrlMessage';
import { buildFlowMessage, type FlowMessageInput } from '../../../../core/messages/flowMessage';
import { buildListMessage, type ListMessageInput } from '../../../../core/messages/listMessage';
import { buildLocationMessage } from '../../../../core/messages/locationMessage';
import { buildLocationRequestMessage } from '../../../../core/messages/locationRequestMessage';
import { buildMediaMessage } from '../../../../core/messages/mediaMessage';
import { buildReactionMessage } from '../../../../core/messages/reactionMessage';
import { buildReplyButtonsMessage } from '../../../../core/messages/replyButtonsMessage';
import type { MediaType, SendMessageBody } from '../../../../core/messages/sendMessageBody';
import { expectAcceptedBySpec, expectRefused, REQUEST_SAMPLE_FILES, requestSample, TO, type JsonObject } from './helpers';

/**
 * Meta's request samples (`requests/`), rebuilt through the builders' inputs.
 *
 * About `to`: the samples send to `{{Recipient-Phone-Number}}` (a Postman placeholder), `PHONE_NUMBER`
 * or `+16505551234`. The builders always write the recipient as digits only (core/recipient.ts) and
 * refuse placeholders, so every case builds for +1 650 555 1234 and compares the whole body with the
 * sample's `to` replaced by "16505551234": everything but `to` is compared exactly, and `to` is
 * checked to be the normalised number.
 *
 * Where a sample differs in more than `to`, `differs` says why and `expected` makes that one change.
 */
interface SampleCase {
	build: () => SendMessageBody;
	differs?: { why: string; expected: (sample: JsonObject) => JsonObject };
}

const PHONE = '+1 650 555 1234';
const REPLY_TO = '<MSGID_OF_MSG_YOU_ARE_REPLYING_TO>';
const REPLY_TO_PREV = '<MSGID_OF_PREV_MSG>';

function at(object: JsonObject, key: string): JsonObject {
	return object[key] as JsonObject;
}

/** A copy of the sample with one nested object replaced. */
function withPayload(sample: JsonObject, key: string, payload: JsonObject): JsonObject {
	return { ...sample, [key]: payload };
}

/** The placeholder links of the `*-by-url` samples are not URLs; these cases send to a real one instead. */
const REAL_LINK = 'https://example.com/media/file';

function placeholderLinkCase(type: MediaType, placeholder: string, rest: { caption?: string; replyToMessageId?: string }): SampleCase {
	return {
		build: () => buildMediaMessage({ to: PHONE, mediaType: type, mediaLink: REAL_LINK, ...rest }).body,
		differs: {
			why: `the sample's link ${JSON.stringify(placeholder)} is a placeholder, not an http(s) URL: the builder refuses it and so does the spec validator (format uri), so the case sends a real link`,
			expected: (sample) => withPayload(sample, type, { ...at(sample, type), link: REAL_LINK }),
		},
	};
}

const OPENAPI_CONTACT: ContactInput = {
	addresses: [
		{ city: 'Menlo Park', country: 'United States', countryCode: 'us', state: 'CA', street: '1 Hacker Way', type: 'HOME', zip: '94025' },
		{ city: 'Menlo Park', country: 'United States', countryCode: 'us', state: 'CA', street: '200 Jefferson Dr', type: 'WORK', zip: '94025' },
	],
	birthday: '2012-08-18',
	emails: [
		{ email: 'test@fb.com', type: 'WORK' },
		{ email: 'test@whatsapp.com', type: 'HOME' },
	],
	name: { firstName: 'John', formattedName: 'John Smith', lastName: 'Smith', middleName: 'D.', prefix: 'Dr', suffix: 'Jr' },
	org: { company: 'WhatsApp', department: 'Design', title: 'Manager' },
	phones: [
		{ phone: '+1 (940) 555-1234', type: 'HOME' },
		{ phone: '+1 (650) 555-1234', type: 'WORK', waId: '16505551234' },
	],
	urls: [
		{ type: 'WORK', url: 'https://www.facebook.com' },
		{ type: 'HOME', url: 'https://www.whatsapp.com' },
	],
};

const NO_RECIPIENT_TYPE = {
	why: 'the sample leaves out recipient_type (it defaults to "individual"); the builders always write it',
	expected: (sample: JsonObject) => ({ ...sample, recipient_type: 'individual' }),
};

const OPENAPI_LIST: Omit<ListMessageInput, 'to'> = {
	headerType: 'text',
	headerText: '<HEADER_TEXT>',
	bodyText: '<BODY_TEXT>',
	footerText: '<FOOTER_TEXT>',
	listButtonText: '<BUTTON_TEXT>',
	sections: [1, 2].map((section) => ({
		title: `<LIST_SECTION_${section}_TITLE>`,
		rows: [1, 2].map((row) => ({
			id: `<LIST_SECTION_${section}_ROW_${row}_ID>`,
			title: `<SECTION_${section}_ROW_${row}_TITLE>`,
			description: `<SECTION_${section}_ROW_${row}_DESC>`,
		})),
	})),
};

function openapiFlow(mode: 'draft' | 'published', by: 'id' | 'name'): Omit<FlowMessageInput, 'to'> {
	const text = mode === 'draft' ? { body: 'Not shown in draft mode', footer: 'Not shown in draft mode', header: 'Not shown in draft mode' } : { body: '<BODY_TEXT>', footer: '<FOOTER_TEXT>', header: '<HEADER_TEXT>' };
	return {
		headerType: 'text',
		headerText: text.header,
		bodyText: text.body,
		footerText: text.footer,
		...(by === 'id' ? { flowId: '{{Flow-ID}}' } : { flowName: '{{Flow-Name}}' }),
		flowCta: mode === 'draft' ? 'Not shown in draft mode' : 'Open Flow!',
		flowToken: '<FLOW_TOKEN>',
		// The published samples leave mode out (Meta's default); so does the builder when it is not given.
		...(mode === 'draft' ? { flowMode: 'draft' as const } : {}),
		flowAction: 'navigate',
		flowScreen: '<SCREEN_ID>',
		flowData: { '<CUSTOM_KEY>': '<CUSTOM_VALUE>' },
	};
}

const CASES: Record<string, SampleCase> = {
	// ---- media by id: reproduced exactly
	'openapi__send-audio-message-by-id.json': { build: () => buildMediaMessage({ to: PHONE, mediaType: 'audio', mediaId: '<AUDIO_OBJECT_ID>' }).body },
	'openapi__send-document-message-by-id.json': {
		build: () =>
			buildMediaMessage({ to: PHONE, mediaType: 'document', mediaId: '<DOCUMENT_OBJECT_ID>', caption: '<DOCUMENT_CAPTION_TO_SEND>', filename: '<DOCUMENT_FILENAME>' }).body,
	},
	'openapi__send-image-message-by-id.json': { build: () => buildMediaMessage({ to: PHONE, mediaType: 'image', mediaId: '<IMAGE_OBJECT_ID>' }).body },
	'openapi__send-video-message-by-id.json': {
		build: () => buildMediaMessage({ to: PHONE, mediaType: 'video', mediaId: '<VIDEO_OBJECT_ID>', caption: '<VIDEO_CAPTION_TEXT>' }).body,
	},
	'openapi__send-sticker-message-by-id.json': { build: () => buildMediaMessage({ to: PHONE, mediaType: 'sticker', mediaId: '<MEDIA_OBJECT_ID>' }).body },
	'openapi__send-reply-to-audio-message-by-id.json': {
		build: () => buildMediaMessage({ to: PHONE, mediaType: 'audio', mediaId: '<AUDIO_OBJECT_ID>', replyToMessageId: REPLY_TO }).body,
	},
	'openapi__send-reply-to-document-message-by-id.json': {
		build: () =>
			buildMediaMessage({
				to: PHONE,
				mediaType: 'document',
				mediaId: '<DOCUMENT_OBJECT_ID>',
				caption: '<DOCUMENT_CAPTION_TO_SEND>',
				filename: '<DOCUMENT_FILENAME>',
				replyToMessageId: REPLY_TO,
			}).body,
	},
	'openapi__send-reply-to-image-message-by-id.json': {
		build: () => buildMediaMessage({ to: PHONE, mediaType: 'image', mediaId: '<IMAGE_OBJECT_ID>', replyToMessageId: REPLY_TO_PREV }).body,
	},
	'openapi__send-reply-to-video-message-by-id.json': {
		build: () => buildMediaMessage({ to: PHONE, mediaType: 'video', mediaId: '<VIDEO_OBJECT_ID>', caption: '<VIDEO_CAPTION_TEXT>', replyToMessageId: REPLY_TO }).body,
	},
	'openapi__send-reply-to-sticker-message-by-id.json': {
		build: () => buildMediaMessage({ to: PHONE, mediaType: 'sticker', mediaId: '<MEDIA_OBJECT_ID>', replyToMessageId: REPLY_TO }).body,
	},
	'metadocs__messages-audio-messages.json': { build: () => buildMediaMessage({ to: PHONE, mediaType: 'audio', mediaId: '1013859600285441', voice: true }).body },
	'metadocs__messages-document-messages.json': {
		build: () =>
			buildMediaMessage({ to: PHONE, mediaType: 'document', mediaId: '1376223850470843', filename: 'order_abc123.pdf', caption: 'Your order confirmation (PDF)' }).body,
	},
	'metadocs__messages-image-messages.json': {
		build: () => buildMediaMessage({ to: PHONE, mediaType: 'image', mediaId: '1479537139650973', caption: 'The best succulent ever?' }).body,
	},
	'metadocs__messages-video-messages.json': {
		build: () => buildMediaMessage({ to: PHONE, mediaType: 'video', mediaId: '1166846181421424', caption: 'A succulent eclipse!' }).body,
	},
	'metadocs__messages-sticker-messages.json': { build: () => buildMediaMessage({ to: PHONE, mediaType: 'sticker', mediaId: '798882015472548' }).body },

	// ---- media by url: the samples' links are placeholders (see placeholderLinkCase)
	'openapi__send-audio-message-by-url.json': placeholderLinkCase('audio', '<http(s)://audio-url>', {}),
	'openapi__send-document-message-by-url.json': placeholderLinkCase('document', '<http(s)://document-url>', { caption: '<DOCUMENT-CAPTION-TEXT>' }),
	'openapi__send-image-message-by-url.json': placeholderLinkCase('image', 'http(s)://image-url', {}),
	'openapi__send-video-message-by-url.json': placeholderLinkCase('video', '<http(s)://video-url>', { caption: '<VIDEO_CAPTION_TEXT>' }),
	'openapi__send-sticker-message-by-url.json': placeholderLinkCase('sticker', '<http(s)://sticker-url>', {}),
	'openapi__send-reply-to-audio-message-by-url.json': placeholderLinkCase('audio', 'http(s)://audio-url', { replyToMessageId: REPLY_TO }),
	'openapi__send-reply-to-document-message-by-url.json': placeholderLinkCase('document', '<http(s)://document-url>', {
		caption: '<DOCUMENT_CAPTION_TEXT>',
		replyToMessageId: REPLY_TO,
	}),
	'openapi__send-reply-to-image-message-by-url.json': placeholderLinkCase('image', 'http(s)://image-url', { replyToMessageId: REPLY_TO_PREV }),
	'openapi__send-reply-to-video-message-by-url.json': placeholderLinkCase('video', '<http(s)://video-url>', {
		caption: '<VIDEO_CAPTION_TEXT>',
		replyToMessageId: REPLY_TO,
	}),
	'openapi__send-reply-to-sticker-message-by-url.json': placeholderLinkCase('sticker', '<http(s)://sticker-url>', { replyToMessageId: REPLY_TO }),

	// ---- location
	'openapi__send-location-message.json': {
		build: () => buildLocationMessage({ to: PHONE, latitude: 37.758056, longitude: -122.425332, name: 'META HQ', address: '1 Hacker Way, Menlo Park, CA 94025' }).body,
	},
	'openapi__send-reply-to-location-message.json': {
		build: () =>
			buildLocationMessage({
				to: PHONE,
				latitude: 37.758056,
				longitude: -122.425332,
				name: 'META HQ',
				address: '1 Hacker Way, Menlo Park, CA 94025',
				replyToMessageId: REPLY_TO_PREV,
			}).body,
	},
	'metadocs__messages-location-messages.json': {
		build: () =>
			buildLocationMessage({
				to: PHONE,
				latitude: '37.44216251868683',
				longitude: '-122.16153582049394',
				name: 'Philz Coffee',
				address: '101 Forest Ave, Palo Alto, CA 94301',
			}).body,
		differs: {
			why: 'the sample sends latitude/longitude as strings; the builder accepts the same strings and always sends numbers (the spec documents strings, the other samples send numbers)',
			expected: (sample) => withPayload(sample, 'location', { ...at(sample, 'location'), latitude: 37.44216251868683, longitude: -122.16153582049394 }),
		},
	},

	// ---- contacts
	'openapi__send-contact-message.json': { build: () => buildContactsMessage({ to: PHONE, contacts: [OPENAPI_CONTACT] }).body, differs: NO_RECIPIENT_TYPE },
	'openapi__send-reply-to-contact-message.json': {
		build: () => buildContactsMessage({ to: PHONE, contacts: [OPENAPI_CONTACT], replyToMessageId: REPLY_TO_PREV }).body,
		differs: NO_RECIPIENT_TYPE,
	},
	'metadocs__messages-contacts-messages.json': {
		build: () =>
			buildContactsMessage({
				to: PHONE,
				contacts: [
					{
						addresses: [
							{ street: '1 Lucky Shrub Way', city: 'Menlo Park', state: 'CA', zip: '94025', country: 'United States', countryCode: 'US', type: 'Office' },
							{ street: '1 Hacker Way', city: 'Menlo Park', state: 'CA', zip: '94025', country: 'United States', countryCode: 'US', type: 'Pop-Up' },
						],
						birthday: '1999-01-23',
						emails: [
							{ email: 'bjohnson@luckyshrub.com', type: 'Work' },
							{ email: 'bjohnson@luckyshrubplants.com', type: 'Work (old)' },
						],
						name: { formattedName: 'Barbara J. Johnson', firstName: 'Barbara', lastName: 'Johnson', middleName: 'Joana', suffix: 'Esq.', prefix: 'Dr.' },
						org: { company: 'Lucky Shrub', department: 'Legal', title: 'Lead Counsel' },
						phones: [
							{ phone: '+16505559999', type: 'Landline' },
							{ phone: '+19175559999', type: 'Mobile', waId: '19175559999' },
						],
						urls: [
							{ url: 'https://www.luckyshrub.com', type: 'Company' },
							{ url: 'https://www.facebook.com/luckyshrubplants', type: 'Company (FB)' },
						],
					},
				],
			}).body,
		differs: NO_RECIPIENT_TYPE,
	},

	// ---- reaction
	'openapi__send-reply-with-reaction-message.json': { build: () => buildReactionMessage({ to: PHONE, messageId: 'wamid.HBgLM...', emoji: '😀' }).body },
	'metadocs__messages-reaction-messages.json': {
		build: () => buildReactionMessage({ to: PHONE, messageId: 'wamid.HBgLMTY0NjcwNDM1OTUVAgASGBQzQUZCMTY0MDc2MUYwNzBDNTY5MAA=', emoji: '😀' }).body,
	},

	// ---- reply buttons
	'openapi__send-reply-button.json': {
		build: () =>
			buildReplyButtonsMessage({
				to: PHONE,
				bodyText: '<BUTTON_TEXT>',
				buttons: [
					{ id: '<UNIQUE_BUTTON_ID_1>', title: '<BUTTON_TITLE_1>' },
					{ id: '<UNIQUE_BUTTON_ID_2>', title: '<BUTTON_TITLE_2>' },
				],
			}).body,
	},
	'metadocs__messages-interactive-reply-buttons-messages.json': {
		build: () =>
			buildReplyButtonsMessage({
				to: PHONE,
				headerType: 'image',
				headerMedia: '2762702990552401',
				bodyText: 'Hi Pablo! Your gardening workshop is scheduled for 9am tomorrow. Use the buttons if you need to reschedule. Thank you!',
				footerText: 'Lucky Shrub: Your gateway to succulents!™',
				buttons: [
					{ id: 'change-button', title: 'Change' },
					{ id: 'cancel-button', title: 'Cancel' },
				],
			}).body,
	},

	// ---- list
	'openapi__send-list-message.json': { build: () => buildListMessage({ to: PHONE, ...OPENAPI_LIST }).body },
	'openapi__send-reply-to-list-message.json': {
		build: () => buildListMessage({ to: PHONE, ...OPENAPI_LIST, replyToMessageId: REPLY_TO_PREV }).body,
		differs: {
			why: 'Meta\'s example omits "type" (known defect, SOURCES.md; the spec validator refuses it); the builder writes type "interactive"',
			expected: (sample) => ({ ...sample, type: 'interactive' }),
		},
	},
	'metadocs__messages-interactive-list-messages.json': {
		build: () =>
			buildListMessage({
				to: PHONE,
				headerType: 'text',
				headerText: 'Choose Shipping Option',
				bodyText: 'Which shipping option do you prefer?',
				footerText: 'Lucky Shrub: Your gateway to succulents™',
				listButtonText: 'Shipping Options',
				sections: [
					{
						title: 'I want it ASAP!',
						rows: [
							{ id: 'priority_express', title: 'Priority Mail Express', description: 'Next Day to 2 Days' },
							{ id: 'priority_mail', title: 'Priority Mail', description: '1–3 Days' },
						],
					},
					{
						title: 'I can wait a bit',
						rows: [
							{ id: 'usps_ground_advantage', title: 'USPS Ground Advantage', description: '2–5 Days' },
							{ id: 'media_mail', title: 'Media Mail', description: '2–8 Days' },
						],
					},
				],
			}).body,
	},

	// ---- call-to-action URL
	'metadocs__messages-interactive-cta-url-messages.json': {
		build: () =>
			buildCtaUrlMessage({
				to: PHONE,
				headerType: 'image',
				headerMedia: 'https://www.luckyshrub.com/assets/lucky-shrub-banner-logo-v1.png',
				bodyText: 'Tap the button below to see available dates.',
				footerText: 'Dates subject to change.',
				ctaDisplayText: 'See Dates',
				ctaUrl: 'https://www.luckyshrub.com?clickID=kqDGWd24Q5TRwoEQTICY7W1JKoXvaZOXWAS7h1P76s0R7Paec4',
			}).body,
	},

	// ---- location request
	'metadocs__messages-location-request-messages.json': {
		build: () =>
			buildLocationRequestMessage({
				to: PHONE,
				bodyText: "Let's start with your pickup. You can either manually *enter an address* or *share your current location*.",
			}).body,
	},

	// ---- flows
	'openapi__send-draft-flow-by-id.json': { build: () => buildFlowMessage({ to: PHONE, ...openapiFlow('draft', 'id') }).body },
	'openapi__send-draft-flow-by-name.json': { build: () => buildFlowMessage({ to: PHONE, ...openapiFlow('draft', 'name') }).body },
	'openapi__send-published-flow-by-id.json': { build: () => buildFlowMessage({ to: PHONE, ...openapiFlow('published', 'id') }).body },
	'openapi__send-published-flow-by-name.json': { build: () => buildFlowMessage({ to: PHONE, ...openapiFlow('published', 'name') }).body },

	// ---- catalog
	'openapi__send-single-product-message.json': {
		build: () =>
			buildProductMessage({
				to: PHONE,
				catalog: '367025965434465',
				product: '<ID_TEST_ITEM_1>',
				bodyText: '<OPTIONAL_BODY_TEXT>',
				footerText: '<OPTIONAL_FOOTER_TEXT>',
			}).body,
	},
	'metadocs__catalogs-sell-products-and-services-share-products.json': {
		build: () => buildProductMessage({ to: PHONE, catalog: 'CATALOG_ID', product: 'ID_TEST_ITEM_1', bodyText: 'BODY_TEXT', footerText: 'FOOTER_TEXT' }).body,
	},
	'openapi__send-multi-product-message.json': {
		build: () =>
			buildProductListMessage({
				to: PHONE,
				catalog: '146265584024623',
				headerText: '<YOUR_TEXT_HEADER_CONTENT>',
				bodyText: '<YOUR_TEXT_BODY_CONTENT>',
				footerText: '<YOUR_TEXT_FOOTER_CONTENT>',
				productSections: [
					{ title: '<SECTION1_TITLE>', productRetailerIds: ['<YOUR_PRODUCT1_SKU_IN_CATALOG>', '<YOUR_SECOND_PRODUCT1_SKU_IN_CATALOG>'] },
					{ title: '<SECTION2_TITLE>', productRetailerIds: ['<YOUR_PRODUCT2_SKU_IN_CATALOG>', '<YOUR_SECOND_PRODUCT2_SKU_IN_CATALOG>'] },
				],
			}).body,
		differs: {
			why: 'the sample leaves header.type as the placeholder "<HEADER_TYPE>"; a product list header must be "text" (the spec validator refuses the placeholder)',
			expected: (sample) => {
				const interactive = at(sample, 'interactive');
				return withPayload(sample, 'interactive', { ...interactive, header: { ...at(interactive, 'header'), type: 'text' } });
			},
		},
	},
	'openapi__send-catalog-message.json': {
		build: () =>
			buildCatalogMessage({
				to: PHONE,
				bodyText: 'Hello! Thanks for your interest. Ordering is easy. Just visit our catalog and add items to purchase.',
				footerText: 'Best grocery deals on WhatsApp!',
				thumbnailProductRetailerId: '2lc20305pt',
			}).body,
	},
};

/** Sample types these builders cover; text, templates and mark-as-read are built elsewhere. */
const COVERED_TYPES = new Set(['image', 'video', 'audio', 'document', 'sticker', 'location', 'contacts', 'reaction']);
const COVERED_INTERACTIVE_TYPES = new Set(['button', 'list', 'cta_url', 'location_request_message', 'flow', 'product', 'product_list', 'catalog_message']);

function isCovered(sample: JsonObject): boolean {
	const interactive = sample.interactive as JsonObject | undefined;
	if (interactive) return COVERED_INTERACTIVE_TYPES.has(String(interactive.type));
	return COVERED_TYPES.has(String(sample.type));
}

const EXACT = Object.entries(CASES).filter(([, sampleCase]) => !sampleCase.differs);
const DIFFERING = Object.entries(CASES).filter(([, sampleCase]) => sampleCase.differs);

describe('Meta\'s request samples, rebuilt through the builders', () => {
	it('has a case for every sample of a covered type, and only for those', () => {
		const covered = REQUEST_SAMPLE_FILES.filter((file) => isCovered(requestSample(file)));
		expect(Object.keys(CASES).sort()).toEqual(covered);
		expect(covered).toHaveLength(48);
	});

	it('lists exactly these samples as not reproducible byte for byte (apart from the recipient)', () => {
		expect(DIFFERING.map(([file]) => file).sort()).toEqual([
			'metadocs__messages-contacts-messages.json',
			'metadocs__messages-location-messages.json',
			'openapi__send-audio-message-by-url.json',
			'openapi__send-contact-message.json',
			'openapi__send-document-message-by-url.json',
			'openapi__send-image-message-by-url.json',
			'openapi__send-multi-product-message.json',
			'openapi__send-reply-to-audio-message-by-url.json',
			'openapi__send-reply-to-contact-message.json',
			'openapi__send-reply-to-document-message-by-url.json',
			'openapi__send-reply-to-image-message-by-url.json',
			'openapi__send-reply-to-list-message.json',
			'openapi__send-reply-to-sticker-message-by-url.json',
			'openapi__send-reply-to-video-message-by-url.json',
			'openapi__send-sticker-message-by-url.json',
			'openapi__send-video-message-by-url.json',
		]);
	});

	it.each(EXACT)('reproduces %s (all but the recipient) and the spec accepts it', (file, sampleCase) => {
		const body = expectAcceptedBySpec(sampleCase.build());
		expect(body.to).toBe(TO);
		expect(body).toStrictEqual({ ...requestSample(file), to: TO });
	});

	it.each(DIFFERING)('rebuilds %s with one documented difference, and the spec accepts it', (file, sampleCase) => {
		const body = expectAcceptedBySpec(sampleCase.build());
		expect(body.to).toBe(TO);
		const sample = { ...requestSample(file), to: TO };
		const expected = sampleCase.differs?.expected(sample);
		expect(expected).not.toEqual(sample);
		expect(body).toStrictEqual(expected);
	});

	it.each([
		['openapi__send-audio-message-by-url.json', 'audio'],
		['openapi__send-image-message-by-url.json', 'image'],
		['openapi__send-sticker-message-by-url.json', 'sticker'],
	] as const)('refuses the placeholder link of %s as it stands', (file, type) => {
		const link = (requestSample(file)[type] as JsonObject).link as string;
		expectRefused(
			() => buildMediaMessage({ to: PHONE, mediaType: type, mediaLink: link }),
			'mediaLink',
			`mediaLink: must be a full http:// or https:// URL without spaces (got ${JSON.stringify(link)})`,
		);
	});
});
