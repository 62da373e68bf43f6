import { baseMimeType, extensionForMimeType, mediaFileName } from '../../../core/mediaFileName';

describe('extensionForMimeType', () => {
	it.each<[string | undefined, string]>([
		['image/jpeg', 'jpg'],
		['image/png', 'png'],
		['image/webp', 'webp'],
		['audio/ogg; codecs=opus', 'ogg'],
		['audio/mpeg', 'mp3'],
		['audio/mp4', 'm4a'],
		['audio/amr', 'amr'],
		['video/mp4', 'mp4'],
		['video/3gpp', '3gp'],
		['application/pdf', 'pdf'],
		['APPLICATION/PDF', 'pdf'],
		['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
		['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'],
		['text/plain', 'txt'],
		['image/avif', 'avif'],
		['application/x-something-long', 'bin'],
		['nonsense', 'bin'],
		['', 'bin'],
		[undefined, 'bin'],
	])('%p → %p', (mimeType, extension) => {
		expect(extensionForMimeType(mimeType)).toBe(extension);
	});

	it('reads the base type without parameters', () => {
		expect(baseMimeType(' Audio/OGG ; codecs=opus')).toBe('audio/ogg');
	});
});

describe('mediaFileName', () => {
	it('uses the document\'s own file name', () => {
		expect(mediaFileName({ id: '622684793477189', filename: 'receipt.pdf' }, 'application/pdf')).toBe('receipt.pdf');
	});

	it('names other media after the media id with the extension of the MIME type', () => {
		expect(mediaFileName({ id: '1908647269898587' }, 'audio/ogg; codecs=opus')).toBe('1908647269898587.ogg');
		expect(mediaFileName({ id: '1003383421387256' }, 'image/jpeg')).toBe('1003383421387256.jpg');
	});

	it.each<[string, string]>([
		['../../etc/passwd', 'passwd'],
		['C:\\Users\\ana\\invoice.pdf', 'invoice.pdf'],
		['bad\u0000name\u001f.pdf', 'badname.pdf'],
	])('keeps only the last segment of %p, without control characters', (filename, expected) => {
		expect(mediaFileName({ id: '1', filename }, 'application/pdf')).toBe(expected);
	});

	it.each(['', '   ', '..', 'a/'])('falls back to the media id for the unusable name %p', (filename) => {
		expect(mediaFileName({ id: '77', filename }, 'application/pdf')).toBe('77.pdf');
	});

	it('has a name even without an id', () => {
		expect(mediaFileName({}, undefined)).toBe('media.bin');
	});
});
