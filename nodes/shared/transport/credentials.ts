export const CREDENTIAL_TYPE = 'whatsAppCloudApi';

export interface WhatsAppCloudCredentials {
	accessToken: string;
	phoneNumberId: string;
	businessAccountId?: string;
	appSecret?: string;
	verifyToken?: string;
	apiVersion: string;
	baseUrl: string;
}

export function graphApiBaseUrl(credentials: Pick<WhatsAppCloudCredentials, 'baseUrl' | 'apiVersion'>): string {
	const base = (credentials.baseUrl || 'https://graph.facebook.com').replace(/\/+$/, '');
	const version = (credentials.apiVersion || 'v23.0').replace(/^\/+|\/+$/g, '');
	return `${base}/${version}`;
}
