import {
	CLOCK_SKEW_MS,
	CUSTOMER_SERVICE_WINDOW_MS,
	ENTRY_POINT_REPLY_MS,
	FREE_ENTRY_POINT_MS,
	entryPointOpensOnReply,
	messagingWindow,
} from '../../../../core/contacts/messagingWindow';

/** `timestamp` of openapi__text-message-from-click-to-whatsapp-ad.json: 2025-06-18T19:46:32Z. */
const REFERRAL_AT = 1750275992 * 1000;
const INBOUND_AT = REFERRAL_AT;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('window lengths', () => {
	it('are 24 h, 24 h, 72 h and 5 minutes', () => {
		expect(CUSTOMER_SERVICE_WINDOW_MS).toBe(86_400_000);
		expect(ENTRY_POINT_REPLY_MS).toBe(86_400_000);
		expect(FREE_ENTRY_POINT_MS).toBe(259_200_000);
		expect(CLOCK_SKEW_MS).toBe(300_000);
	});
});

describe('messagingWindow: customer service window', () => {
	it('is open right after the inbound message with 24 h left', () => {
		expect(messagingWindow({ lastInboundAt: INBOUND_AT }, INBOUND_AT)).toEqual({
			open: true,
			closesAt: new Date('2025-06-19T19:46:32.000Z'),
			remainingMs: 24 * HOUR,
			lastInboundAt: new Date('2025-06-18T19:46:32.000Z'),
			freeEntryPoint: { open: false },
		});
	});

	it('is open 1 ms before 24 h with 1 ms left', () => {
		const window = messagingWindow({ lastInboundAt: INBOUND_AT }, INBOUND_AT + 24 * HOUR - 1);
		expect(window.open).toBe(true);
		expect(window.remainingMs).toBe(1);
	});

	it('is closed at exactly 24 h, keeping when it closed', () => {
		const window = messagingWindow({ lastInboundAt: INBOUND_AT }, INBOUND_AT + 24 * HOUR);
		expect(window).toEqual({
			open: false,
			closesAt: new Date(INBOUND_AT + 24 * HOUR),
			remainingMs: 0,
			lastInboundAt: new Date(INBOUND_AT),
			freeEntryPoint: { open: false },
		});
	});

	it('is closed 25 h later', () => {
		expect(messagingWindow({ lastInboundAt: INBOUND_AT }, INBOUND_AT + 25 * HOUR)).toMatchObject({ open: false, remainingMs: 0 });
	});

	it('is closed with no activity, no inbound time, or an unknown contact', () => {
		const closed = { open: false, remainingMs: 0, freeEntryPoint: { open: false } };
		expect(messagingWindow(undefined, INBOUND_AT)).toStrictEqual(closed);
		expect(messagingWindow({}, INBOUND_AT)).toStrictEqual(closed);
		expect(messagingWindow({ lastInboundAt: Number.NaN }, INBOUND_AT)).toStrictEqual(closed);
	});

	describe('safety margin', () => {
		const margin = 10 * MINUTE;

		it('counts a window closing within the margin as closed, with no time left, closesAt still the real close', () => {
			const now = INBOUND_AT + 24 * HOUR - margin;
			expect(messagingWindow({ lastInboundAt: INBOUND_AT }, now, margin)).toMatchObject({
				open: false,
				closesAt: new Date(INBOUND_AT + 24 * HOUR),
				remainingMs: 0,
			});
		});

		it('leaves it open 1 ms before the margin, with the real remaining time', () => {
			const now = INBOUND_AT + 24 * HOUR - margin - 1;
			expect(messagingWindow({ lastInboundAt: INBOUND_AT }, now, margin)).toMatchObject({ open: true, remainingMs: margin + 1 });
		});

		it('makes no difference when 0', () => {
			expect(messagingWindow({ lastInboundAt: INBOUND_AT }, INBOUND_AT + 24 * HOUR - 1, 0).open).toBe(true);
		});
	});

	describe('clock skew and future times', () => {
		it('reads an inbound time up to 5 minutes ahead as now: 24 h left, never more', () => {
			const now = INBOUND_AT - CLOCK_SKEW_MS;
			const window = messagingWindow({ lastInboundAt: INBOUND_AT }, now);
			expect(window.open).toBe(true);
			expect(window.remainingMs).toBe(24 * HOUR);
			expect(window.closesAt).toEqual(new Date(now + 24 * HOUR));
			expect(window.lastInboundAt).toEqual(new Date(INBOUND_AT));
		});

		it('reads an inbound time 1 minute ahead as now too', () => {
			expect(messagingWindow({ lastInboundAt: INBOUND_AT + MINUTE }, INBOUND_AT).remainingMs).toBe(24 * HOUR);
		});

		it('does not trust an inbound time further ahead than the skew: closed, as if unknown', () => {
			expect(messagingWindow({ lastInboundAt: INBOUND_AT }, INBOUND_AT - CLOCK_SKEW_MS - 1)).toStrictEqual({
				open: false,
				remainingMs: 0,
				freeEntryPoint: { open: false },
			});
			expect(messagingWindow({ lastInboundAt: INBOUND_AT + 365 * 24 * HOUR }, INBOUND_AT).open).toBe(false);
		});
	});
});

