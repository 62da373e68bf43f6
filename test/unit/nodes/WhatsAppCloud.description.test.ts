import { NodeHelpers, Workflow, type INodeProperties, type INodePropertyOptions, type INodeTypes } from 'n8n-workflow';
import { WhatsAppCloud } from '../../../nodes/WhatsAppCloud/WhatsAppCloud.node';
import { fakeExecuteContext } from '../helpers/fakeContexts';
import { NODE } from './helpers/simulatorContext';

const node = new WhatsAppCloud();
const { properties } = node.description;

function operationsOf(resource: string): string[] {
	const operation = properties.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes(resource));
	return ((operation?.options ?? []) as INodePropertyOptions[]).map((option) => String(option.value));
}

function shownFor(resource: string, operation: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
	const parameters = NodeHelpers.getNodeParameters(properties, { resource, operation, ...extra }, true, false, { typeVersion: 1 }, node.description);
	return parameters ?? {};
}

describe('WhatsApp Cloud node description: resources and operations', () => {
	it('has the Contact, Media, Message, Phone Number and Template resources', () => {
		const resource = properties.find((property) => property.name === 'resource') as INodeProperties;
		expect((resource.options as INodePropertyOptions[]).map((option) => option.value)).toEqual(['contact', 'media', 'message', 'phoneNumber', 'template']);
		expect(resource.default).toBe('message');
	});

	it.each([
		['message', ['markAsRead', 'sendAndWait', 'sendButtons', 'sendCatalog', 'sendContacts', 'sendCtaUrl', 'sendFlow', 'sendList', 'sendLocation', 'sendLocationRequest', 'sendMedia', 'sendProduct', 'sendProductList', 'sendReaction', 'sendTemplate', 'sendText']],
		['media', ['delete', 'download', 'get', 'upload']],
		['template', ['create', 'delete', 'get', 'list']],
		['phoneNumber', ['get', 'getBusinessProfile', 'list', 'updateBusinessProfile']],
	])('%s has the operations %j, each routed', async (resource, operations) => {
		expect(operationsOf(resource)).toEqual(operations);
		for (const operation of operations) {
			const { context } = fakeExecuteContext({ node: NODE, items: [], params: { resource, operation } });
			await expect(node.execute.call(context)).resolves.toEqual([[]]);
		}
	});

	it('gives every operation an action text', () => {
		for (const property of properties.filter((candidate) => candidate.name === 'operation')) {
			for (const option of property.options as INodePropertyOptions[]) expect(option.action).toEqual(expect.any(String));
		}
	});

	it('registers the template, catalog and product pickers and the parameter mapping methods', () => {
		expect(Object.keys(node.methods.listSearch)).toEqual(['searchTemplates', 'searchCatalogs', 'searchProducts']);
		expect(Object.keys(node.methods.resourceMapping)).toEqual(['getTemplateFields']);
	});
});

describe('WhatsApp Cloud node description: Send Template', () => {
	it('shows recipient, template, language, components mode, the mapping, options and the account override', () => {
		const shown = shownFor('message', 'sendTemplate');
		expect(Object.keys(shown)).toEqual(
			expect.arrayContaining(['recipient', 'template', 'languageCode', 'componentsMode', 'templateParameters', 'options', 'businessAccountId', 'senderPhoneNumberId']),
		);
		expect(shown).not.toHaveProperty('componentsJson');
		expect(shown.componentsMode).toBe('mapper');
		expect(shown.template).toEqual({ __rl: true, mode: 'list', value: '' });
		expect(Object.keys(shownFor('message', 'sendTemplate', { componentsMode: 'json' }))).toEqual(expect.arrayContaining(['componentsJson']));
		expect(shownFor('message', 'sendTemplate', { componentsMode: 'json' })).not.toHaveProperty('templateParameters');
	});

	it('maps parameters with a resource mapper that reloads when template, language or account change', () => {
		const mapper = properties.find((property) => property.name === 'templateParameters') as INodeProperties;
		expect(mapper.type).toBe('resourceMapper');
		expect(mapper.default).toEqual({ mappingMode: 'defineBelow', value: null });
		expect(mapper.typeOptions).toEqual({
			loadOptionsDependsOn: ['template.value', 'languageCode', 'businessAccountId'],
			resourceMapper: expect.objectContaining({
				resourceMapperMethod: 'getTemplateFields',
				mode: 'add',
				fieldWords: { singular: 'parameter', plural: 'parameters' },
				addAllFields: true,
				supportAutoMap: false,
			}),
		});
	});

	it('picks templates from the list or by name for sending and deleting, and also by ID for reading', () => {
		const locators = properties.filter((property) => property.name === 'template');
		const modes = (property: INodeProperties) => (property.modes ?? []).map((mode) => mode.name);
		expect(locators.map((property) => [property.displayOptions?.show?.resource, property.displayOptions?.show?.operation, modes(property)])).toEqual([
			[['message'], ['sendTemplate'], ['list', 'name']],
			[['template'], ['get'], ['list', 'name', 'id']],
			[['template'], ['delete'], ['list', 'name']],
		]);
		for (const property of locators) expect(property.modes?.[0].typeOptions?.searchListMethod).toBe('searchTemplates');
	});

	it('keeps Send Text as it was', () => {
		expect(Object.keys(shownFor('message', 'sendText'))).toEqual(['resource', 'operation', 'recipient', 'text', 'options', 'senderPhoneNumberId', 'batchSending']);
	});
});

