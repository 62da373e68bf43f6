import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { forOperation, updateDisplayOptions } from '../shared/displayOptions';
import { contactOperationProperties, recordConsentChange } from './common';
import { consentChangeProperties } from './consentProperties';

export const description = updateDisplayOptions(forOperation('contact', 'optOut'), [...contactOperationProperties(), ...consentChangeProperties('optOut')]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	return await recordConsentChange(this, itemIndex, 'optOut');
}
