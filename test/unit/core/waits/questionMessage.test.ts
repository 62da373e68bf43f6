import { LIMITS } from '../../../../core/limits';
import type { SendMessageBody } from '../../../../core/messages/sendMessageBody';
import { buildTemplateMessage } from '../../../../core/templates/templateMessage';
import { buildQuestionMessage, quickReplyComponents, waitChoicesOf, type QuestionInput } from '../../../../core/waits/questionMessage';
import type { WaitChoice } from '../../../../core/waits/pendingWait';
import { parseReplyId } from '../../../../core/waits/waitReplyIds';
import { expectAcceptedBySpec, expectRefused, requestSample, times, TO } from '../messages/helpers';

const WAIT_ID = 'k3x9q2m7a1b0';
const ENVELOPE = { messaging_product: 'whatsapp', recipient_type: 'individual', to: TO };
const SIZES = [
	{ id: 'size:s', title: 'Small' },
	{ id: 'size:m', title: 'Medium' },
	{ id: 'size:l', title: 'Large' },
];

type Overrides = Partial<Omit<QuestionInput, 'to'>>;
const approval = (input: Overrides = {}): QuestionInput => ({ to: '+1 650-555-1234', question: 'Ship order 4711?', responseType: 'approval', ...input });
const buttons = (choices: WaitChoice[] | undefined, input: Overrides = {}): QuestionInput => ({
	to: TO,
	question: 'Which size?',
	responseType: 'choice',
	choice: { style: 'buttons', choices },
	...input,
});
const list = (choice: Partial<NonNullable<QuestionInput['choice']>>, input: Overrides = {}): QuestionInput => ({
	to: TO,
	question: 'How should we ship it?',
	responseType: 'choice',
	choice: { style: 'list', ...choice },
	...input,
});
const freeText = (input: Overrides = {}): QuestionInput => ({ to: TO, question: 'What should the card say?', responseType: 'freeText', ...input });

/** The body, checked against Meta's spec and documented limits first. */
const bodyOf = (input: QuestionInput): SendMessageBody => expectAcceptedBySpec(buildQuestionMessage(input, WAIT_ID).body);
const reply = (id: string, title: string) => ({ type: 'reply', reply: { id: `w:${WAIT_ID}:${id}`, title } });

