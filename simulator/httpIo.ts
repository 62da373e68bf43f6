import type { IncomingMessage, ServerResponse } from 'http';
import type { FaultKind } from './faultInjector';
import { multipartBoundary, parseMultipart, type MultipartForm } from './multipart';

/** What a route answers; the server writes it and the request log records it. */
export interface SimulatorAnswer {
	status: number;
	json?: unknown;
	bytes?: Buffer;
	contentType?: string;
	/** Set for an injected fault, so the request log shows it. */
	fault?: FaultKind;
	/** Nothing is written: the socket is held this long, then destroyed, as when an answer never comes. */
	holdOpenMs?: number;
}

/** A request as the routes see it: the body read and parsed once. */
export interface SimulatorRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingMessage['headers'];
	rawBody: Buffer;
	/** Parsed JSON or url-encoded form; undefined when the body is empty or multipart. */
	json?: unknown;
	form?: MultipartForm;
	/** Why the body could not be parsed. */
	bodyError?: string;
}

/** Large enough for a 100 MB document upload plus the multipart framing. */
const MAX_BODY_BYTES = 101 * 1024 * 1024;

export function json(status: number, body: unknown): SimulatorAnswer {
	return { status, json: body };
}

export async function readSimulatorRequest(request: IncomingMessage, url: URL): Promise<SimulatorRequest> {
	const chunks: Buffer[] = [];
	let size = 0;
	let tooLarge = false;
	for await (const chunk of request as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > MAX_BODY_BYTES) tooLarge = true;
		else chunks.push(chunk);
	}
	const rawBody = Buffer.concat(chunks);
	const parsed: SimulatorRequest = {
		method: (request.method ?? 'GET').toUpperCase(),
		path: url.pathname,
		query: url.searchParams,
		headers: request.headers,
		rawBody,
	};
	if (tooLarge) {
		parsed.bodyError = `the request body exceeds ${MAX_BODY_BYTES} bytes`;
		return parsed;
	}
	if (rawBody.length === 0) return parsed;
	const contentType = request.headers['content-type'] ?? '';
	const boundary = multipartBoundary(contentType);
	try {
		if (boundary) parsed.form = parseMultipart(rawBody, boundary);
		else if (/application\/x-www-form-urlencoded/i.test(contentType)) parsed.json = Object.fromEntries(new URLSearchParams(rawBody.toString('utf8')));
		else parsed.json = JSON.parse(rawBody.toString('utf8'));
	} catch (error) {
		parsed.bodyError = `the request body could not be parsed: ${(error as Error).message}`;
	}
	return parsed;
}

export function writeAnswer(response: ServerResponse, answer: SimulatorAnswer): void {
	if (answer.bytes) {
		response.writeHead(answer.status, {
			'Content-Type': answer.contentType ?? 'application/octet-stream',
			'Content-Length': answer.bytes.length,
		});
		response.end(answer.bytes);
		return;
	}
	const text = JSON.stringify(answer.json ?? null);
	response.writeHead(answer.status, {
		'Content-Type': 'application/json; charset=UTF-8',
		'Content-Length': Buffer.byteLength(text),
	});
	response.end(text);
}
