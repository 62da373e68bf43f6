import type { BusinessNumber } from './config';
import { randomFbtraceId } from './graphIds';
import { answerForViolation, invalidAccessToken, invalidParameter, objectDoesNotExist, type GraphErrorAnswer } from './graphErrors';
import { json, type SimulatorAnswer, type SimulatorRequest } from './httpIo';
import { uploadProblem, type StoredMedia } from './mediaStore';
import type { SimulatorState } from './simulatorState';

function fromError(error: GraphErrorAnswer): SimulatorAnswer {
	return json(error.status, error.body);
}

/** `POST /{v}/{phone-number-id}/media`: multipart with `messaging_product`, `type` (the MIME type) and `file`. */
export function uploadMedia(state: SimulatorState, request: SimulatorRequest, number: BusinessNumber): SimulatorAnswer {
	if (request.bodyError) return fromError(invalidParameter(request.bodyError));
	if (!request.form) return fromError(invalidParameter('(body): media uploads must be multipart/form-data'));
	const { fields, files } = request.form;
	if (fields.messaging_product === undefined) return fromError(answerForViolation({ code: 131008, details: 'messaging_product: is required' }));
	if (fields.messaging_product !== 'whatsapp') {
		return fromError(invalidParameter(`messaging_product: must be "whatsapp" (got ${JSON.stringify(fields.messaging_product)})`));
	}
	const file = files.file;
	if (!file) return fromError(answerForViolation({ code: 131008, details: 'file: is required' }));
	const mimeType = fields.type;
	if (!mimeType) return fromError(answerForViolation({ code: 131008, details: 'type: is required' }));
	const problem = uploadProblem(mimeType, file.data.length);
	if (problem) return fromError(answerForViolation({ code: 131009, details: problem }));
	const stored = state.media.add(file.data, mimeType, file.filename, undefined, number.id);
	return json(200, { id: stored.id });
}

function belongsToRequestedNumber(media: StoredMedia, request: SimulatorRequest): boolean {
	const phoneNumberId = request.query.get('phone_number_id');
	return !phoneNumberId || phoneNumberId === media.phoneNumberId;
}

export function getMedia(state: SimulatorState, request: SimulatorRequest, media: StoredMedia): SimulatorAnswer {
	if (!belongsToRequestedNumber(media, request)) return fromError(objectDoesNotExist(request.method, media.id));
	const token = state.media.issueDownloadToken(media.id, state.clock.nowMs());
	return json(200, {
		messaging_product: 'whatsapp',
		url: `${state.url}/media-download/${media.id}?token=${token}`,
		mime_type: media.mimeType,
		sha256: media.sha256,
		file_size: media.bytes.length,
		id: media.id,
	});
}

export function deleteMedia(state: SimulatorState, request: SimulatorRequest, media: StoredMedia): SimulatorAnswer {
	if (!belongsToRequestedNumber(media, request)) return fromError(objectDoesNotExist(request.method, media.id));
	state.media.delete(media.id);
	return json(200, { success: true });
}

/** The URL `GET /{media-id}` hands out: needs the same bearer token, and the URL's token must be fresh. */
export function downloadMedia(state: SimulatorState, request: SimulatorRequest, mediaId: string, authorized: boolean): SimulatorAnswer {
	if (!authorized) return fromError(invalidAccessToken());
	const media = state.media.get(mediaId);
	if (!media || !state.media.isDownloadTokenValid(mediaId, request.query.get('token'), state.clock.nowMs())) {
		return json(404, { error: { message: 'URL signature expired or the media does not exist', type: 'NotFound', code: 404, fbtrace_id: randomFbtraceId() } });
	}
	return { status: 200, bytes: media.bytes, contentType: media.mimeType };
}
