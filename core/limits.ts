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
} as const;

/** E.164 allows at most 15 digits; no country code plus subscriber number is shorter than 7. */
export const PHONE_DIGITS = { min: 7, max: 15 } as const;
