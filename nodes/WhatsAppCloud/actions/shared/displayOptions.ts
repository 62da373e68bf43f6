import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/**
 * An operation's properties shown only where `displayOptions` says (its resource and operation): each
 * property keeps its own conditions, and the operation's are added to them.
 */
export function updateDisplayOptions(displayOptions: IDisplayOptions, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...displayOptions.show, ...property.displayOptions?.show },
			...(displayOptions.hide || property.displayOptions?.hide ? { hide: { ...displayOptions.hide, ...property.displayOptions?.hide } } : {}),
		},
	}));
}

/** The display options of one operation of one resource. */
export function forOperation(resource: string, operation: string): IDisplayOptions {
	return { show: { resource: [resource], operation: [operation] } };
}
