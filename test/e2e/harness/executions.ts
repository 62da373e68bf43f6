import type { ExecutionSummary, N8nApi } from '../../../harness/n8nApi';

type Json = Record<string, unknown>;

/** The items a node put on one of its outputs in an execution (its first run). */
export function outputOf(execution: ExecutionSummary, nodeName: string, output = 0): Json[] {
	const main = execution.data?.resultData?.runData?.[nodeName]?.[0]?.data?.main ?? [];
	return (main[output] ?? []).map((item) => item.json);
}

/** Whether the node ran at all in this execution. */
export function nodeRan(execution: ExecutionSummary, nodeName: string): boolean {
	return (execution.data?.resultData?.runData?.[nodeName]?.length ?? 0) > 0;
}

/** The execution's error as n8n shows it: message and description. */
export function errorOf(execution: ExecutionSummary): { message: string; description: string; node: string } {
	const error = (execution.data?.resultData?.error ?? {}) as { message?: unknown; description?: unknown; node?: { name?: unknown } };
	return { message: String(error.message ?? ''), description: String(error.description ?? ''), node: String(error.node?.name ?? '') };
}

/** Waits for the workflow's next finished execution after the `before` it had, and returns that newest one. */
export async function nextExecution(api: N8nApi, workflowId: string, before: number, timeoutMs = 30000): Promise<ExecutionSummary> {
	const executions = await api.waitForExecutions(workflowId, before + 1, timeoutMs);
	return executions.reduce((newest, execution) => (Number(execution.id) > Number(newest.id) ? execution : newest));
}

/** How many executions the workflow has (finished or not), to wait for the next one. */
export async function executionCount(api: N8nApi, workflowId: string): Promise<number> {
	return (await api.executions(workflowId)).length;
}

/** The execution once it no longer waits or runs (a Send and Wait resumed, a Wait node done). */
export async function settledExecution(api: N8nApi, workflowId: string, id: string, timeoutMs = 30000): Promise<ExecutionSummary> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const execution = (await api.executions(workflowId)).find((candidate) => candidate.id === id);
		if (execution && !['waiting', 'running', 'new'].includes(execution.status)) return execution;
		if (Date.now() > deadline) throw new Error(`execution ${id} still ${execution?.status ?? 'missing'} after ${timeoutMs} ms`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}
