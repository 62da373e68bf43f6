import { answerVerificationRequest } from '../../../core/webhookVerification';

const VERIFY_TOKEN = 'verify-me-7d2a';
const FORBIDDEN = { status: 403, body: 'Forbidden' };

describe('answerVerificationRequest', () => {
	it('answers 200 with the challenge when mode and token are right', () => {
		expect(
			answerVerificationRequest(
				{ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '1158201444' },
				VERIFY_TOKEN,
			),
		).toEqual({ status: 200, body: '1158201444' });
	});

	it.each<[string, Record<string, unknown>, string]>([
		['a wrong token', { 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '42' }, VERIFY_TOKEN],
		['the token in another case', { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN.toUpperCase(), 'hub.challenge': '42' }, VERIFY_TOKEN],
		['a token with a suffix', { 'hub.mode': 'subscribe', 'hub.verify_token': `${VERIFY_TOKEN}x`, 'hub.challenge': '42' }, VERIFY_TOKEN],
		['a prefix of the token', { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN.slice(0, -1), 'hub.challenge': '42' }, VERIFY_TOKEN],
		['an empty token', { 'hub.mode': 'subscribe', 'hub.verify_token': '', 'hub.challenge': '42' }, VERIFY_TOKEN],
		['no token', { 'hub.mode': 'subscribe', 'hub.challenge': '42' }, VERIFY_TOKEN],
		['a wrong mode', { 'hub.mode': 'unsubscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '42' }, VERIFY_TOKEN],
		['no mode', { 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '42' }, VERIFY_TOKEN],
		['no challenge', { 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN }, VERIFY_TOKEN],
		['an empty query', {}, VERIFY_TOKEN],
		['an empty configured token, even with an empty token sent', { 'hub.mode': 'subscribe', 'hub.verify_token': '', 'hub.challenge': '42' }, ''],
		['an empty configured token and any token sent', { 'hub.mode': 'subscribe', 'hub.verify_token': 'anything', 'hub.challenge': '42' }, ''],
		['a non-string token', { 'hub.mode': 'subscribe', 'hub.verify_token': 12345, 'hub.challenge': '42' }, '12345'],
	])('answers 403 for %s', (_case, query, configuredToken) => {
		expect(answerVerificationRequest(query, configuredToken)).toEqual(FORBIDDEN);
	});

	it('reads the first value when a parameter is repeated', () => {
		expect(
			answerVerificationRequest(
				{ 'hub.mode': ['subscribe', 'unsubscribe'], 'hub.verify_token': [VERIFY_TOKEN, 'other'], 'hub.challenge': ['first', 'second'] },
				VERIFY_TOKEN,
			),
		).toEqual({ status: 200, body: 'first' });
		expect(
			answerVerificationRequest(
				{ 'hub.mode': 'subscribe', 'hub.verify_token': ['other', VERIFY_TOKEN], 'hub.challenge': '42' },
				VERIFY_TOKEN,
			),
		).toEqual(FORBIDDEN);
		expect(
			answerVerificationRequest({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': [] }, VERIFY_TOKEN),
		).toEqual(FORBIDDEN);
	});

	it('returns the challenge verbatim', () => {
		const challenge = 'abc-<script>&=1';
		expect(
			answerVerificationRequest({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': challenge }, VERIFY_TOKEN),
		).toEqual({ status: 200, body: challenge });
	});
});
