import { multipartBoundary, MultipartError, parseMultipart } from '../../simulator/multipart';

function part(boundary: string, headers: string[], content: Buffer | string): Buffer {
	return Buffer.concat([Buffer.from(`--${boundary}\r\n${headers.join('\r\n')}\r\n\r\n`), Buffer.from(content), Buffer.from('\r\n')]);
}

describe('parseMultipart', () => {
	const boundary = '----simulator7MA4YWxkTrZu0gW';

	it('reads text fields and a binary file that contains CRLF and boundary-like bytes', () => {
		const file = Buffer.from([0x89, 0x50, 0x0d, 0x0a, 0x2d, 0x2d, 0x00, 0xff, ...Buffer.from('\r\n--other\r\n')]);
		const body = Buffer.concat([
			Buffer.from('preamble to ignore\r\n'),
			part(boundary, ['Content-Disposition: form-data; name="messaging_product"'], 'whatsapp'),
			part(boundary, ['Content-Disposition: form-data; name="type"'], 'image/png'),
			part(boundary, ['Content-Disposition: form-data; name="file"; filename="pic.png"', 'Content-Type: image/png'], file),
			Buffer.from(`--${boundary}--\r\n`),
		]);
		const form = parseMultipart(body, boundary);
		expect(form.fields).toEqual({ messaging_product: 'whatsapp', type: 'image/png' });
		expect(form.files.file.filename).toBe('pic.png');
		expect(form.files.file.contentType).toBe('image/png');
		expect(form.files.file.data.equals(file)).toBe(true);
	});

	it('finds quoted and unquoted boundaries, and nothing in other content types', () => {
		expect(multipartBoundary('multipart/form-data; boundary="a b c"')).toBe('a b c');
		expect(multipartBoundary('multipart/form-data; charset=utf-8; boundary=xyz')).toBe('xyz');
		expect(multipartBoundary('application/json')).toBeUndefined();
	});

	it('throws on a body without a closing boundary', () => {
		const body = part(boundary, ['Content-Disposition: form-data; name="a"'], 'x');
		expect(() => parseMultipart(body, boundary)).toThrow(MultipartError);
		expect(() => parseMultipart(Buffer.from('nothing'), boundary)).toThrow(MultipartError);
	});
});
