import type { MessageTemplate } from '../../simulator/messageTemplate';
import { checkTemplateSend } from '../../simulator/templateSendCheck';
import { TemplateStore } from '../../simulator/templateStore';

/** A template created through the store with one body text, then approved as Meta would after review. */
function approvedTemplate(store: TemplateStore, name: string, body: string, example: unknown): MessageTemplate {
	const created = store.create({ name, language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: body, example }] });
	if (!('template' in created)) throw new Error(`the store refused ${name}: ${created.violation.details}`);
	created.template.status = 'APPROVED';
	return created.template;
}

function sendBody(store: TemplateStore, name: string, parameters: Array<Record<string, string>>) {
	return checkTemplateSend({ name, language: { code: 'en_US' }, components: [{ type: 'body', parameters }] }, store);
}

describe('template placeholders in the simulator, read as the nodes read them', () => {
	it('counts positional placeholders the text uses out of number order, each once', () => {
		const store = new TemplateStore();
		const template = approvedTemplate(store, 'out_of_order', 'Order {{2}} for {{1}}, again {{2}}', { body_text: [['Ada', '4711']] });
		expect(template.parameter_format).toBe('POSITIONAL');
		expect(sendBody(store, 'out_of_order', [{ type: 'text', text: 'Ada' }, { type: 'text', text: '4711' }])).toBeUndefined();
		expect(sendBody(store, 'out_of_order', [{ type: 'text', text: 'Ada' }])?.body.error).toMatchObject({
			code: 132000,
			error_data: { details: 'body: number of localizable_params (1) does not match the expected number of params (2)' },
		});
	});

	it('takes only lowercase letters, digits and underscores as a named placeholder', () => {
		const store = new TemplateStore();
		const template = approvedTemplate(store, 'named_only_lowercase', 'Hi {{customer_name}}, {{Customer}} {{ORDER_ID}}', {
			body_text_named_params: [{ param_name: 'customer_name', example: 'Ada' }],
		});
		expect(template.parameter_format).toBe('NAMED');
		const customerName = { type: 'text', parameter_name: 'customer_name', text: 'Ada' };
		expect(sendBody(store, 'named_only_lowercase', [customerName])).toBeUndefined();
		expect(sendBody(store, 'named_only_lowercase', [customerName, { type: 'text', parameter_name: 'Customer', text: 'x' }])?.body.error.code).toBe(132000);
	});

	it('needs no example for a text whose braces hold no placeholder Meta knows', () => {
		const created = new TemplateStore().create({ name: 'no_variables', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Keep {{Braces}} as typed' }] });
		expect(created).toMatchObject({ template: { parameter_format: 'POSITIONAL' } });
	});
});
