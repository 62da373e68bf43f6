/** Documented limits of the Cloud API that Meta's OpenAPI spec does not carry (see shared REFERENCE.md). */
export const LIMITS = {
	textBody: 4096,
	mediaCaption: 1024,
	bizOpaqueCallbackData: 512,
	replyButtons: { min: 1, max: 3 },
	replyButtonId: 256,
	replyButtonTitle: 20,
	interactiveBody: 1024,
	listBody: 4096,
	interactiveFooter: 60,
	interactiveHeaderText: 60,
	listButtonText: 20,
	listSections: 10,
	listRows: 10,
	listRowId: 200,
	listRowTitle: 24,
	listRowDescription: 72,
	listSectionTitle: 24,
	ctaDisplayText: 20,
	productListSections: 10,
	productListProducts: 30,
	/** Meta's spec: `flow_cta` maxLength 30 (the flow messages page: "advised 30 characters or less"). */
	flowCta: 30,
	/** Meta's spec: `contacts` maxItems 5 (REFERENCE.md gives no number; the spec is the stricter source). */
	contacts: 5,
	/** A reaction is one emoji; an empty one removes the reaction. */
	reactionEmojis: 1,
	latitude: 90,
	longitude: 180,
	/**
	 * Media file sizes (REFERENCE.md; Meta writes "MB"/"KB", taken here as 1024-based). The message builders
	 * only see a link or a media id; `mediaUpload` checks uploads against these.
	 */
	mediaBytes: {
		image: 5 * 1024 * 1024,
		video: 16 * 1024 * 1024,
		audio: 16 * 1024 * 1024,
		document: 100 * 1024 * 1024,
		sticker: 100 * 1024,
		animatedSticker: 500 * 1024,
	},
} as const;

/** E.164 allows at most 15 digits; no country code plus subscriber number is shorter than 7. */
export const PHONE_DIGITS = { min: 7, max: 15 } as const;
