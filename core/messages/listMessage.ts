import { LIMITS } from '../limits';
import { MessageValidationError } from '../validationError';
import { assertCount, assertUnique, listOf, optionalText, requiredText } from './fieldChecks';
import {
	buildInteractive,
	buildInteractiveBody,
	buildInteractiveFooter,
	buildInteractiveHeader,
	buildSectionTitle,
	TEXT_HEADER_ONLY,
	type InteractiveTextInput,
} from './interactiveParts';
import type { BuiltMessage, InteractiveMessageBody, ListRow, ListSection } from './sendMessageBody';

export interface ListRowInput {
	/** Comes back in the list_reply webhook; at most 200 characters, unique across all sections. */
	id: string;
	/** At most 24 characters. */
	title: string;
	/** At most 72 characters. */
	description?: string;
}

export interface ListSectionInput {
	/** At most 24 characters; required when the list has more than one section. */
	title?: string;
	rows: ListRowInput[];
}

/** Header: text only. Body ≤ 4096 (the list page), footer ≤ 60; ≤ 10 sections and ≤ 10 rows in total. */
export interface ListMessageInput extends InteractiveTextInput {
	/** The button that opens the list; at most 20 characters. */
	listButtonText: string;
	sections: ListSectionInput[];
}

function buildRow(row: ListRowInput | undefined, field: string): ListRow {
	const built: ListRow = {
		id: requiredText(`${field}.id`, row?.id, LIMITS.listRowId),
		title: requiredText(`${field}.title`, row?.title, LIMITS.listRowTitle),
	};
	const description = optionalText(`${field}.description`, row?.description, LIMITS.listRowDescription);
	if (description !== undefined) built.description = description;
	return built;
}

/** Reports the header type and the number of sections and rows. */
export function buildListMessage(input: ListMessageInput): BuiltMessage<InteractiveMessageBody<'list'>> {
	const header = buildInteractiveHeader(input, TEXT_HEADER_ONLY, 'list messages');
	const body = buildInteractiveBody(input.bodyText, LIMITS.listBody);
	const footer = buildInteractiveFooter(input.footerText);
	const button = requiredText('listButtonText', input.listButtonText, LIMITS.listButtonText);

	const sectionInputs = listOf('sections', input.sections);
	assertCount('sections', sectionInputs.length, 1, LIMITS.listSections, 'sections');
	const rowFields: string[] = [];
	const sections = sectionInputs.map((section, sectionIndex): ListSection => {
		const title = buildSectionTitle(section?.title, sectionIndex, sectionInputs.length);
		const rowInputs = listOf(`sections[${sectionIndex}].rows`, section?.rows);
		if (rowInputs.length === 0) throw new MessageValidationError(`sections[${sectionIndex}].rows`, 'must have at least 1 row', 0);
		const rows = rowInputs.map((row, rowIndex) => {
			const field = `sections[${sectionIndex}].rows[${rowIndex}]`;
			rowFields.push(field);
			return buildRow(row, field);
		});
		return title === undefined ? { rows } : { title, rows };
	});
	const allRows = sections.flatMap((section) => section.rows);
	if (allRows.length > LIMITS.listRows) {
		throw new MessageValidationError('sections', `must hold at most ${LIMITS.listRows} rows in total`, `${allRows.length} rows`);
	}
	assertUnique(
		allRows.map((row) => row.id),
		(index) => `${rowFields[index]}.id`,
	);
	return {
		body: buildInteractive('list', { header, body, footer }, { button, sections }, input),
		report: { headerType: header?.type, sectionCount: sections.length, rowCount: allRows.length },
	};
}
