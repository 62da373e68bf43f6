import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { CONSENT_CATEGORIES, type ConsentAction, type ConsentCategory, type ConsentChange } from '../../../../core/consent/consentChange';
import { parseTimestamp } from '../../../../core/timestamps';
import { businessContactOf } from '../../../shared/contactState/businessContact';
import { businessPhoneNumberIdProperty, contactProperty } from '../../../shared/contactState/contactProperties';
import { contactJson } from '../../../shared/contactState/contactStateJson';
import { contactState } from '../../../../state/contactStateStore';

/** The contact and business number every Contact operation but Get Many acts on. */
export function contactOperationProperties(): INodeProperties[] {
	return [contactProperty(), businessPhoneNumberIdProperty()];
}

function consentCategory(context: IExecuteFunctions, itemIndex: number): ConsentCategory {
	const category = context.getNodeParameter('category', itemIndex, 'marketing') as ConsentCategory;
	if (!CONSENT_CATEGORIES.includes(category)) {
		throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: Category must be one of ${CONSENT_CATEGORIES.join(', ')}, not ${JSON.stringify(category)}`, { itemIndex });
	}
	return category;
}

function changeTime(context: IExecuteFunctions, itemIndex: number): number {
	const value = context.getNodeParameter('at', itemIndex, '') as unknown;
	if (value === '' || value === null || value === undefined) return Date.now();
	const at = parseTimestamp(value);
	if (at === undefined) {
		throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: Time is not a time: ${JSON.stringify(value)}`, {
			itemIndex,
			description: 'Use an ISO 8601 date such as 2026-11-25T09:30:00Z, unix seconds or milliseconds, or leave it empty for now.',
		});
	}
	return at.getTime();
}

/** Opt In / Opt Out: appends the change to the contact's history, with the workflow and execution as its source. */
export async function recordConsentChange(context: IExecuteFunctions, itemIndex: number, action: ConsentAction): Promise<INodeExecutionData[]> {
	const contact = await businessContactOf(context, itemIndex);
	const note = String(context.getNodeParameter('note', itemIndex, '') ?? '').trim();
	const change: ConsentChange = {
		category: consentCategory(context, itemIndex),
		action,
		at: changeTime(context, itemIndex),
		source: 'node',
		workflowId: context.getWorkflow().id ?? undefined,
		executionId: context.getExecutionId(),
		...(note ? { note } : {}),
	};
	const state = await contactState(context.logger);
	await state.recordConsent(contact, change);
	const [record] = await state.lookUp([contact]);
	return [{ json: contactJson(record, Date.now()), pairedItem: { item: itemIndex } }];
}
