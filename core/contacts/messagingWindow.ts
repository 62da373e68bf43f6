import type { ContactActivity } from './contactActivity';

const HOUR_MS = 60 * 60 * 1000;

/** Free-form messages may be sent for 24 hours after the contact's last message or call. */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * HOUR_MS;
/** The business must reply within 24 hours of a message with a referral for the free entry point to open. */
export const ENTRY_POINT_REPLY_MS = 24 * HOUR_MS;
/** The free entry point window (click-to-WhatsApp ads, Page buttons) lasts 72 hours from the business's reply. */
export const FREE_ENTRY_POINT_MS = 72 * HOUR_MS;
/**
 * How far in the future a recorded time may lie and still be read as "now": the clocks of Meta, n8n and the
 * store's host differ by seconds, rarely minutes. Anything later is not trusted.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

export interface MessagingWindow {
	open: boolean;
	/** When the window really closes (the safety margin does not move it; a skewed time counts from now). */
	closesAt?: Date;
	/** Milliseconds until `closesAt` while open; 0 when closed, also when closed only by the safety margin. */
	remainingMs: number;
	lastInboundAt?: Date;
	freeEntryPoint: { open: boolean; closesAt?: Date };
}

/** A recorded time read against `now`: up to CLOCK_SKEW_MS ahead counts as now, further ahead is unknown. */
function trustedTime(at: number | undefined, now: number): number | undefined {
	if (at === undefined || !Number.isFinite(at)) return undefined;
	if (at > now + CLOCK_SKEW_MS) return undefined;
	return Math.min(at, now);
}

function freeEntryPoint(
	activity: Pick<ContactActivity, 'referralAt' | 'entryPointOpenedAt'>,
	now: number,
	safetyMarginMs: number,
): MessagingWindow['freeEntryPoint'] {
	const { referralAt, entryPointOpenedAt } = activity;
	if (entryPointOpenedAt === undefined || referralAt === undefined) return { open: false };
	if (!Number.isFinite(entryPointOpenedAt) || !Number.isFinite(referralAt)) return { open: false };
	if (entryPointOpenedAt < referralAt || entryPointOpenedAt > referralAt + ENTRY_POINT_REPLY_MS) return { open: false };
	const opened = trustedTime(entryPointOpenedAt, now);
	if (opened === undefined) return { open: false };
	const closesAt = opened + FREE_ENTRY_POINT_MS;
	return { open: now < closesAt - safetyMarginMs, closesAt: new Date(closesAt) };
}

/**
 * The contact's customer service window and free entry point window at `now` (unix ms). With a safety
 * margin, a window that closes within the margin counts as closed already.
 */
export function messagingWindow(
	activity: Pick<ContactActivity, 'lastInboundAt' | 'referralAt' | 'entryPointOpenedAt'> | undefined,
	now: number,
	safetyMarginMs = 0,
): MessagingWindow {
	const entryPoint = activity ? freeEntryPoint(activity, now, safetyMarginMs) : { open: false };
	const lastInboundAt = activity?.lastInboundAt;
	const inboundAt = trustedTime(lastInboundAt, now);
	if (lastInboundAt === undefined || inboundAt === undefined) return { open: false, remainingMs: 0, freeEntryPoint: entryPoint };
	// A time slightly ahead (clock skew) counts as now: the window never has more than 24 h left.
	const closesAtMs = inboundAt + CUSTOMER_SERVICE_WINDOW_MS;
	const open = now < closesAtMs - safetyMarginMs;
	return {
		open,
		closesAt: new Date(closesAtMs),
		remainingMs: open ? Math.max(0, closesAtMs - now) : 0,
		lastInboundAt: new Date(lastInboundAt),
		freeEntryPoint: entryPoint,
	};
}

/**
 * Whether a business message sent at `replyAt` opens the free entry point window: the contact's latest
 * referral lies within the 24 hours before it, and no entry point was opened since that referral.
 */
export function entryPointOpensOnReply(
	activity: Pick<ContactActivity, 'referralAt' | 'entryPointOpenedAt'> | undefined,
	replyAt: number,
): boolean {
	const referralAt = activity?.referralAt;
	if (referralAt === undefined || !Number.isFinite(referralAt)) return false;
	if (referralAt > replyAt || replyAt > referralAt + ENTRY_POINT_REPLY_MS) return false;
	const openedAt = activity?.entryPointOpenedAt;
	return openedAt === undefined || openedAt < referralAt;
}
