/**
 * Documented limits of template sends that Meta's OpenAPI spec does not carry.
 *
 * - headerText / bodyText: a template's header text is at most 60 characters and its body at most 1024
 *   (Message Templates API); Meta refuses a send whose text grows past that with its parameters (132005).
 * - couponCode: "Codes are limited to 15 characters" (coupon code templates, Limitations).
 * - buttonUrl: a URL button's URL is at most 2000 characters, the dynamic suffix included.
 * - templateName: "Maximum 512 characters", lowercase letters, digits and underscores.
 */
export const TEMPLATE_LIMITS = {
	headerText: 60,
	bodyText: 1024,
	couponCode: 15,
	buttonUrl: 2000,
	templateName: 512,
	latitude: 90,
	longitude: 180,
	buttons: 10,
} as const;
