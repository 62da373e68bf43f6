/** What a phone number read asks for: Meta's default fields plus status, name review and messaging tier. */
export const PHONE_NUMBER_FIELDS = [
	'id',
	'display_phone_number',
	'verified_name',
	'quality_rating',
	'throughput',
	'code_verification_status',
	'platform_type',
	'name_status',
	'status',
	'messaging_limit_tier',
].join(',');

export const BUSINESS_PROFILE_FIELDS = ['about', 'address', 'description', 'email', 'profile_picture_url', 'websites', 'vertical'].join(',');

export const PHONE_NUMBER_OPERATIONS_WITH_ID = ['get', 'getBusinessProfile', 'updateBusinessProfile'];
