import * as fs from 'fs';
import * as path from 'path';
import { N8nApi } from '../../../harness/n8nApi';
import { WORK_DIR } from '../../../harness/paths';
import type { CredentialReference } from '../../../harness/workflows';
import { SimulatorClient } from '../../../simulator/client';

/** What globalSetup started, handed to the test files (which run in other processes). */
export interface E2eState {
	n8nUrl: string;
	apiKey: string;
	sessionCookie: string;
	simulatorUrl: string;
	credential: CredentialReference;
	appSecret: string;
	verifyToken: string;
	accessToken: string;
	n8nVersion: string;
	n8nBootMs: number;
}

/** WHATSAPP_E2E_DIR lets several e2e runs share a machine without sharing an n8n. */
export const E2E_DIR = process.env.WHATSAPP_E2E_DIR ? path.resolve(process.env.WHATSAPP_E2E_DIR) : path.join(WORK_DIR, 'e2e');
const STATE_FILE = path.join(E2E_DIR, 'state.json');
/** The user folder of the n8n that globalSetup starts. */
export const E2E_USER_FOLDER = path.join(E2E_DIR, 'n8n-user');

export function writeE2eState(state: E2eState): void {
	fs.mkdirSync(E2E_DIR, { recursive: true });
	fs.writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
}

export function readE2eState(): E2eState & { api: N8nApi; simulator: SimulatorClient } {
	const state = JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')) as E2eState;
	const api = new N8nApi(state.n8nUrl);
	api.useApiKey(state.apiKey);
	api.useSessionCookie(state.sessionCookie);
	return { ...state, api, simulator: new SimulatorClient(state.simulatorUrl) };
}
