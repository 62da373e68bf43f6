import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { TemplateDefinition } from '../../../../core/templates/templateDefinition';
import { parseTemplateReference } from '../../../../core/templates/templateReference';
import { MessageValidationError } from '../../../../core/validationError';
import { businessAccountId } from '../../../shared/transport/businessAccount';
import { graphApiRequest } from '../../../shared/transport/graphApiRequest';
import { fetchTemplatesNamed, pickTemplateVersion } from '../../../shared/transport/templates';
import { forOperation, updateDisplayOptions } from '../shared/displayOptions';
import { businessAccountIdProperty, readLocator, templateLocatorProperty } from '../shared/properties';

const properties: INodeProperties[] = [
	templateLocatorProperty({
		byId: true,
		description: 'A template picked from the list or given as name|language returns that language; a name alone returns every language',
	}),
	businessAccountIdProperty(),
];

export const description = updateDisplayOptions(forOperation('template', 'get'), properties);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const locator = readLocator(this, 'template', itemIndex);
	if (locator.mode === 'id') {
		const id = String(locator.value ?? '').trim();
		if (!/^\d+$/.test(id)) throw new MessageValidationError('template', 'a template ID has only digits', JSON.stringify(locator.value));
		const template = await graphApiRequest.call<IExecuteFunctions, Parameters<typeof graphApiRequest>, Promise<IDataObject>>(
			this,
			'GET',
			encodeURIComponent(id),
			{ itemIndex },
		);
		return [{ json: template, pairedItem: { item: itemIndex } }];
	}
	const reference = parseTemplateReference(locator.value);
	const wabaId = await businessAccountId.call(this, itemIndex);
	const templates = await fetchTemplatesNamed.call(this, wabaId, reference.name, itemIndex);
	// One language when one was named; every language otherwise. Nothing found is an error either way.
	const found = reference.language || templates.length === 0 ? [pickTemplateVersion(this.getNode(), templates, reference, wabaId, itemIndex)] : templates;
	return found.map((template: TemplateDefinition) => ({ json: template as IDataObject, pairedItem: { item: itemIndex } }));
}