describe('buildQuestionMessage: approval', () => {
	it('asks with Approve and Decline reply buttons by default', () => {
		expect(bodyOf(approval())).toStrictEqual({
			...ENVELOPE,
			type: 'interactive',
			interactive: {
				type: 'button',
				body: { text: 'Ship order 4711?' },
				action: { buttons: [reply('approve', 'Approve'), reply('decline', 'Decline')] },
			},
		});
		expect(waitChoicesOf(approval())).toStrictEqual([
			{ id: 'approve', title: 'Approve' },
			{ id: 'decline', title: 'Decline' },
		]);
	});

	it('takes its own labels, a footer, a reply context and callback data', () => {
		const input = approval({
			approval: { approveLabel: 'Ship it ✅', declineLabel: 'Hold' },
			footer: 'Warehouse Nord',
			replyToMessageId: 'wamid.ORDER',
			bizOpaqueCallbackData: 'order-4711',
		});
		expect(bodyOf(input)).toStrictEqual({
			...ENVELOPE,
			context: { message_id: 'wamid.ORDER' },
			biz_opaque_callback_data: 'order-4711',
			type: 'interactive',
			interactive: {
				type: 'button',
				body: { text: 'Ship order 4711?' },
				footer: { text: 'Warehouse Nord' },
				action: { buttons: [reply('approve', 'Ship it ✅'), reply('decline', 'Hold')] },
			},
		});
		expect(waitChoicesOf(input)).toStrictEqual([
			{ id: 'approve', title: 'Ship it ✅' },
			{ id: 'decline', title: 'Hold' },
		]);
	});

	it('offers approve alone when decline is not offered, and takes blank labels for the defaults', () => {
		const input = approval({ approval: { approveLabel: ' ', declineLabel: 'never shown', offerDecline: false } });
		expect(bodyOf(input)).toMatchObject({ interactive: { action: { buttons: [reply('approve', 'Approve')] } } });
		expect(waitChoicesOf(input)).toStrictEqual([{ id: 'approve', title: 'Approve' }]);
	});

	it('reports the reply ids of its buttons', () => {
		expect(buildQuestionMessage(approval(), WAIT_ID).report).toStrictEqual({
			headerType: undefined,
			buttonCount: 2,
			buttonIds: [`w:${WAIT_ID}:approve`, `w:${WAIT_ID}:decline`],
		});
	});

	it('labels have at most 20 characters, and differ', () => {
		bodyOf(approval({ approval: { approveLabel: 'a'.repeat(20), declineLabel: 'd'.repeat(20) } }));
		expectRefused(
			() => buildQuestionMessage(approval({ approval: { approveLabel: 'a'.repeat(21) } }), WAIT_ID),
			'approval.approveLabel',
			'approval.approveLabel: must be at most 20 characters (got 21 characters)',
		);
		expectRefused(
			() => buildQuestionMessage(approval({ approval: { declineLabel: 'd'.repeat(21) } }), WAIT_ID),
			'approval.declineLabel',
			'approval.declineLabel: must be at most 20 characters (got 21 characters)',
		);
		expectRefused(
			() => buildQuestionMessage(approval({ approval: { approveLabel: 'OK', declineLabel: 'OK' } }), WAIT_ID),
			'approval.declineLabel',
			'approval.declineLabel: must be unique, but approval.approveLabel already uses it (got "OK")',
		);
	});

	it('the question has at most 1024 characters (the reply buttons body)', () => {
		bodyOf(approval({ question: 'q'.repeat(LIMITS.interactiveBody) }));
		expectRefused(() => buildQuestionMessage(approval({ question: 'q'.repeat(1025) }), WAIT_ID), 'question', 'question: must be at most 1024 characters (got 1025 characters)');
		expectRefused(() => buildQuestionMessage(approval({ question: '  ' }), WAIT_ID), 'question', 'question: must not be empty');
	});

	it('the footer has at most 60 characters', () => {
		bodyOf(approval({ footer: 'f'.repeat(LIMITS.interactiveFooter) }));
		expectRefused(() => buildQuestionMessage(approval({ footer: 'f'.repeat(61) }), WAIT_ID), 'footer', 'footer: must be at most 60 characters (got 61 characters)');
	});
});

