import {
	DEFAULT_OPT_IN_KEYWORDS,
	DEFAULT_OPT_OUT_KEYWORDS,
	matchKeyword,
	parseKeywordList,
} from '../../../../core/consent/consentKeywords';

describe('default keywords', () => {
	it('cover English and German opt-out and START for opt-in', () => {
		expect(DEFAULT_OPT_OUT_KEYWORDS).toEqual(['STOP', 'STOPP', 'UNSUBSCRIBE', 'ABMELDEN', 'ABBESTELLEN']);
		expect(DEFAULT_OPT_IN_KEYWORDS).toEqual(['START']);
	});
});

describe('parseKeywordList', () => {
	it.each<[string, unknown, string[]]>([
		['comma separated', 'STOP, Stopp,ABMELDEN', ['STOP', 'Stopp', 'ABMELDEN']],
		['newline separated', 'STOP\nSTOPP\r\nABBESTELLEN\n', ['STOP', 'STOPP', 'ABBESTELLEN']],
		['with blanks', ' , STOP ,, \n ', ['STOP']],
		['keeping inner spaces of a phrase', 'STOP ALL, no more', ['STOP ALL', 'no more']],
		['an array', ['STOP', ' START '], ['STOP', 'START']],
		['empty', '', []],
		['not text', undefined, []],
	])('reads a list %s', (_case, input, expected) => {
		expect(parseKeywordList(input)).toEqual(expected);
	});
});

describe('matchKeyword', () => {
	it.each<[string, string]>([
		['STOP', 'STOP'],
		['stop', 'STOP'],
		['Stop!', 'STOP'],
		[' stopp. ', 'STOPP'],
		['abmelden 🙏', 'ABMELDEN'],
		['🛑 STOP 🛑', 'STOP'],
		['"Unsubscribe"', 'UNSUBSCRIBE'],
		['\u00a0Abbestellen\u2003', 'ABBESTELLEN'],
		['STOP!!! 👍🏽', 'STOP'],
		['¡stop!', 'STOP'],
	])('matches %j as %s', (message, keyword) => {
		expect(matchKeyword(message, DEFAULT_OPT_OUT_KEYWORDS)).toBe(keyword);
	});

	it('matches START as opt-in', () => {
		expect(matchKeyword('Start', DEFAULT_OPT_IN_KEYWORDS)).toBe('START');
		expect(matchKeyword('Start', DEFAULT_OPT_OUT_KEYWORDS)).toBeUndefined();
	});

	it.each<[string, unknown]>([
		['a keyword inside a sentence', 'STOP please'],
		['a keyword before a question', 'stop? why'],
		['a longer word', 'STOPPED'],
		['two keywords', 'STOP STOP'],
		['a keyword split by a letter', 'S T O P'],
		['only punctuation', '!!!'],
		['only emoji', '🙏'],
		['empty text', ''],
		['no text', undefined],
		['not text', 42],
	])('does not match %s', (_case, message) => {
		expect(matchKeyword(message, DEFAULT_OPT_OUT_KEYWORDS)).toBeUndefined();
	});

	it('returns the keyword as configured, not as written', () => {
		expect(matchKeyword('STOPP', ['Stopp'])).toBe('Stopp');
	});

	it('matches multi-word keywords with inner spaces collapsed', () => {
		expect(matchKeyword('  stop   all. ', ['STOP ALL'])).toBe('STOP ALL');
		expect(matchKeyword('stop\tall', ['STOP ALL'])).toBe('STOP ALL');
	});

	it('compares beyond ASCII: ß and ẞ are SS, umlauts and accents by case', () => {
		expect(matchKeyword('schluß', ['SCHLUSS'])).toBe('SCHLUSS');
		expect(matchKeyword('SCHLUẞ', ['Schluss'])).toBe('Schluss');
		expect(matchKeyword('ärger', ['ÄRGER'])).toBe('ÄRGER');
		expect(matchKeyword('désabonner', ['DÉSABONNER'])).toBe('DÉSABONNER');
		// The decomposed é (e + combining accent) is the same word.
		expect(matchKeyword('de\u0301sabonner', ['DÉSABONNER'])).toBe('DÉSABONNER');
		expect(matchKeyword('arger', ['ÄRGER'])).toBeUndefined();
	});

	it('ignores blank configured keywords', () => {
		expect(matchKeyword('!', ['', '  '])).toBeUndefined();
	});
});
