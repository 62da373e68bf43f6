import type { BusinessContact } from './contactIds';

/** An inbound message or call: it opens (or restarts) the contact's 24-hour customer service window. */
export interface InboundRecord extends BusinessContact {
	/** When the contact wrote or called, unix milliseconds. */
	at: number;
	/** Whether it came from a click-to-WhatsApp ad or a Facebook Page button (the message had a `referral`). */
	referral: boolean;
}

/** What is known of a contact's activity with one business phone number. */
export interface ContactActivity extends BusinessContact {
	/** The latest inbound message or call, unix milliseconds. */
	lastInboundAt?: number;
	/** The latest inbound message that carried a referral, unix milliseconds. */
	referralAt?: number;
	/**
	 * The business's first reply within 24 h after `referralAt`, unix milliseconds: it opens the 72-hour
	 * free entry point window.
	 */
	entryPointOpenedAt?: number;
}
