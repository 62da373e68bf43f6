import type { INodeProperties } from 'n8n-workflow';

/** The contact a node looks up: any id the trigger's items carry, or a number typed in. */
export function contactProperty(): INodeProperties {
	return {
		displayName: 'Contact',
		name: 'contact',
		type: 'string',
		required: true,
		default: '={{ $json.waId || $json.userId || $json.recipient || $json.to }}',
		placeholder: '+49 170 1234567',
		description:
			'The customer: their WhatsApp ID (wa_id), phone number in any notation with country code, or business-scoped user ID (BSUID, e.g. US.13491208655302741918). The default reads it from a WhatsApp Cloud Trigger item.',
	};
}

/** The business number whose contact state is read; empty means the credential's. */
export function businessPhoneNumberIdProperty(): INodeProperties {
	return {
		displayName: 'Phone Number ID',
		name: 'phoneNumberId',
		type: 'string',
		default: '={{ $json.phoneNumberId }}',
		description:
			'Your business phone number\'s ID: contact state is kept per business number. The default reads it from a WhatsApp Cloud Trigger item; empty uses the credential\'s.',
	};
}
