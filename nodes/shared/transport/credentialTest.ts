import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { classifyGraphError, describeGraphError } from '../../../core/graphApiError';
import { graphApiBaseUrl, type WhatsAppCloudCredentials } from './credentials';
import { redact } from './graphApiRequest';

interface PhoneNumber {
	id?: string;
	display_phone_number?: string;
	verified_name?: string;
}

/**
 * Reads the credential's phone number from the Graph API. A failure shows Meta's own error message and
 * what to do about it; n8n's declarative credential test could only show the HTTP status text.
 */
export async function testWhatsAppCloudCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = (credential.data ?? {}) as unknown as WhatsAppCloudCredentials;
	const accessToken = String(data.accessToken ?? '');
	const phoneNumberId = String(data.phoneNumberId ?? '').trim();
	if (!accessToken || !phoneNumberId) {
		return { status: 'Error', message: 'Enter the access token and the phone number ID' };
	}
	const url = `${graphApiBaseUrl(data)}/${encodeURIComponent(phoneNumberId)}`;
	let response: { statusCode: number; body: unknown };
	try {
		// ICredentialTestFunctions offers no other HTTP helper than this one.
		// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
		response = (await this.helpers.request({
			method: 'GET',
			uri: url,
			qs: { fields: 'id,display_phone_number,verified_name' },
			headers: { Authorization: `Bearer ${accessToken}` },
			json: true,
			simple: false,
			resolveWithFullResponse: true,
		})) as { statusCode: number; body: unknown };
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		return { status: 'Error', message: redact(`Could not reach the Graph API at ${url}: ${reason}`, accessToken) ?? '' };
	}
	if (response.statusCode >= 400) {
		return { status: 'Error', message: redact(describeGraphError(classifyGraphError(response.statusCode, response.body)), accessToken) ?? '' };
	}
	const phone = (response.body ?? {}) as PhoneNumber;
	if (!phone.id) {
		return { status: 'Error', message: `${url} did not answer with a phone number: check the Base URL and Graph API version` };
	}
	const name = phone.verified_name ? ` (${phone.verified_name})` : '';
	return { status: 'OK', message: `Connected to ${phone.display_phone_number ?? phone.id}${name}` };
}
