import type { INodeProperties } from 'n8n-workflow';

/** What Opt In and Opt Out record: the category, the proof, the time. */
export function consentChangeProperties(action: 'optIn' | 'optOut'): INodeProperties[] {
	const verb = action === 'optIn' ? 'agreed to' : 'withdrew consent to';
	return [
		{
			displayName: 'Category',
			name: 'category',
			type: 'options',
			default: 'marketing',
			options: [
				{ name: 'Marketing', value: 'marketing', description: `The contact ${verb} marketing messages` },
				{ name: 'Utility', value: 'utility', description: `The contact ${verb} utility messages (order and account updates)` },
				{ name: 'All', value: 'all', description: `The contact ${verb} every message you start` },
			],
		},
		{
			displayName: 'Proof',
			name: 'note',
			type: 'string',
			typeOptions: { rows: 2 },
			default: '',
			placeholder: action === 'optIn' ? 'Checkout form, checkbox "Send me offers on WhatsApp"' : 'Asked by phone to stop offers',
			description: 'How and where this was given, kept with the change as proof of consent',
		},
		{
			displayName: 'Time',
			name: 'at',
			type: 'dateTime',
			default: '',
			description: 'When it was given; empty means now',
		},
	];
}
