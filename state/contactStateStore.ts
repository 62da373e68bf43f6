import * as os from 'os';
import * as path from 'path';
import type { KeyValueStore } from '../core/keyValueStore';
import { FileKeyValueStore } from './fileKeyValueStore';

export const STATE_FILE_NAME = 'contact-state.jsonl';

/**
 * Where the embedded store keeps its journal: `WHATSAPP_CLOUD_STATE_DIR` if set, otherwise a folder of its
 * own inside n8n's user folder (`N8N_USER_FOLDER`, else the home folder, then `.n8n`, as n8n decides), so
 * it lives and is backed up with n8n's own data.
 */
export function stateDirectory(env: NodeJS.ProcessEnv = process.env): string {
	const explicit = env.WHATSAPP_CLOUD_STATE_DIR?.trim();
	if (explicit) return path.resolve(explicit);
	const userFolder = env.N8N_USER_FOLDER?.trim() || os.homedir();
	return path.join(userFolder, '.n8n', 'whatsapp-cloud');
}

const openStores = new Map<string, Promise<FileKeyValueStore>>();

/**
 * The one store of this n8n process, shared by every node of the package and opened on first use. A store
 * that could not be opened is tried again on the next call.
 */
export function contactStateStore(): Promise<KeyValueStore> {
	const filePath = path.join(stateDirectory(), STATE_FILE_NAME);
	let store = openStores.get(filePath);
	if (store === undefined) {
		const opening = FileKeyValueStore.open(filePath);
		openStores.set(filePath, opening);
		opening.catch(() => {
			if (openStores.get(filePath) === opening) openStores.delete(filePath);
		});
		store = opening;
	}
	return store;
}

/** Writes out and closes every open store; the next `contactStateStore()` reads its journal again. */
export async function closeContactStateStores(): Promise<void> {
	const stores = [...openStores.values()];
	openStores.clear();
	for (const store of stores) {
		try {
			await (await store).close();
		} catch {
			// A store that never opened has nothing to close.
		}
	}
}