describe('messagingWindow: free entry point', () => {
	const repliedAt = REFERRAL_AT + 2 * HOUR;
	const activity = { lastInboundAt: REFERRAL_AT, referralAt: REFERRAL_AT, entryPointOpenedAt: repliedAt };

	it('is open from the reply for 72 h, after the 24-hour window closed', () => {
		const now = repliedAt + 30 * HOUR;
		const window = messagingWindow(activity, now);
		expect(window.open).toBe(false);
		expect(window.freeEntryPoint).toEqual({ open: true, closesAt: new Date(repliedAt + 72 * HOUR) });
	});

	it('is open 1 ms before 72 h and closed at exactly 72 h', () => {
		expect(messagingWindow(activity, repliedAt + 72 * HOUR - 1).freeEntryPoint.open).toBe(true);
		expect(messagingWindow(activity, repliedAt + 72 * HOUR).freeEntryPoint).toEqual({
			open: false,
			closesAt: new Date(repliedAt + 72 * HOUR),
		});
	});

	it('closes a margin early', () => {
		const margin = 15 * MINUTE;
		expect(messagingWindow(activity, repliedAt + 72 * HOUR - margin - 1, margin).freeEntryPoint.open).toBe(true);
		expect(messagingWindow(activity, repliedAt + 72 * HOUR - margin, margin).freeEntryPoint.open).toBe(false);
	});

	it('opens for a reply at exactly 24 h after the referral, not 1 ms later', () => {
		const atLimit = { referralAt: REFERRAL_AT, entryPointOpenedAt: REFERRAL_AT + 24 * HOUR };
		expect(messagingWindow(atLimit, REFERRAL_AT + 30 * HOUR).freeEntryPoint.open).toBe(true);
		const late = { referralAt: REFERRAL_AT, entryPointOpenedAt: REFERRAL_AT + 24 * HOUR + 1 };
		expect(messagingWindow(late, REFERRAL_AT + 30 * HOUR).freeEntryPoint).toEqual({ open: false });
	});

	it('is closed without a referral, without a reply, or with a reply before the referral', () => {
		const now = repliedAt + HOUR;
		expect(messagingWindow({ entryPointOpenedAt: repliedAt }, now).freeEntryPoint).toEqual({ open: false });
		expect(messagingWindow({ referralAt: REFERRAL_AT }, now).freeEntryPoint).toEqual({ open: false });
		expect(messagingWindow({ referralAt: REFERRAL_AT, entryPointOpenedAt: REFERRAL_AT - 1 }, now).freeEntryPoint).toEqual({ open: false });
	});

	it('does not trust an opening time beyond the clock skew', () => {
		const future = { referralAt: REFERRAL_AT, entryPointOpenedAt: REFERRAL_AT + HOUR };
		expect(messagingWindow(future, REFERRAL_AT + HOUR - CLOCK_SKEW_MS).freeEntryPoint.open).toBe(true);
		expect(messagingWindow(future, REFERRAL_AT + HOUR - CLOCK_SKEW_MS - 1).freeEntryPoint).toEqual({ open: false });
	});
});

describe('entryPointOpensOnReply', () => {
	it('opens on a reply within 24 h after a referral, the edges included', () => {
		expect(entryPointOpensOnReply({ referralAt: REFERRAL_AT }, REFERRAL_AT)).toBe(true);
		expect(entryPointOpensOnReply({ referralAt: REFERRAL_AT }, REFERRAL_AT + 24 * HOUR)).toBe(true);
	});

	it('does not open 1 ms after 24 h, before the referral, or without one', () => {
		expect(entryPointOpensOnReply({ referralAt: REFERRAL_AT }, REFERRAL_AT + 24 * HOUR + 1)).toBe(false);
		expect(entryPointOpensOnReply({ referralAt: REFERRAL_AT }, REFERRAL_AT - 1)).toBe(false);
		expect(entryPointOpensOnReply({}, REFERRAL_AT)).toBe(false);
		expect(entryPointOpensOnReply(undefined, REFERRAL_AT)).toBe(false);
	});

	it('does not open again once a reply opened it for this referral', () => {
		expect(entryPointOpensOnReply({ referralAt: REFERRAL_AT, entryPointOpenedAt: REFERRAL_AT + HOUR }, REFERRAL_AT + 2 * HOUR)).toBe(false);
		expect(entryPointOpensOnReply({ referralAt: REFERRAL_AT, entryPointOpenedAt: REFERRAL_AT }, REFERRAL_AT + 2 * HOUR)).toBe(false);
	});

	it('opens for a new referral after an earlier entry point', () => {
		const activity = { referralAt: REFERRAL_AT + 100 * HOUR, entryPointOpenedAt: REFERRAL_AT + HOUR };
		expect(entryPointOpensOnReply(activity, REFERRAL_AT + 101 * HOUR)).toBe(true);
	});

	it('agrees with messagingWindow: what a reply opens is open right after it', () => {
		const replyAt = REFERRAL_AT + 3 * HOUR;
		expect(entryPointOpensOnReply({ referralAt: REFERRAL_AT }, replyAt)).toBe(true);
		expect(messagingWindow({ referralAt: REFERRAL_AT, entryPointOpenedAt: replyAt }, replyAt).freeEntryPoint.open).toBe(true);
	});
});
