import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { TemplateDefinition } from '../../../../core/templates/templateDefinition';
import { businessAccountId } from '../../../shared/transport/businessAccount';
import type { GraphApiContext } from '../../../shared/transport/graphApiRequest';
import { graphApiCollect } from '../../../shared/transport/paging';
import { forOperation, updateDisplayOptions } from '../shared/displayOptions';
import { businessAccountIdProperty, resultLimit, returnAllProperties } from '../shared/properties';

export const TEMPLATE_STATUSES = ['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED', 'IN_APPEAL', 'PENDING_DELETION', 'LIMIT_EXCEEDED'];

const properties: INodeProperties[] = [
	...returnAllProperties(),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add filter',
		default: {},
		options: [
			{
				displayName: 'Category',
				name: 'category',
				type: 'options',
				options: [
					{ name: 'Authentication', value: 'AUTHENTICATION' },
					{ name: 'Marketing', value: 'MARKETING' },
					{ name: 'Utility', value: 'UTILITY' },
				],
				default: 'UTILITY',
			},
			{
				displayName: 'Language Code',
				name: 'language',
				type: 'string',
				default: '',
				placeholder: 'en_US',
			},
			{
				displayName: 'Name Contains',
				name: 'name',
				type: 'string',
				default: '',
				description: 'Only templates whose name contains this text',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				options: TEMPLATE_STATUSES.map((status) => ({
					name: status.charAt(0) + status.slice(1).toLowerCase().replace(/_/g, ' '),
					value: status,
				})),
				default: 'APPROVED',
			},
		],
	},
	businessAccountIdProperty(),
];

export const description = updateDisplayOptions(forOperation('template', 'list'), properties);

/** One item per template and language, as Meta returns it (name, language, status, category, components, id …). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const wabaId = await businessAccountId.call(this, itemIndex);
	const limit = resultLimit(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const qs: IDataObject = {};
	for (const key of ['name', 'status', 'category', 'language']) {
		const value = typeof filters[key] === 'string' ? (filters[key] as string).trim() : '';
		if (value) qs[key] = value;
	}
	const templates = await graphApiCollect.call<GraphApiContext, Parameters<typeof graphApiCollect>, Promise<TemplateDefinition[]>>(
		this,
		`${encodeURIComponent(wabaId)}/message_templates`,
		qs,
		{ limit: limit === Infinity ? undefined : limit, itemIndex },
	);
	return templates.map((template) => ({ json: template as IDataObject, pairedItem: { item: itemIndex } }));
}
