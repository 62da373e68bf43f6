import type { ICredentialDataDecryptedObject, ICredentialsDecrypted, ICredentialTestFunctions } from 'n8n-workflow';
import { testWhatsAppCloudCredential } from '../../../nodes/shared/transport/credentialTest';
import type { WhatsAppCloudCredentials } from '../../../nodes/shared/transport/credentials';
import { testCredentials, TEST_ACCESS_TOKEN } from '../helpers/fakeContexts';

type RequestMock = jest.Mock<Promise<unknown>, [string | object, object?]>;

function run(data: Partial<WhatsAppCloudCredentials>, request: RequestMock) {
	const context = { helpers: { request } } as unknown as ICredentialTestFunctions;
	const credential: ICredentialsDecrypted = {
		id: 'cred-1',
		name: 'WhatsApp account',
		type: 'whatsAppCloudApi',
		data: data as unknown as ICredentialDataDecryptedObject,
	};
	return testWhatsAppCloudCredential.call(context, credential);
}

function answering(statusCode: number, body: unknown): RequestMock {
	return jest.fn().mockResolvedValue({ statusCode, body, headers: {} }) as RequestMock;
}

describe('testWhatsAppCloudCredential', () => {
	it('reads the credential\'s phone number with the token and reports it', async () => {
		const request = answering(200, { id: '106540352242922', display_phone_number: '+1 555-078-3881', verified_name: 'Lucky Shrub' });

		const result = await run(testCredentials(), request);

		expect(result).toEqual({ status: 'OK', message: 'Connected to +1 555-078-3881 (Lucky Shrub)' });
		expect(request).toHaveBeenCalledTimes(1);
		expect(request).toHaveBeenCalledWith({
			method: 'GET',
			uri: 'https://graph.facebook.com/v23.0/106540352242922',
			qs: { fields: 'id,display_phone_number,verified_name' },
			headers: { Authorization: `Bearer ${TEST_ACCESS_TOKEN}` },
			json: true,
			simple: false,
			resolveWithFullResponse: true,
		});
	});

	it('falls back on the id when Meta gives no display number or name', async () => {
		const result = await run(testCredentials(), answering(200, { id: '106540352242922' }));
		expect(result).toEqual({ status: 'OK', message: 'Connected to 106540352242922' });
	});

	it.each<[string, Partial<WhatsAppCloudCredentials>]>([
		['no access token', { accessToken: '' }],
		['no phone number id', { phoneNumberId: '   ' }],
	])('asks for the missing fields when there is %s, without a request', async (_case, overrides) => {
		const request = answering(200, {});
		expect(await run(testCredentials(overrides), request)).toEqual({
			status: 'Error',
			message: 'Enter the access token and the phone number ID',
		});
		expect(request).not.toHaveBeenCalled();
	});

	it('shows Meta\'s error and what to do, without the token', async () => {
		const request = answering(401, {
			error: { message: `Malformed access token ${TEST_ACCESS_TOKEN}`, type: 'OAuthException', code: 190, fbtrace_id: 'X1' },
		});

		const result = await run(testCredentials(), request);

		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/^WhatsApp rejected the request \(#190\): Malformed access token \*\*\*\. The access token has expired or is invalid\. Renew it/);
		expect(result.message).not.toContain(TEST_ACCESS_TOKEN);
	});

	it('points at the phone number id for code 100/33', async () => {
		const result = await run(
			testCredentials(),
			answering(400, { error: { message: 'Unsupported get request.', type: 'GraphMethodException', code: 100, error_subcode: 33 } }),
		);
		expect(result.status).toBe('Error');
		expect(result.message).toContain('#100/33');
		expect(result.message).toMatch(/phone number id/i);
	});

	it('reports a network failure without the token', async () => {
		const request = jest.fn().mockRejectedValue(new Error(`getaddrinfo ENOTFOUND graph.invalid (Bearer ${TEST_ACCESS_TOKEN})`)) as RequestMock;

		const result = await run(testCredentials({ baseUrl: 'https://graph.invalid' }), request);

		expect(result).toEqual({
			status: 'Error',
			message: 'Could not reach the Graph API at https://graph.invalid/v23.0/106540352242922: getaddrinfo ENOTFOUND graph.invalid (Bearer ***)',
		});
	});

	it('says to check the Base URL when the answer is not a phone number', async () => {
		const result = await run(testCredentials({ baseUrl: 'https://example.com/' }), answering(200, '<html>hello</html>'));
		expect(result).toEqual({
			status: 'Error',
			message: 'https://example.com/v23.0/106540352242922 did not answer with a phone number: check the Base URL and Graph API version',
		});
	});
});
