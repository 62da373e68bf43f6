import { NodeOperationError, type IExecuteFunctions, type ILoadOptionsFunctions, type INode } from 'n8n-workflow';
import { runCredentials } from './runCredentials';

function missingAccountId(node: INode, itemIndex?: number): NodeOperationError {
	return new NodeOperationError(node, 'No WhatsApp Business Account ID', {
		itemIndex,
		description:
			'Templates and phone number lists belong to a WhatsApp Business Account. Enter its ID as Business Account ID in the WhatsApp Cloud API credential (Meta app > WhatsApp > API Setup), or set Business Account ID on the node.',
	});
}

/** An override typed on the node; in the editor an unresolved expression (`={{…}}`) is no ID yet. */
function overrideOf(value: unknown): string {
	const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	return text.startsWith('=') ? '' : text;
}

/** The WhatsApp Business Account (WABA) ID: the node's Business Account ID if set, else the credential's. */
export async function businessAccountId(this: IExecuteFunctions, itemIndex: number): Promise<string> {
	const override = overrideOf(this.getNodeParameter('businessAccountId', itemIndex, ''));
	if (override) return override;
	const credentials = await runCredentials(this, itemIndex);
	const id = String(credentials.businessAccountId ?? '').trim();
	if (!id) throw missingAccountId(this.getNode(), itemIndex);
	return id;
}

/** The same for the editor's lists and field mapping, which read the node's current (unexecuted) parameters. */
export async function businessAccountIdInEditor(this: ILoadOptionsFunctions): Promise<string> {
	const override = overrideOf(this.getCurrentNodeParameter('businessAccountId'));
	if (override) return override;
	const credentials = await runCredentials(this);
	const id = String(credentials.businessAccountId ?? '').trim();
	if (!id) throw missingAccountId(this.getNode());
	return id;
}
