import type { TemplateSendComponent } from '../templates/templateComponents';
import type { MediaSource } from './fieldChecks';

/**
 * The JSON body of `POST /{phone-number-id}/messages`, as Meta's spec names its fields: one envelope, and
 * one payload under the key its `type` names. `SendMessageBody` is the union of every kind the builders make.
 */
export interface MessageEnvelope {
	messaging_product: 'whatsapp';
	recipient_type: 'individual';
	to: string;
	context?: { message_id: string };
	biz_opaque_callback_data?: string;
}

/** A message of `type` T whose payload P sits under the key T. */
export type MessageBody<T extends string, P> = MessageEnvelope & { type: T } & { [key in T]: P };

export interface TextPayload {
	body: string;
	preview_url?: boolean;
}

export type MediaType = 'image' | 'video' | 'audio' | 'document' | 'sticker';
export type MediaPayload = MediaSource & { caption?: string; filename?: string; voice?: true };

export interface LocationPayload {
	latitude: number;
	longitude: number;
	name?: string;
	address?: string;
}

/** One contact card as Meta's spec shapes it (`name.formatted_name` required, the rest optional lists). */
export interface ContactCard {
	name: { formatted_name: string; first_name?: string; last_name?: string; middle_name?: string; prefix?: string; suffix?: string };
	phones?: Array<{ phone: string; type?: string; wa_id?: string }>;
	emails?: Array<{ email: string; type?: string }>;
	urls?: Array<{ url: string; type?: string }>;
	org?: { company?: string; department?: string; title?: string };
	addresses?: Array<{ street?: string; city?: string; state?: string; zip?: string; country?: string; country_code?: string; type?: string }>;
	birthday?: string;
}

export interface ReactionPayload {
	message_id: string;
	/** Empty removes the reaction. */
	emoji: string;
}

export interface TemplatePayload {
	name: string;
	language: { code: string };
	components?: TemplateSendComponent[];
}

export type InteractiveHeader =
	| { type: 'text'; text: string }
	| { type: 'image'; image: MediaSource }
	| { type: 'video'; video: MediaSource }
	| { type: 'document'; document: MediaSource };

export interface InteractiveText {
	text: string;
}

export interface ReplyButton {
	type: 'reply';
	reply: { id: string; title: string };
}

export interface ListRow {
	id: string;
	title: string;
	description?: string;
}

export interface ListSection {
	title?: string;
	rows: ListRow[];
}

export interface ProductSection {
	title?: string;
	product_items: Array<{ product_retailer_id: string }>;
}

export interface FlowParameters {
	flow_message_version: '3';
	flow_id?: string;
	flow_name?: string;
	flow_cta: string;
	flow_token?: string;
	mode?: 'draft' | 'published';
	flow_action: 'navigate' | 'data_exchange';
	flow_action_payload?: { screen: string; data?: Record<string, unknown> };
}

/** The `interactive` object of each interactive kind, discriminated by its own `type`. */
export type InteractivePayload =
	| { type: 'button'; header?: InteractiveHeader; body: InteractiveText; footer?: InteractiveText; action: { buttons: ReplyButton[] } }
	| { type: 'list'; header?: InteractiveHeader; body: InteractiveText; footer?: InteractiveText; action: { button: string; sections: ListSection[] } }
	| {
			type: 'cta_url';
			header?: InteractiveHeader;
			body: InteractiveText;
			footer?: InteractiveText;
			action: { name: 'cta_url'; parameters: { display_text: string; url: string } };
	  }
	| { type: 'location_request_message'; body: InteractiveText; action: { name: 'send_location' } }
	| { type: 'flow'; header?: InteractiveHeader; body: InteractiveText; footer?: InteractiveText; action: { name: 'flow'; parameters: FlowParameters } }
	| { type: 'product'; body?: InteractiveText; footer?: InteractiveText; action: { catalog_id: string; product_retailer_id: string } }
	| {
			type: 'product_list';
			header: InteractiveHeader;
			body: InteractiveText;
			footer?: InteractiveText;
			action: { catalog_id: string; sections: ProductSection[] };
	  }
	| {
			type: 'catalog_message';
			body: InteractiveText;
			footer?: InteractiveText;
			action: { name: 'catalog_message'; parameters?: { thumbnail_product_retailer_id: string } };
	  };

export type InteractiveType = InteractivePayload['type'];
/** The interactive payload of one kind, e.g. `InteractiveOf<'list'>`. */
export type InteractiveOf<K extends InteractiveType> = Extract<InteractivePayload, { type: K }>;

export type TextMessageBody = MessageBody<'text', TextPayload>;
export type MediaMessageBody = { [K in MediaType]: MessageBody<K, MediaPayload> }[MediaType];
export type LocationMessageBody = MessageBody<'location', LocationPayload>;
export type ContactsMessageBody = MessageBody<'contacts', ContactCard[]>;
export type ReactionMessageBody = MessageBody<'reaction', ReactionPayload>;
export type TemplateMessageBody = MessageBody<'template', TemplatePayload>;
export type InteractiveMessageBody<K extends InteractiveType = InteractiveType> = MessageBody<'interactive', InteractiveOf<K>>;

export type SendMessageBody =
	| TextMessageBody
	| MediaMessageBody
	| LocationMessageBody
	| ContactsMessageBody
	| ReactionMessageBody
	| TemplateMessageBody
	| InteractiveMessageBody;

/** What a send reports about its message besides the ids, e.g. `{buttonIds: [...]}`; merged into the output item. */
export type MessageReport = Record<string, string | number | boolean | string[] | undefined>;

/** A builder's result: the body to post, and what the node reports about it. */
export interface BuiltMessage<B extends SendMessageBody = SendMessageBody> {
	body: B;
	report: MessageReport;
}

/** Options every sendable message type accepts; errors about `to` name the node's `recipient` parameter. */
export interface CommonMessageOptions {
	to: string;
	replyToMessageId?: string;
	bizOpaqueCallbackData?: string;
}
