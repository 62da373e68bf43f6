export interface MultipartFile {
	filename?: string;
	contentType?: string;
	data: Buffer;
}

export interface MultipartForm {
	fields: Record<string, string>;
	files: Record<string, MultipartFile>;
}

export class MultipartError extends Error {}

/** The boundary of a `multipart/form-data` content type, or undefined for any other type. */
export function multipartBoundary(contentType: string | undefined): string | undefined {
	if (!contentType || !/^multipart\/form-data/i.test(contentType)) return undefined;
	const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
	return match ? (match[1] ?? match[2]) : undefined;
}

function parseHeaders(block: string): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const line of block.split('\r\n')) {
		const colon = line.indexOf(':');
		if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}
	return headers;
}

function dispositionParameter(disposition: string, name: string): string | undefined {
	const match = new RegExp(`(?:^|;)\\s*${name}="([^"]*)"`, 'i').exec(disposition) ?? new RegExp(`(?:^|;)\\s*${name}=([^;]*)`, 'i').exec(disposition);
	return match ? match[1].trim() : undefined;
}

/** Parses a `multipart/form-data` body (RFC 7578): text parts become fields, parts with a filename become files. */
export function parseMultipart(body: Buffer, boundary: string): MultipartForm {
	const delimiter = Buffer.from(`--${boundary}`);
	const form: MultipartForm = { fields: {}, files: {} };
	let position = body.indexOf(delimiter);
	if (position < 0) throw new MultipartError('multipart body has no boundary line');
	for (;;) {
		position += delimiter.length;
		if (body.subarray(position, position + 2).toString() === '--') return form;
		if (body.subarray(position, position + 2).toString() !== '\r\n') throw new MultipartError('malformed multipart boundary line');
		const headersEnd = body.indexOf('\r\n\r\n', position);
		if (headersEnd < 0) throw new MultipartError('multipart part without a header end');
		const headers = parseHeaders(body.subarray(position + 2, headersEnd).toString('utf8'));
		const contentStart = headersEnd + 4;
		const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), contentStart);
		if (next < 0) throw new MultipartError('multipart body ends without a closing boundary');
		const data = body.subarray(contentStart, next);
		const disposition = headers['content-disposition'] ?? '';
		const name = dispositionParameter(disposition, 'name');
		if (name !== undefined) {
			const filename = dispositionParameter(disposition, 'filename');
			if (filename !== undefined) {
				form.files[name] = { filename, contentType: headers['content-type'], data: Buffer.from(data) };
			} else {
				form.fields[name] = data.toString('utf8');
			}
		}
		position = next + 2;
	}
}
