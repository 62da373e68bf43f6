import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { TemplateDefinition } from '../../../../core/templates/templateDefinition';
import { businessAccountId } from '../../../shared/transport/businessAccount';
import { fetchTemplatesNamed, pickTemplateVersion } from '../../../shared/transport/templates';

/** Template definitions read during one execution, so many items sending one template read it once. */
const definitionsByExecution = new WeakMap<object, Map<string, Promise<TemplateDefinition[]>>>();

/**
 * The definition of a template in one language, read from the WhatsApp Business Account once per
 * execution; a template that is not approved fails, since it cannot be sent.
 */
export async function approvedTemplateVersion(context: IExecuteFunctions, itemIndex: number, name: string, language: string): Promise<TemplateDefinition> {
	const wabaId = await businessAccountId.call(context, itemIndex);
	let cache = definitionsByExecution.get(context);
	if (!cache) {
		cache = new Map();
		definitionsByExecution.set(context, cache);
	}
	const key = `${wabaId}|${name}`;
	let pending = cache.get(key);
	if (!pending) {
		pending = fetchTemplatesNamed.call(context, wabaId, name, itemIndex);
		cache.set(key, pending);
		pending.catch(() => cache?.delete(key));
	}
	const version = pickTemplateVersion(context.getNode(), await pending, { name, language }, wabaId, itemIndex);
	if (version.status && version.status !== 'APPROVED') {
		const reason = typeof version.rejected_reason === 'string' && version.rejected_reason !== 'NONE' ? ` (${version.rejected_reason})` : '';
		throw new NodeOperationError(context.getNode(), `Template "${name}" (${language}) is ${version.status}${reason}, not APPROVED`, {
			itemIndex,
			description: 'Only approved templates can be sent. Wait for Meta\'s review, or pick an approved template.',
		});
	}
	return version;
}
