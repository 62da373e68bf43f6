import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { parseTemplateReference } from '../../../../core/templates/templateReference';
import { businessAccountId } from '../../../shared/transport/businessAccount';
import { graphApiRequest } from '../../../shared/transport/graphApiRequest';
import { fetchTemplatesNamed, pickTemplateVersion } from '../../../shared/transport/templates';
import { forOperation, updateDisplayOptions } from '../shared/displayOptions';
import { businessAccountIdProperty, readLocator, templateLocatorProperty } from '../shared/properties';

const properties: INodeProperties[] = [
	templateLocatorProperty({
		byId: false,
		description: 'A name alone deletes the template in every language; a template picked from the list or given as name|language deletes that language only',
	}),
	businessAccountIdProperty(),
];

export const description = updateDisplayOptions(forOperation('template', 'delete'), properties);

/** `DELETE /{waba-id}/message_templates?name=` (every language), with `hsm_id` for one language. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const reference = parseTemplateReference(readLocator(this, 'template', itemIndex).value);
	const wabaId = await businessAccountId.call(this, itemIndex);
	const qs: IDataObject = { name: reference.name };
	const json: IDataObject = { name: reference.name };
	if (reference.language) {
		const templates = await fetchTemplatesNamed.call(this, wabaId, reference.name, itemIndex);
		const version = pickTemplateVersion(this.getNode(), templates, reference, wabaId, itemIndex);
		qs.hsm_id = version.id;
		json.language = version.language;
		json.id = version.id;
	}
	const response = await graphApiRequest.call<IExecuteFunctions, Parameters<typeof graphApiRequest>, Promise<{ success?: boolean }>>(
		this,
		'DELETE',
		`${encodeURIComponent(wabaId)}/message_templates`,
		{ qs, itemIndex },
	);
	json.deleted = response?.success === true;
	return [{ json, pairedItem: { item: itemIndex } }];
}
