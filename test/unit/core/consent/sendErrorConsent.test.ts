import { consentChangeOfSendError } from '../../../../core/consent/sendErrorConsent';

const AT = Date.parse('2026-11-20T10:00:00.000Z');

describe('consentChangeOfSendError', () => {
	it('turns 131050 into a marketing opt-out with its error code and message id', () => {
		expect(consentChangeOfSendError(131050, AT, 'wamid.X')).toStrictEqual({
			category: 'marketing',
			action: 'optOut',
			at: AT,
			source: 'sendError',
			errorCode: 131050,
			messageId: 'wamid.X',
		});
	});

	it('turns 131049 into a 24-hour marketing hold', () => {
		expect(consentChangeOfSendError(131049, AT)).toStrictEqual({
			category: 'marketing',
			action: 'hold',
			at: AT,
			source: 'sendError',
			errorCode: 131049,
			holdUntil: Date.parse('2026-11-21T10:00:00.000Z'),
		});
	});

	it.each([131047, 131026, 130429, 0, undefined])('says nothing for error %p', (code) => {
		expect(consentChangeOfSendError(code, AT, 'wamid.X')).toBeUndefined();
	});
});
