import { readE2eState } from './harness/state';

const env = readE2eState();
const credential = { id: env.credential.id, name: env.credential.name, type: 'whatsAppCloudApi' };

const goodData = {
	accessToken: env.accessToken,
	phoneNumberId: '106540352242922',
	businessAccountId: '419561257915477',
	appSecret: env.appSecret,
	verifyToken: env.verifyToken,
	apiVersion: 'v23.0',
	baseUrl: env.simulatorUrl,
};

describe('the credential test, as the editor\'s Test button runs it', () => {
	it('connects with the right token and phone number id', async () => {
		const result = await env.api.testCredential(credential, goodData);
		expect(result).toEqual({ status: 'OK', message: expect.stringMatching(/^Connected to \+?1 ?555/) });
	});

	it('shows Meta\'s own message and what to do for a bad token', async () => {
		const result = await env.api.testCredential(credential, { ...goodData, accessToken: 'EAAG-expired-token' });
		expect(result.status).toBe('Error');
		expect(result.message).toContain('(#190)');
		expect(result.message).toContain('Invalid OAuth access token');
		expect(result.message).toMatch(/Renew it/);
		expect(result.message).not.toContain('EAAG-expired-token');
	});

	it('shows Meta\'s own message for a phone number id that does not exist', async () => {
		const result = await env.api.testCredential(credential, { ...goodData, phoneNumberId: '999000111' });
		expect(result.status).toBe('Error');
		expect(result.message).toContain('(#100/33)');
		expect(result.message).toContain('Object with ID \'999000111\' does not exist');
		expect(result.message).toContain('phone number id');
	});
});
