import type { IDataObject, IWebhookDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

/**
 * The waiting webhook of Send and Wait for Response: n8n serves it under the execution's signed resume URL
 * while the execution waits. Only this package posts to it (the trigger with an answer, the sweeper on
 * timeout), always POST with an answer item as JSON.
 */
export const sendAndWaitWebhooks: IWebhookDescription[] = [
	{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '', path: '={{ $nodeId }}', restartWebhook: true, isFullPath: true },
];

function isAnswer(body: unknown): body is IDataObject {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
	const answer = body as IDataObject;
	return typeof answer.waitId === 'string' && typeof answer.timedOut === 'boolean';
}

/**
 * The answer the trigger or the sweeper posted becomes the node's output; anything else leaves the execution
 * waiting. With Options → Timed Out Output the node has two outputs (see the node's `outputs`): an answer
 * leaves through Answered, a timeout through Timed Out. n8n reads the option from the waiting node's own
 * parameters (n8n-core's WebhookContext looks the dotted path up in them, defaults filled in), and resumes
 * the node with every output returned here (a waiting webhook's result is forwarded whole, not only output 0).
 */
export async function sendAndWaitWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const body = this.getBodyData() as unknown;
	if (!isAnswer(body)) {
		const response = this.getResponseObject();
		response.status(400).send('Not an answer of the WhatsApp Cloud Trigger: the execution goes on waiting');
		return { noWebhookResponse: true };
	}
	const item = { json: body, pairedItem: { item: 0 } };
	if (this.getNodeParameter('options.timeoutOutput', false) !== true) return { workflowData: [[item]] };
	return { workflowData: body.timedOut ? [[], [item]] : [[item], []] };
}
