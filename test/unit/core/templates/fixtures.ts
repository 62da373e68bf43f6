import templateFixtures from '../../../../simulator/fixtures/templates.json';
import type { TemplateDefinition } from '../../../../core/templates/templateDefinition';

/** The simulator's templates (Meta's shape), the same ones the node reads from it. */
export const FIXTURE_TEMPLATES = templateFixtures as TemplateDefinition[];

export function fixture(name: string, language = 'en_US'): TemplateDefinition {
	const template = FIXTURE_TEMPLATES.find((candidate) => candidate.name === name && candidate.language === language);
	if (!template) throw new Error(`no fixture template ${name} (${language})`);
	return structuredClone(template);
}
