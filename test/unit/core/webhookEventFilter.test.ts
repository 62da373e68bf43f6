import {
	EVENT_GROUPS,
	eventGroup,
	filterEvents,
	matchesFilter,
	parseNameList,
	parseOptionList,
	type WebhookEventFilter,
} from '../../../core/webhookEventFilter';
import type { WebhookEvent } from '../../../core/webhookEvents';

function message(type: string | undefined, phoneNumberId = 'PN-1'): WebhookEvent {
	return { event: 'message', field: 'messages', phoneNumberId, type, messageId: `m-${type}`, raw: { message: {} } } as WebhookEvent;
}

function status(value: string | undefined, phoneNumberId = 'PN-1'): WebhookEvent {
	return { event: 'status', field: 'messages', phoneNumberId, status: value, messageId: 's', raw: {} } as WebhookEvent;
}

const ERROR = { event: 'error', field: 'messages', phoneNumberId: 'PN-1', code: 1, raw: {} } as WebhookEvent;
const ACCOUNT_UPDATE: WebhookEvent = { event: 'account_update', field: 'account_update', wabaId: 'W', value: {} };
const TEMPLATE_UPDATE: WebhookEvent = { event: 'message_template_status_update', field: 'message_template_status_update', value: {} };
const ALL: WebhookFilterCase = { groups: [...EVENT_GROUPS] };

type WebhookFilterCase = WebhookEventFilter;

describe('eventGroup', () => {
	it('maps message, status and error to themselves and every other field to other', () => {
		expect([message('text'), status('sent'), ERROR, ACCOUNT_UPDATE].map(eventGroup)).toEqual(['message', 'status', 'error', 'other']);
	});

	it('counts only events of the messages field as messages, statuses or errors', () => {
		const lookalike = { event: 'status', field: 'status', value: {} } as WebhookEvent;
		expect(eventGroup(lookalike)).toBe('other');
		expect(matchesFilter(lookalike, { groups: ['status'] })).toBe(false);
	});
});

describe('matchesFilter', () => {
	const events = [message('text'), message('image'), status('sent'), status('read'), ERROR, ACCOUNT_UPDATE, TEMPLATE_UPDATE];

	it('lets everything through with all groups and no finer lists', () => {
		expect(filterEvents(events, ALL)).toEqual(events);
	});

	it('keeps the order of the events', () => {
		const reversed = [...events].reverse();
		expect(filterEvents(reversed, { groups: ['other', 'message'] })).toEqual([TEMPLATE_UPDATE, ACCOUNT_UPDATE, events[1], events[0]]);
	});

	it('drops groups that are not chosen', () => {
		expect(filterEvents(events, { groups: [] })).toEqual([]);
		expect(filterEvents(events, { groups: ['error'] })).toEqual([ERROR]);
	});

	it('keeps only the chosen message types; an empty list means all', () => {
		expect(filterEvents(events, { ...ALL, groups: ['message'], messageTypes: ['image'] })).toEqual([events[1]]);
		expect(filterEvents(events, { ...ALL, groups: ['message'], messageTypes: [] })).toEqual([events[0], events[1]]);
		expect(matchesFilter(message(undefined), { groups: ['message'], messageTypes: ['text'] })).toBe(false);
		expect(matchesFilter(message('brand_new_type'), { groups: ['message'] })).toBe(true);
	});

	it('keeps only the chosen status values; an empty list means all', () => {
		expect(filterEvents(events, { groups: ['status'], statusValues: ['read', 'failed'] })).toEqual([events[3]]);
		expect(filterEvents(events, { groups: ['status'], statusValues: [] })).toEqual([events[2], events[3]]);
		expect(matchesFilter(status('played'), { groups: ['status'], statusValues: ['played'] })).toBe(true);
	});

	it('keeps only the chosen other fields; an empty list means all, unknown fields included', () => {
		expect(filterEvents(events, { groups: ['other'], otherFields: ['account_update'] })).toEqual([ACCOUNT_UPDATE]);
		const unknown: WebhookEvent = { event: 'field_meta_adds_in_2027', field: 'field_meta_adds_in_2027', value: 1 };
		expect(matchesFilter(unknown, { groups: ['other'], otherFields: [] })).toBe(true);
	});

	it('applies the finer lists only to their own group', () => {
		const filter: WebhookEventFilter = { ...ALL, messageTypes: ['image'], statusValues: ['read'], otherFields: ['account_update'] };
		expect(filterEvents(events, filter)).toEqual([events[1], events[3], ERROR, ACCOUNT_UPDATE]);
	});

	it('keeps only events of the chosen phone numbers; account-wide events carry none and pass', () => {
		const mixed = [message('text', 'PN-1'), message('text', 'PN-2'), status('sent', 'PN-2'), ACCOUNT_UPDATE];
		expect(filterEvents(mixed, { ...ALL, phoneNumberIds: ['PN-2'] })).toEqual([mixed[1], mixed[2], ACCOUNT_UPDATE]);
		expect(filterEvents(mixed, { ...ALL, phoneNumberIds: [] })).toEqual(mixed);
	});
});

describe('parseNameList', () => {
	it.each<[unknown, string[]]>([
		['', []],
		['   ', []],
		['106540352242922', ['106540352242922']],
		['1, 2,3 ;4\n5\t6', ['1', '2', '3', '4', '5', '6']],
		[', ,a,,', ['a']],
		[106540352242922, ['106540352242922']],
		[['a', ' b ', 3, null, { x: 1 }], ['a', 'b', '3']],
		[undefined, []],
		[null, []],
		[{ a: 1 }, []],
	])('reads %p as %p', (input, expected) => {
		expect(parseNameList(input)).toEqual(expected);
	});
});

describe('parseOptionList', () => {
	it.each<[unknown, string[]]>([
		[['message', 'status'], ['message', 'status']],
		[['message', 5, '', null], ['message']],
		['message', []],
		[undefined, []],
	])('reads %p as %p', (input, expected) => {
		expect(parseOptionList(input)).toEqual(expected);
	});
});
