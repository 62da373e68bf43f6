import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { businessContactOf } from '../../../shared/contactState/businessContact';
import { consentChangeJson, iso } from '../../../shared/contactState/contactStateJson';
import { contactState } from '../../../../state/contactStateStore';
import { forOperation, updateDisplayOptions } from '../shared/displayOptions';
import { contactOperationProperties } from './common';

export const description = updateDisplayOptions(forOperation('contact', 'exportData'), contactOperationProperties());

/** Everything this package holds about the contact, as stored, for a data subject's access request. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const contact = await businessContactOf(this, itemIndex);
	const [record] = await (await contactState(this.logger)).lookUp([contact]);
	const activity = record.activity;
	return [
		{
			json: {
				exportedAt: new Date().toISOString(),
				phoneNumberId: record.phoneNumberId,
				waId: record.ids.waId ?? null,
				userId: record.ids.userId ?? null,
				activity:
					activity === undefined
						? null
						: { lastInboundAt: iso(activity.lastInboundAt), referralAt: iso(activity.referralAt), entryPointOpenedAt: iso(activity.entryPointOpenedAt) },
				consentHistory: record.consentHistory.map(consentChangeJson),
			},
			pairedItem: { item: itemIndex },
		},
	];
}