describe('buildQuestionMessage: choice as reply buttons', () => {
	it('asks with one reply button per choice, ids carrying wait and choice', () => {
		const input = buttons(SIZES, { footer: 'Sizes run small' });
		expect(bodyOf(input)).toStrictEqual({
			...ENVELOPE,
			type: 'interactive',
			interactive: {
				type: 'button',
				body: { text: 'Which size?' },
				footer: { text: 'Sizes run small' },
				action: { buttons: [reply('size:s', 'Small'), reply('size:m', 'Medium'), reply('size:l', 'Large')] },
			},
		});
		expect(waitChoicesOf(input)).toStrictEqual(SIZES);
	});

	it('keeps colons and non-ASCII in choice ids, and the ids parse back', () => {
		const body = bodyOf(buttons([{ id: 'Größe:XL 😀', title: 'XL' }])) as { interactive: { action: { buttons: Array<{ reply: { id: string } }> } } };
		expect(parseReplyId(body.interactive.action.buttons[0].reply.id)).toStrictEqual({ waitId: WAIT_ID, choiceId: 'Größe:XL 😀' });
	});

	it('has 1 to 3 choices', () => {
		bodyOf(buttons(SIZES.slice(0, 1)));
		expectRefused(
			() => buildQuestionMessage(buttons(times(4, (index) => ({ id: `c${index}`, title: `Choice ${index}` }))), WAIT_ID),
			'choice.choices',
			'choice.choices: must have 1 to 3 buttons (got 4)',
		);
		expectRefused(() => buildQuestionMessage(buttons([]), WAIT_ID), 'choice.choices', 'choice.choices: must have 1 to 3 buttons (got 0)');
		expectRefused(() => buildQuestionMessage(buttons(undefined), WAIT_ID), 'choice.choices', 'choice.choices: must have 1 to 3 buttons (got 0)');
	});

	it('titles have at most 20 characters, are not empty and differ', () => {
		bodyOf(buttons([...SIZES.slice(0, 2), { id: 'xl', title: 't'.repeat(LIMITS.replyButtonTitle) }]));
		expectRefused(
			() => buildQuestionMessage(buttons([...SIZES.slice(0, 2), { id: 'xl', title: 't'.repeat(21) }]), WAIT_ID),
			'choice.choices[2].title',
			'choice.choices[2].title: must be at most 20 characters (got 21 characters)',
		);
		expectRefused(() => buildQuestionMessage(buttons([{ id: 'xl', title: '' }]), WAIT_ID), 'choice.choices[0].title', 'choice.choices[0].title: must not be empty');
		expectRefused(
			() => buildQuestionMessage(buttons([SIZES[0], { id: 'other', title: 'Small' }]), WAIT_ID),
			'choice.choices[1].title',
			'choice.choices[1].title: must be unique, but choice.choices[0].title already uses it (got "Small")',
		);
	});

	it('refuses sections, which only a list has', () => {
		const input = buttons(SIZES);
		input.choice = { ...input.choice!, sections: [{ rows: SIZES }] };
		expectRefused(() => buildQuestionMessage(input, WAIT_ID), 'choice.sections', 'choice.sections: only a list has sections: give reply buttons as choice.choices');
	});
});

describe('choice ids', () => {
	it('have at most 100 characters', () => {
		bodyOf(buttons([{ id: 'i'.repeat(100), title: 'Long id' }]));
		expect(waitChoicesOf(buttons([{ id: 'i'.repeat(100), title: 'Long id' }]))[0].id).toHaveLength(100);
		expectRefused(
			() => buildQuestionMessage(buttons([SIZES[0], { id: 'i'.repeat(101), title: 'Long id' }]), WAIT_ID),
			'choice.choices[1].id',
			'choice.choices[1].id: must be at most 100 characters (got 101 characters)',
		);
		expectRefused(
			() => waitChoicesOf(list({ sections: [{ rows: [{ id: 'i'.repeat(101), title: 'Long id' }] }] })),
			'choice.sections[0].rows[0].id',
			'choice.sections[0].rows[0].id: must be at most 100 characters (got 101 characters)',
		);
	});

	it('are not empty and hold no control characters or surrounding spaces', () => {
		expectRefused(() => waitChoicesOf(buttons([{ id: '', title: 'Empty' }])), 'choice.choices[0].id', 'choice.choices[0].id: must not be empty (got "")');
		expectRefused(
			() => waitChoicesOf(buttons([{ id: undefined as unknown as string, title: 'None' }])),
			'choice.choices[0].id',
			'choice.choices[0].id: must be text (got undefined)',
		);
		expectRefused(
			() => buildQuestionMessage(buttons([SIZES[0], SIZES[1], { id: 'two\nlines', title: 'Two' }]), WAIT_ID),
			'choice.choices[2].id',
			'choice.choices[2].id: must not contain control characters (line breaks, tabs …) (got "two\\nlines")',
		);
		expectRefused(() => waitChoicesOf(buttons([{ id: 'xl ', title: 'XL' }])), 'choice.choices[0].id', 'choice.choices[0].id: must not start or end with spaces (got "xl ")');
	});

	it('count numbers as their digits', () => {
		expect(waitChoicesOf(buttons([{ id: 7 as unknown as string, title: 'Seven' }]))).toStrictEqual([{ id: '7', title: 'Seven' }]);
	});

	it('are unique, across list sections too', () => {
		expectRefused(
			() => buildQuestionMessage(buttons([SIZES[0], SIZES[1], { id: 'size:s', title: 'Again' }]), WAIT_ID),
			'choice.choices[2].id',
			'choice.choices[2].id: must be unique, but choice.choices[0].id already uses it (got "size:s")',
		);
		expectRefused(
			() =>
				buildQuestionMessage(
					list({
						sections: [
							{ title: 'Fast', rows: [{ id: 'express', title: 'Express' }] },
							{ title: 'Slow', rows: [{ id: 'ground', title: 'Ground' }, { id: 'express', title: 'Express again' }] },
						],
					}),
					WAIT_ID,
				),
			'choice.sections[1].rows[1].id',
			'choice.sections[1].rows[1].id: must be unique, but choice.sections[0].rows[0].id already uses it (got "express")',
		);
	});
});

