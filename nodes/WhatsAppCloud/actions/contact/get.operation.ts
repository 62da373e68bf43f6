import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { businessContactOf } from '../../../shared/contactState/businessContact';
import { contactJson } from '../../../shared/contactState/contactStateJson';
import { contactState } from '../../../../state/contactStateStore';
import { forOperation, updateDisplayOptions } from '../shared/displayOptions';
import { contactOperationProperties } from './common';

export const description = updateDisplayOptions(forOperation('contact', 'get'), contactOperationProperties());

/** The contact's window, consent per category and consent history; an unknown contact has a closed window and no history. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const contact = await businessContactOf(this, itemIndex);
	const [record] = await (await contactState(this.logger)).lookUp([contact]);
	return [{ json: contactJson(record, Date.now()), pairedItem: { item: itemIndex } }];
}
