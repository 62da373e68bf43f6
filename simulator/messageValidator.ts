import { checkDocumentedLimits, checkMarkAsReadRules } from './documentedLimits';
import type { Violation } from './graphErrors';
import { loadSpecValidator } from './specValidator';

export type SendBodyKind = 'message' | 'markAsRead';

/** Mark-as-read and typing-indicator bodies carry a `status` and no `type`. */
export function sendBodyKind(body: unknown): SendBodyKind {
	const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
	return isObject && 'status' in body && !('type' in body) ? 'markAsRead' : 'message';
}

/** Everything `POST /{phone-number-id}/messages` checks about a body: the corrected spec, then the documented limits. */
export function createMessageValidator(specPath: string): (body: unknown) => Violation | undefined {
	const spec = loadSpecValidator(specPath);
	return (body) => {
		if (sendBodyKind(body) === 'markAsRead') {
			return spec.validateMarkAsRead(body) ?? checkMarkAsReadRules(body as Record<string, unknown>);
		}
		return spec.validateMessage(body) ?? checkDocumentedLimits(body as Record<string, unknown>);
	};
}