describe('buildQuestionMessage: choice as a list', () => {
	it('shows a choice\'s description below its title in a list row, and leaves it off reply buttons', () => {
		const slots = [
			{ id: 'slot-0900', title: 'Mon 09:00', description: 'Dr. Weber' },
			{ id: 'slot-1130', title: 'Mon 11:30' },
		];
		const rows = (bodyOf(list({ choices: slots })) as { interactive: { action: { sections: Array<{ rows: unknown[] }> } } }).interactive.action.sections[0].rows;
		expect(rows).toStrictEqual([
			{ id: `w:${WAIT_ID}:slot-0900`, title: 'Mon 09:00', description: 'Dr. Weber' },
			{ id: `w:${WAIT_ID}:slot-1130`, title: 'Mon 11:30' },
		]);
		const buttons = bodyOf({ ...list({ choices: slots }), choice: { style: 'buttons', choices: slots } }) as { interactive: { action: { buttons: unknown[] } } };
		expect(buttons.interactive.action.buttons).toStrictEqual([
			{ type: 'reply', reply: { id: `w:${WAIT_ID}:slot-0900`, title: 'Mon 09:00' } },
			{ type: 'reply', reply: { id: `w:${WAIT_ID}:slot-1130`, title: 'Mon 11:30' } },
		]);
		expect(waitChoicesOf(list({ choices: slots }))).toStrictEqual([
			{ id: 'slot-0900', title: 'Mon 09:00' },
			{ id: 'slot-1130', title: 'Mon 11:30' },
		]);
	});

	it('puts choices into one untitled section behind a Choose button by default', () => {
		const input = list({ choices: SIZES });
		expect(bodyOf(input)).toStrictEqual({
			...ENVELOPE,
			type: 'interactive',
			interactive: {
				type: 'list',
				body: { text: 'How should we ship it?' },
				action: {
					button: 'Choose',
					sections: [
						{
							rows: [
								{ id: `w:${WAIT_ID}:size:s`, title: 'Small' },
								{ id: `w:${WAIT_ID}:size:m`, title: 'Medium' },
								{ id: `w:${WAIT_ID}:size:l`, title: 'Large' },
							],
						},
					],
				},
			},
		});
		expect(waitChoicesOf(input)).toStrictEqual(SIZES);
	});

	it('takes sections with titles and row descriptions, a button text and a footer', () => {
		const input = list(
			{
				listButtonText: 'Shipping options',
				sections: [
					{ title: 'I want it ASAP!', rows: [{ id: 'priority_express', title: 'Priority Mail Express', description: 'Next Day to 2 Days' }] },
					{ title: 'I can wait a bit', rows: [{ id: 'ground', title: 'Ground', description: '' }, { id: 'media', title: 'Media Mail' }] },
				],
			},
			{ footer: 'Lucky Shrub' },
		);
		expect(bodyOf(input)).toStrictEqual({
			...ENVELOPE,
			type: 'interactive',
			interactive: {
				type: 'list',
				body: { text: 'How should we ship it?' },
				footer: { text: 'Lucky Shrub' },
				action: {
					button: 'Shipping options',
					sections: [
						{ title: 'I want it ASAP!', rows: [{ id: `w:${WAIT_ID}:priority_express`, title: 'Priority Mail Express', description: 'Next Day to 2 Days' }] },
						{
							title: 'I can wait a bit',
							rows: [
								{ id: `w:${WAIT_ID}:ground`, title: 'Ground' },
								{ id: `w:${WAIT_ID}:media`, title: 'Media Mail' },
							],
						},
					],
				},
			},
		});
		expect(waitChoicesOf(input)).toStrictEqual([
			{ id: 'priority_express', title: 'Priority Mail Express' },
			{ id: 'ground', title: 'Ground' },
			{ id: 'media', title: 'Media Mail' },
		]);
		expect(buildQuestionMessage(input, WAIT_ID).report).toStrictEqual({ headerType: undefined, sectionCount: 2, rowCount: 3 });
	});

	it('has at most 10 rows in all', () => {
		const rows = times(11, (index) => ({ id: `r${index}`, title: `Row ${index}` }));
		bodyOf(list({ choices: rows.slice(0, LIMITS.listRows) }));
		expectRefused(() => buildQuestionMessage(list({ choices: rows }), WAIT_ID), 'choice.choices', 'choice.choices: must hold at most 10 rows in total (got 11 rows)');
		bodyOf(list({ sections: [{ title: 'A', rows: rows.slice(0, 5) }, { title: 'B', rows: rows.slice(5, 10) }] }));
		expectRefused(
			() => buildQuestionMessage(list({ sections: [{ title: 'A', rows: rows.slice(0, 5) }, { title: 'B', rows: rows.slice(5) }] }), WAIT_ID),
			'choice.sections',
			'choice.sections: must hold at most 10 rows in total (got 11 rows)',
		);
	});

	it('has at least one row, in every section', () => {
		expectRefused(() => buildQuestionMessage(list({ choices: [] }), WAIT_ID), 'choice.choices', 'choice.choices: must have at least 1 row (got 0)');
		expectRefused(
			() => buildQuestionMessage(list({ sections: [{ title: 'A', rows: SIZES }, { title: 'B', rows: [] }] }), WAIT_ID),
			'choice.sections[1].rows',
			'choice.sections[1].rows: must have at least 1 row (got 0)',
		);
	});

	it('has at most 10 sections', () => {
		const sections = times(11, (index) => ({ title: `S${index}`, rows: [{ id: `r${index}`, title: `Row ${index}` }] }));
		expectRefused(() => buildQuestionMessage(list({ sections }), WAIT_ID), 'choice.sections', 'choice.sections: must have 1 to 10 sections (got 11)');
	});

	it('row titles have at most 24 characters, descriptions 72', () => {
		bodyOf(list({ choices: [{ id: 'a', title: 't'.repeat(LIMITS.listRowTitle) }] }));
		expectRefused(
			() => buildQuestionMessage(list({ choices: [SIZES[0], { id: 'a', title: 't'.repeat(25) }] }), WAIT_ID),
			'choice.choices[1].title',
			'choice.choices[1].title: must be at most 24 characters (got 25 characters)',
		);
		bodyOf(list({ sections: [{ rows: [{ id: 'a', title: 'A', description: 'd'.repeat(LIMITS.listRowDescription) }] }] }));
		expectRefused(
			() => buildQuestionMessage(list({ sections: [{ rows: [SIZES[0], { id: 'a', title: 'A', description: 'd'.repeat(73) }] }] }), WAIT_ID),
			'choice.sections[0].rows[1].description',
			'choice.sections[0].rows[1].description: must be at most 72 characters (got 73 characters)',
		);
		expectRefused(
			() => buildQuestionMessage(list({ sections: [{ rows: [{ id: 'a', title: 't'.repeat(25) }] }] }), WAIT_ID),
			'choice.sections[0].rows[0].title',
			'choice.sections[0].rows[0].title: must be at most 24 characters (got 25 characters)',
		);
	});

	it('section titles have at most 24 characters and are required with more than one section', () => {
		bodyOf(list({ sections: [{ title: 's'.repeat(LIMITS.listSectionTitle), rows: SIZES }] }));
		expectRefused(
			() => buildQuestionMessage(list({ sections: [{ title: 's'.repeat(25), rows: SIZES }] }), WAIT_ID),
			'choice.sections[0].title',
			'choice.sections[0].title: must be at most 24 characters (got 25 characters)',
		);
		expectRefused(
			() => buildQuestionMessage(list({ sections: [{ title: 'A', rows: [SIZES[0]] }, { rows: [SIZES[1]] }] }), WAIT_ID),
			'choice.sections[1].title',
			'choice.sections[1].title: must not be empty',
		);
	});

	it('the list button text has at most 20 characters', () => {
		bodyOf(list({ choices: SIZES, listButtonText: 'b'.repeat(LIMITS.listButtonText) }));
		expectRefused(
			() => buildQuestionMessage(list({ choices: SIZES, listButtonText: 'b'.repeat(21) }), WAIT_ID),
			'choice.listButtonText',
			'choice.listButtonText: must be at most 20 characters (got 21 characters)',
		);
	});

	it('the question has at most 4096 characters (the list page)', () => {
		bodyOf(list({ choices: SIZES }, { question: 'q'.repeat(LIMITS.listBody) }));
		expectRefused(() => buildQuestionMessage(list({ choices: SIZES }, { question: 'q'.repeat(4097) }), WAIT_ID), 'question', 'question: must be at most 4096 characters (got 4097 characters)');
	});

	it('refuses choices and sections together', () => {
		expectRefused(
			() => buildQuestionMessage(list({ choices: SIZES, sections: [{ rows: SIZES }] }), WAIT_ID),
			'choice.sections',
			'choice.sections: give a list either choices or sections, not both',
		);
	});
});

