import { randomBytes } from 'crypto';

export interface MultipartFile {
	field: string;
	fileName: string;
	contentType: string;
	data: Buffer;
}

export interface MultipartBody {
	body: Buffer;
	/** `multipart/form-data; boundary=…` for the request's Content-Type header. */
	contentType: string;
}

/** Quotes a value for a Content-Disposition parameter; quotes and line breaks would end the header early. */
function quoted(value: string): string {
	return `"${value.replace(/["\r\n\\]/g, '_')}"`;
}

/**
 * A `multipart/form-data` body (RFC 7578) with text fields and one file, built as bytes: n8n's request
 * helper sends a Buffer as it is, and community nodes may not import a form-data package.
 */
export function buildMultipartBody(fields: Record<string, string>, file: MultipartFile, boundary = `----n8nWhatsAppCloud${randomBytes(12).toString('hex')}`): MultipartBody {
	const parts: Buffer[] = [];
	for (const [name, value] of Object.entries(fields)) {
		parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name=${quoted(name)}\r\n\r\n${value}\r\n`, 'utf8'));
	}
	parts.push(
		Buffer.from(
			`--${boundary}\r\nContent-Disposition: form-data; name=${quoted(file.field)}; filename=${quoted(file.fileName)}\r\nContent-Type: ${file.contentType}\r\n\r\n`,
			'utf8',
		),
		file.data,
		Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
	);
	return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
