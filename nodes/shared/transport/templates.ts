import { NodeOperationError, type INode } from 'n8n-workflow';
import type { TemplateDefinition } from '../../../core/templates/templateDefinition';
import type { GraphApiContext } from './graphApiRequest';
import { graphApiCollect } from './paging';

/**
 * Every language of the template with exactly this name. The `name` filter of the list edge also matches
 * other names that contain it, so the answer is narrowed here.
 */
export async function fetchTemplatesNamed(this: GraphApiContext, wabaId: string, name: string, itemIndex?: number): Promise<TemplateDefinition[]> {
	const templates = await graphApiCollect.call<GraphApiContext, Parameters<typeof graphApiCollect>, Promise<TemplateDefinition[]>>(
		this,
		`${encodeURIComponent(wabaId)}/message_templates`,
		{ name },
		{ itemIndex },
	);
	return templates.filter((template) => template?.name === name);
}

function languagesOf(templates: TemplateDefinition[]): string {
	return templates.map((template) => template.language).join(', ');
}

/** The one language version to send, or an error that says which names and languages exist. */
export function pickTemplateVersion(
	node: INode,
	templates: TemplateDefinition[],
	reference: { name: string; language?: string },
	wabaId: string,
	itemIndex?: number,
): TemplateDefinition {
	if (templates.length === 0) {
		throw new NodeOperationError(node, `No template named "${reference.name}" in WhatsApp Business Account ${wabaId}`, {
			itemIndex,
			description: 'Check the name (lowercase, with underscores) or pick the template from the list. New templates appear once created in WhatsApp Manager.',
		});
	}
	if (!reference.language) return templates.find((template) => template.status === 'APPROVED') ?? templates[0];
	const version = templates.find((template) => template.language === reference.language);
	if (!version) {
		throw new NodeOperationError(node, `Template "${reference.name}" has no ${reference.language} version`, {
			itemIndex,
			description: `It exists in: ${languagesOf(templates)}. Set Language Code to one of these.`,
		});
	}
	return version;
}