describe('buildQuestionMessage: free text', () => {
	it('asks with a plain text message', () => {
		expect(bodyOf(freeText({ replyToMessageId: 'wamid.ORDER' }))).toStrictEqual({
			...ENVELOPE,
			context: { message_id: 'wamid.ORDER' },
			type: 'text',
			text: { body: 'What should the card say?' },
		});
		expect(waitChoicesOf(freeText())).toStrictEqual([]);
	});

	it('ignores approval and choice settings', () => {
		expect(bodyOf(freeText({ approval: { approveLabel: 'x'.repeat(50) }, choice: { style: 'buttons', choices: [] } }))).toMatchObject({ type: 'text' });
	});

	it('the question has at most 4096 characters', () => {
		bodyOf(freeText({ question: 'q'.repeat(LIMITS.textBody) }));
		expectRefused(() => buildQuestionMessage(freeText({ question: 'q'.repeat(4097) }), WAIT_ID), 'question', 'question: must be at most 4096 characters (got 4097 characters)');
		expectRefused(() => buildQuestionMessage(freeText({ question: '' }), WAIT_ID), 'question', 'question: must not be empty');
	});

	it('refuses a footer, which a text message does not have', () => {
		expect(buildQuestionMessage(freeText({ footer: ' ' }), WAIT_ID).body.type).toBe('text');
		expectRefused(
			() => buildQuestionMessage(freeText({ footer: 'Lucky Shrub' }), WAIT_ID),
			'footer',
			'footer: a free-text question goes out as a plain text message, which has no footer (got "Lucky Shrub")',
		);
	});
});