describe('WhatsApp Cloud node description: other resources', () => {
	it.each([
		['media', 'upload', ['binaryPropertyName', 'phoneNumberId', 'options']],
		['media', 'download', ['mediaId', 'binaryPropertyName', 'phoneNumberId', 'options']],
		['media', 'get', ['mediaId', 'phoneNumberId']],
		['media', 'delete', ['mediaId', 'phoneNumberId']],
		['template', 'list', ['returnAll', 'limit', 'filters', 'businessAccountId']],
		['template', 'get', ['template', 'businessAccountId']],
		['template', 'create', ['templateName', 'templateLanguage', 'templateCategory', 'templateComponents', 'options', 'businessAccountId']],
		['template', 'delete', ['template', 'businessAccountId']],
		['phoneNumber', 'list', ['businessAccountId']],
		['phoneNumber', 'get', ['phoneNumberId']],
		['phoneNumber', 'getBusinessProfile', ['phoneNumberId']],
		['phoneNumber', 'updateBusinessProfile', ['phoneNumberId', 'updateFields']],
	])('%s > %s shows %j', (resource, operation, names) => {
		expect(Object.keys(shownFor(resource, operation))).toEqual(['resource', 'operation', ...names]);
	});
});

describe('WhatsApp Cloud node description: the message operations', () => {
	const messageOperation = properties.find((property) => property.name === 'operation' && property.displayOptions?.show?.resource?.includes('message')) as INodeProperties;
	const options = messageOperation.options as INodePropertyOptions[];

	it('lists the operations sorted by name, each with an action and a description, Send Text by default', () => {
		const names = options.map((option) => option.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		expect(names).toEqual([
			'Mark as Read',
			'Send and Wait for Response',
			'Send Buttons',
			'Send Catalog',
			'Send Contacts',
			'Send CTA URL',
			'Send Flow',
			'Send List',
			'Send Location',
			'Send Location Request',
			'Send Media',
			'Send Product',
			'Send Product List',
			'Send Reaction',
			'Send Template',
			'Send Text',
		]);
		for (const option of options) {
			expect(option.action).toMatch(/^[A-Z][a-z]/);
			expect(option.description).toEqual(expect.any(String));
		}
		expect(messageOperation.default).toBe('sendText');
		expect(node.description.usableAsTool).toBe(true);
	});

	it.each([
		['sendMedia', {}, ['recipient', 'mediaType', 'mediaSource', 'mediaLink', 'options']],
		['sendMedia', { mediaSource: 'mediaId' }, ['recipient', 'mediaType', 'mediaSource', 'mediaId', 'options']],
		['sendMedia', { mediaSource: 'binary' }, ['recipient', 'mediaType', 'mediaSource', 'binaryPropertyName', 'options']],
		['sendLocation', {}, ['recipient', 'latitude', 'longitude', 'options']],
		['sendContacts', {}, ['recipient', 'contactsMode', 'contacts', 'options']],
		['sendContacts', { contactsMode: 'json' }, ['recipient', 'contactsMode', 'contactsJson', 'options']],
		['sendReaction', {}, ['recipient', 'messageId', 'emoji', 'options']],
		['markAsRead', {}, ['messageId', 'options']],
		['sendButtons', {}, ['recipient', 'headerType', 'bodyText', 'footerText', 'buttons', 'options']],
		['sendButtons', { headerType: 'video' }, ['recipient', 'headerType', 'headerMedia', 'bodyText', 'footerText', 'buttons', 'options']],
		['sendButtons', { headerType: 'text' }, ['recipient', 'headerType', 'headerText', 'bodyText', 'footerText', 'buttons', 'options']],
		['sendList', { headerType: 'text' }, ['recipient', 'headerType', 'headerText', 'bodyText', 'footerText', 'listButtonText', 'sections', 'options']],
		['sendCtaUrl', {}, ['recipient', 'headerType', 'bodyText', 'footerText', 'ctaDisplayText', 'ctaUrl', 'options']],
		['sendCtaUrl', { headerType: 'document' }, ['recipient', 'headerType', 'headerMedia', 'bodyText', 'footerText', 'ctaDisplayText', 'ctaUrl', 'options']],
		['sendLocationRequest', {}, ['recipient', 'bodyText', 'options']],
		[
			'sendFlow',
			{},
			['recipient', 'headerType', 'bodyText', 'footerText', 'flowIdentifier', 'flowId', 'flowCta', 'flowToken', 'flowMode', 'flowAction', 'flowScreen', 'flowData', 'options'],
		],
		[
			'sendFlow',
			{ flowIdentifier: 'flowName', flowAction: 'data_exchange' },
			['recipient', 'headerType', 'bodyText', 'footerText', 'flowIdentifier', 'flowName', 'flowCta', 'flowToken', 'flowMode', 'flowAction', 'options'],
		],
		['sendProduct', {}, ['recipient', 'catalog', 'product', 'bodyText', 'footerText', 'businessAccountId', 'options']],
		['sendProductList', {}, ['recipient', 'catalog', 'headerText', 'bodyText', 'footerText', 'productSections', 'businessAccountId', 'options']],
		['sendCatalog', {}, ['recipient', 'bodyText', 'footerText', 'thumbnailProductRetailerId', 'options']],
		['sendAndWait', {}, ['sendAndWaitNotice', 'recipient', 'message', 'responseType', 'approveLabel', 'offerDecline', 'declineLabel', 'limitWaitTime', 'options']],
		['sendAndWait', { offerDecline: false }, ['sendAndWaitNotice', 'recipient', 'message', 'responseType', 'approveLabel', 'offerDecline', 'limitWaitTime', 'options']],
		['sendAndWait', { responseType: 'choice' }, ['sendAndWaitNotice', 'recipient', 'message', 'responseType', 'choiceStyle', 'choicesSource', 'choices', 'limitWaitTime', 'options']],
		[
			'sendAndWait',
			{ responseType: 'choice', choiceStyle: 'list', choicesSource: 'json' },
			['sendAndWaitNotice', 'recipient', 'message', 'responseType', 'choiceStyle', 'choicesSource', 'choicesJson', 'listButtonText', 'limitWaitTime', 'options'],
		],
		['sendAndWait', { responseType: 'freeText', limitWaitTime: true }, ['sendAndWaitNotice', 'recipient', 'message', 'responseType', 'limitWaitTime', 'limitType', 'resumeAmount', 'resumeUnit', 'options']],
		['sendAndWait', { limitWaitTime: true, limitType: 'atSpecifiedTime' }, ['sendAndWaitNotice', 'recipient', 'message', 'responseType', 'approveLabel', 'offerDecline', 'declineLabel', 'limitWaitTime', 'limitType', 'maxDateAndTime', 'options']],
	])('%s %j shows %j', (operation, extra, names) => {
		// Every send has the Batch Sending collection; Mark as Read, which sends no message, and Send and Wait, which asks once, have none.
		const batch = operation === 'markAsRead' || operation === 'sendAndWait' ? [] : ['batchSending'];
		expect(Object.keys(shownFor('message', operation, extra))).toEqual(['resource', 'operation', ...names, 'senderPhoneNumberId', ...batch]);
	});

	it('offers each interactive operation only the headers it takes', () => {
		const headerTypesOf = (operation: string) =>
			properties
				.filter((property) => property.name === 'headerType' && property.displayOptions?.show?.operation?.includes(operation))
				.map((property) => (property.options as INodePropertyOptions[]).map((option) => option.value));
		for (const operation of ['sendButtons', 'sendCtaUrl', 'sendFlow']) expect(headerTypesOf(operation)).toEqual([['document', 'image', 'none', 'text', 'video']]);
		expect(headerTypesOf('sendList')).toEqual([['none', 'text']]);
		expect(headerTypesOf('sendLocationRequest')).toEqual([]);
		expect(shownFor('message', 'sendList', { headerType: 'image' })).not.toHaveProperty('headerMedia');
	});

	it('offers the common send options on every send, without a reply context on reactions, the contact-state check and fallback template on free-form sends, and the typing indicator on Mark as Read', () => {
		const optionsOf = (operation: string) =>
			((properties.find((property) => property.name === 'options' && property.displayOptions?.show?.operation?.includes(operation))?.options ?? []) as INodeProperties[]).map(
				(option) => option.name,
			);
		const guards = ['checkContactState', 'fallbackTemplate', 'fallbackTemplateLanguage', 'fallbackTemplateComponents'];
		expect(optionsOf('sendMedia')).toEqual(['caption', 'filename', 'voice', 'replyToMessageId', 'bizOpaqueCallbackData', ...guards]);
		expect(optionsOf('sendLocation')).toEqual(['name', 'address', 'replyToMessageId', 'bizOpaqueCallbackData', ...guards]);
		for (const operation of ['sendContacts', 'sendButtons', 'sendList', 'sendCtaUrl', 'sendLocationRequest', 'sendFlow', 'sendProduct', 'sendProductList', 'sendCatalog']) {
			expect(optionsOf(operation)).toEqual(['replyToMessageId', 'bizOpaqueCallbackData', ...guards]);
		}
		expect(optionsOf('sendReaction')).toEqual(['bizOpaqueCallbackData', ...guards]);
		expect(optionsOf('sendTemplate')).toEqual(['requireOptIn', 'replyToMessageId', 'bizOpaqueCallbackData', 'checkContactState']);
		expect(optionsOf('markAsRead')).toEqual(['typingIndicator']);
	});

	it('picks catalogs and products from lists (or by ID), each list searching the Graph API', () => {
		const locator = (name: string) => properties.find((property) => property.name === name) as INodeProperties;
		expect(locator('catalog').modes?.map((mode) => [mode.name, mode.typeOptions?.searchListMethod])).toEqual([
			['list', 'searchCatalogs'],
			['id', undefined],
		]);
		expect(locator('product').modes?.map((mode) => [mode.name, mode.typeOptions?.searchListMethod])).toEqual([
			['list', 'searchProducts'],
			['id', undefined],
		]);
		expect(locator('catalog').default).toEqual({ mode: 'list', value: '' });
	});

	it('reads well as a subtitle, evaluated by n8n\'s own expression engine', () => {
		const nodeTypes = { getByName: () => node, getByNameAndVersion: () => node, getKnownTypes: () => ({}) } as unknown as INodeTypes;
		const subtitle = (resource: string, operation: string) => {
			const workflowNode = { id: '1', name: 'WhatsApp Cloud', type: 'n8n-nodes-whatsapp-cloud.whatsAppCloud', typeVersion: 1, position: [0, 0] as [number, number], parameters: { resource, operation } };
			const workflow = new Workflow({ nodes: [workflowNode], connections: {}, active: false, nodeTypes });
			return workflow.expression.getSimpleParameterValue(workflowNode, node.description.subtitle as string, 'internal', {});
		};
		expect(subtitle('message', 'sendMedia')).toBe('send media: message');
		expect(subtitle('message', 'markAsRead')).toBe('mark as read: message');
		expect(subtitle('phoneNumber', 'getBusinessProfile')).toBe('get business profile: phone number');
		expect(subtitle('media', 'upload')).toBe('upload: media');
	});
});
