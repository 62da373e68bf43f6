import type { ILoadOptionsFunctions, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';
import { templateFields, unsupportedTemplateParts } from '../../../core/templates/templateFields';
import { parseTemplateReference, type TemplateReference } from '../../../core/templates/templateReference';
import { businessAccountIdInEditor } from '../../shared/transport/businessAccount';
import { fetchTemplatesNamed, pickTemplateVersion } from '../../shared/transport/templates';

/** What the editor knows of a parameter: an expression (`={{…}}`) is not resolved there and counts as unset. */
function editorText(value: unknown): string {
	if (typeof value === 'object' && value !== null && 'value' in value) return editorText((value as { value: unknown }).value);
	const text = typeof value === 'string' ? value.trim() : '';
	return text.startsWith('=') ? '' : text;
}

function referenceInEditor(context: ILoadOptionsFunctions): TemplateReference | undefined {
	const template = editorText(context.getCurrentNodeParameter('template'));
	if (!template) return undefined;
	try {
		return parseTemplateReference(template, editorText(context.getCurrentNodeParameter('languageCode')));
	} catch {
		// Not a template name yet (still being typed): there is nothing to map.
		return undefined;
	}
}

/** The values the chosen template needs, as resource mapper fields (ids: see core/templates/templateFields.ts). */
export async function getTemplateFields(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const reference = referenceInEditor(this);
	if (!reference) return { fields: [], emptyFieldsNotice: 'Choose a template first' };
	const wabaId = await businessAccountIdInEditor.call(this);
	const version = pickTemplateVersion(this.getNode(), await fetchTemplatesNamed.call(this, wabaId, reference.name), reference, wabaId);
	const unsupported = unsupportedTemplateParts(version);
	if (unsupported.length > 0) {
		return {
			fields: [],
			emptyFieldsNotice: `This template has ${unsupported.join(', ')} components, which cannot be mapped field by field: set Components to Write JSON`,
		};
	}
	const fields: ResourceMapperField[] = templateFields(version).map((field) => ({
		id: field.id,
		displayName: field.displayName,
		required: field.required,
		defaultMatch: false,
		canBeUsedToMatch: false,
		display: true,
		type: field.type,
	}));
	return fields.length > 0 ? { fields } : { fields, emptyFieldsNotice: 'This template has no parameters: it is sent as it is' };
}