describe('buildQuestionMessage: settings', () => {
	it('refuses an unknown response type, a choice question without choice settings and an unknown style', () => {
		expectRefused(
			() => buildQuestionMessage(freeText({ responseType: 'vote' as 'choice' }), WAIT_ID),
			'responseType',
			'responseType: must be approval, choice or freeText (got "vote")',
		);
		expectRefused(
			() => buildQuestionMessage({ to: TO, question: 'Which?', responseType: 'choice' }, WAIT_ID),
			'choice',
			'choice: is required for a choice question: its style and choices',
		);
		expectRefused(
			() => waitChoicesOf(list({ style: 'carousel' as 'list', choices: SIZES })),
			'choice.style',
			'choice.style: must be buttons or list (got "carousel")',
		);
	});

	it('refuses a wait id newWaitId cannot give', () => {
		expectRefused(() => buildQuestionMessage(approval(), 'WAIT'), 'waitId', 'waitId: must be 12 lowercase letters and digits (got "WAIT")');
	});
});

describe('quickReplyComponents', () => {
	it('gives each quick-reply button of a template its reply id as payload, by index', () => {
		const components = quickReplyComponents(WAIT_ID, [
			{ id: 'approve', title: 'Confirm' },
			{ id: 'decline', title: 'Reschedule' },
		]);
		expect(components).toStrictEqual([
			{ type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: `w:${WAIT_ID}:approve` }] },
			{ type: 'button', sub_type: 'quick_reply', index: '1', parameters: [{ type: 'payload', payload: `w:${WAIT_ID}:decline` }] },
		]);
	});

	it('has the shape of Meta`s template sample and a template send with it passes the spec', () => {
		const sample = requestSample('openapi__send-message-template-interactive.json') as { template: { components: Array<Record<string, unknown>> } };
		const sampleButton = sample.template.components.find((component) => component.type === 'button');
		const [built] = quickReplyComponents(WAIT_ID, [{ id: 'yes', title: 'Yes' }]);
		expect(Object.keys(built).sort()).toStrictEqual(Object.keys(sampleButton ?? {}).sort());
		expect(typeof built.index).toBe(typeof sampleButton?.index);
		const components = quickReplyComponents(WAIT_ID, times(3, (index) => ({ id: `Wahl:${index} ✓`, title: `Choice ${index}` })));
		expectAcceptedBySpec(buildTemplateMessage({ to: TO, template: 'appointment_reminder', languageCode: 'en_US', components }).body);
	});

	it('takes 1 to 10 choices with valid, unique ids', () => {
		const choices = times(11, (index) => ({ id: `c${index}`, title: `Choice ${index}` }));
		expect(quickReplyComponents(WAIT_ID, choices.slice(0, 10)).map((component) => component.index)).toStrictEqual(times(10, String));
		expectRefused(() => quickReplyComponents(WAIT_ID, choices), 'choices', 'choices: must have 1 to 10 quick-reply buttons (got 11)');
		expectRefused(() => quickReplyComponents(WAIT_ID, []), 'choices', 'choices: must have 1 to 10 quick-reply buttons (got 0)');
		expectRefused(
			() => quickReplyComponents(WAIT_ID, [{ id: 'a', title: 'A' }, { id: 'x'.repeat(101), title: 'B' }]),
			'choices[1].id',
			'choices[1].id: must be at most 100 characters (got 101 characters)',
		);
		expectRefused(
			() => quickReplyComponents(WAIT_ID, [{ id: 'a', title: 'A' }, { id: 'a', title: 'B' }]),
			'choices[1].id',
			'choices[1].id: must be unique, but choices[0].id already uses it (got "a")',
		);
		expectRefused(() => quickReplyComponents('nope', [{ id: 'a', title: 'A' }]), 'waitId', 'waitId: must be 12 lowercase letters and digits (got "nope")');
	});
});
