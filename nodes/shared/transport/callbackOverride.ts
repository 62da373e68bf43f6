import type { IDataObject } from 'n8n-workflow';
import { graphApiRequest, type GraphApiContext } from './graphApiRequest';

/** The override callback URL set on a business phone number in Meta, or undefined when it has none. */
export async function phoneNumberCallbackOverride(this: GraphApiContext, phoneNumberId: string): Promise<string | undefined> {
	const response = ((await graphApiRequest.call(this, 'GET', encodeURIComponent(phoneNumberId), {
		qs: { fields: 'webhook_configuration' },
	})) ?? {}) as IDataObject;
	const configuration = response.webhook_configuration as IDataObject | undefined;
	const url = configuration?.phone_number;
	return typeof url === 'string' && url !== '' ? url : undefined;
}

/**
 * Points a business phone number's webhooks at `url`: Meta first calls the URL with the verify token and
 * sets the override only when it answers the challenge.
 */
export async function setPhoneNumberCallbackOverride(this: GraphApiContext, phoneNumberId: string, url: string, verifyToken: string): Promise<void> {
	await graphApiRequest.call(this, 'POST', encodeURIComponent(phoneNumberId), {
		body: { webhook_configuration: { override_callback_uri: url, verify_token: verifyToken } },
	});
}

/** Removes a phone number's override: its webhooks go to the account's or the app's callback URL again. */
export async function removePhoneNumberCallbackOverride(this: GraphApiContext, phoneNumberId: string): Promise<void> {
	await graphApiRequest.call(this, 'POST', encodeURIComponent(phoneNumberId), { body: { webhook_configuration: { override_callback_uri: '' } } });
}
