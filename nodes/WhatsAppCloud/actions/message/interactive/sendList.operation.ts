import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { LIMITS } from '../../../../../core/limits';
import { TEXT_HEADER_ONLY } from '../../../../../core/messages/interactiveParts';
import { buildListMessage, type ListRowInput, type ListSectionInput } from '../../../../../core/messages/listMessage';
import { forOperation, updateDisplayOptions } from '../../shared/displayOptions';
import { collectionEntries, commonMessageOptions, recipientProperty, sendMessage, sendOptionsProperty } from '../common';
import { interactiveTextProperties, readInteractiveText, sectionsProperty } from '../interactiveProperties';

const rowProperties: INodeProperties[] = [
	{
		displayName: 'ID',
		name: 'id',
		type: 'string',
		required: true,
		default: '',
		description: `Comes back as the list_reply ID when the customer picks this row. Up to ${LIMITS.listRowId} characters, unique in the list.`,
	},
	{
		displayName: 'Title',
		name: 'title',
		type: 'string',
		required: true,
		default: '',
		description: `The row's label, up to ${LIMITS.listRowTitle} characters`,
	},
	{
		displayName: 'Description',
		name: 'description',
		type: 'string',
		default: '',
		description: `Optional text below the title, up to ${LIMITS.listRowDescription} characters`,
	},
];

const properties: INodeProperties[] = [
	recipientProperty(),
	...interactiveTextProperties(TEXT_HEADER_ONLY, LIMITS.listBody),
	{
		displayName: 'List Button Text',
		name: 'listButtonText',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Choose a time',
		description: `The label of the button that opens the list, up to ${LIMITS.listButtonText} characters`,
	},
	sectionsProperty({
		name: 'sections',
		maxSections: LIMITS.listSections,
		description: `Up to ${LIMITS.listSections} sections with up to ${LIMITS.listRows} rows in total.`,
		entries: {
			displayName: 'Rows',
			name: 'rows',
			type: 'fixedCollection',
			placeholder: 'Add row',
			typeOptions: { multipleValues: true, sortable: true },
			default: {},
			options: [{ displayName: 'Row', name: 'row', values: rowProperties }],
		},
	}),
	sendOptionsProperty(),
];

export const description = updateDisplayOptions(forOperation('message', 'sendList'), properties);

/** A section as the editor stores it: its rows are a fixedCollection of their own. */
interface SectionParameter {
	title?: string;
	rows?: unknown;
}

/** Text with a button that opens a list of choices; the customer's pick comes back as a list_reply. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const sections = collectionEntries<SectionParameter>(this.getNodeParameter('sections', itemIndex, {}), 'section').map(
		(section): ListSectionInput => ({ title: section.title, rows: collectionEntries<ListRowInput>(section.rows, 'row') }),
	);
	const built = buildListMessage({
		...commonMessageOptions(this, itemIndex),
		...readInteractiveText(this, itemIndex),
		listButtonText: this.getNodeParameter('listButtonText', itemIndex, '') as string,
		sections,
	});
	return await sendMessage.call(this, itemIndex, built);
}
