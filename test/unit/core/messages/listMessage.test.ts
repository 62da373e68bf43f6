import { LIMITS } from '../../../../core/limits';
import { buildListMessage, type ListMessageInput, type ListSectionInput } from '../../../../core/messages/listMessage';
import { expectAcceptedBySpec, expectRefused, expectTextLimit, times, TO } from './helpers';

const ONE_SECTION: ListSectionInput[] = [{ rows: [{ id: 'express', title: 'Express' }] }];
const built = (input: Partial<Omit<ListMessageInput, 'to'>>) =>
	buildListMessage({ to: '16505551234', bodyText: 'Which shipping option?', listButtonText: 'Options', sections: ONE_SECTION, ...input });
const build = (input: Partial<Omit<ListMessageInput, 'to'>>) => built(input).body;

/** `count` sections of one row each, titled, with ids unique across them. */
const sectionsOfOneRow = (count: number): ListSectionInput[] => times(count, (index) => ({ title: `Section ${index}`, rows: [{ id: `r${index}`, title: `Row ${index}` }] }));

describe('buildListMessage', () => {
	it('builds the smallest list: one untitled section', () => {
		expect(expectAcceptedBySpec(build({}))).toStrictEqual({
			messaging_product: 'whatsapp',
			recipient_type: 'individual',
			to: TO,
			type: 'interactive',
			interactive: {
				type: 'list',
				body: { text: 'Which shipping option?' },
				action: { button: 'Options', sections: [{ rows: [{ id: 'express', title: 'Express' }] }] },
			},
		});
	});

	it('reports the header type and the number of sections and rows', () => {
		expect(built({}).report).toStrictEqual({ headerType: undefined, sectionCount: 1, rowCount: 1 });
		expect(built({ headerType: 'text', headerText: 'Shipping', sections: sectionsOfOneRow(3) }).report).toStrictEqual({ headerType: 'text', sectionCount: 3, rowCount: 3 });
	});

	it('takes a text header and nothing else', () => {
		const body = build({ headerType: 'text', headerText: 'Shipping' });
		expectAcceptedBySpec(body);
		expect(body.interactive.header).toStrictEqual({
			type: 'text',
			text: 'Shipping',
		});
		expectRefused(
			() => build({ headerType: 'image', headerMedia: '1' }),
			'headerType',
			'headerType: list messages take only a text header (got "image")',
		);
	});

	it('body: 4096 characters pass (the list page), 4097 are refused', () => {
		expect(LIMITS.listBody).toBe(4096);
		expectTextLimit((bodyText) => build({ bodyText }), 'bodyText', 4096);
	});

	it('footer and header text: 60 pass, 61 are refused; button text: 20 pass, 21 are refused', () => {
		expectTextLimit((footerText) => build({ footerText }), 'footerText', 60);
		expectTextLimit((headerText) => build({ headerType: 'text', headerText }), 'headerText', 60);
		expectTextLimit((listButtonText) => build({ listButtonText }), 'listButtonText', 20);
		expect(LIMITS.listButtonText).toBe(20);
	});

	it('row id 200, title 24, description 72: the limit passes, one more is refused', () => {
		const row = (override: Record<string, string>) => [{ title: 'A', rows: [{ id: 'a', title: 'A' }] }, { title: 'B', rows: [{ id: 'b', title: 'B' }, { id: 'c', title: 'C', ...override }] }];
		expectTextLimit((id) => build({ sections: row({ id }) }), 'sections[1].rows[1].id', 200);
		expectTextLimit((title) => build({ sections: row({ title }) }), 'sections[1].rows[1].title', 24);
		expectTextLimit((description) => build({ sections: row({ description }) }), 'sections[1].rows[1].description', 72);
		expect([LIMITS.listRowId, LIMITS.listRowTitle, LIMITS.listRowDescription]).toStrictEqual([200, 24, 72]);
	});

	it('section title: 24 characters pass, 25 are refused', () => {
		expectTextLimit((title) => build({ sections: [{ title, rows: [{ id: 'a', title: 'A' }] }] }), 'sections[0].title', 24);
		expect(LIMITS.listSectionTitle).toBe(24);
	});

	it('needs section titles when there is more than one section', () => {
		expectRefused(
			() => build({ sections: [{ title: 'A', rows: [{ id: 'a', title: 'A' }] }, { title: '', rows: [{ id: 'b', title: 'B' }] }] }),
			'sections[1].title',
			'sections[1].title: must not be empty',
		);
	});

	it('has 1 to 10 sections', () => {
		expect(LIMITS.listSections).toBe(10);
		expectAcceptedBySpec(build({ sections: sectionsOfOneRow(10) }));
		expectRefused(() => build({ sections: sectionsOfOneRow(11) }), 'sections', 'sections: must have 1 to 10 sections (got 11)');
		expectRefused(() => build({ sections: [] }), 'sections', 'sections: must have 1 to 10 sections (got 0)');
	});

	it('holds at most 10 rows in total', () => {
		expect(LIMITS.listRows).toBe(10);
		const rows = (prefix: string, count: number) => times(count, (index) => ({ id: `${prefix}${index}`, title: `Row ${index}` }));
		const ten = built({ sections: [{ title: 'A', rows: rows('a', 6) }, { title: 'B', rows: rows('b', 4) }] });
		expectAcceptedBySpec(ten.body);
		expect(ten.body.interactive.action.sections[1].rows.length).toBe(4);
		expect(ten.report).toStrictEqual({ headerType: undefined, sectionCount: 2, rowCount: 10 });
		expectRefused(
			() => build({ sections: [{ title: 'A', rows: rows('a', 6) }, { title: 'B', rows: rows('b', 5) }] }),
			'sections',
			'sections: must hold at most 10 rows in total (got 11 rows)',
		);
	});

	it('needs row ids unique across sections, and at least one row per section', () => {
		expectRefused(
			() => build({ sections: [{ title: 'A', rows: [{ id: 'a', title: 'A' }, { id: 'x', title: 'X' }] }, { title: 'B', rows: [{ id: 'x', title: 'Y' }] }] }),
			'sections[1].rows[0].id',
			'sections[1].rows[0].id: must be unique, but sections[0].rows[1].id already uses it (got "x")',
		);
		expectRefused(() => build({ sections: [{ title: 'A', rows: [] }, { title: 'B', rows: [{ id: 'b', title: 'B' }] }] }), 'sections[0].rows', 'sections[0].rows: must have at least 1 row (got 0)');
	});
});
