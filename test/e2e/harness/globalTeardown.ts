export default async function globalTeardown(): Promise<void> {
	await globalThis.whatsAppE2eEnvironment?.stop();
	globalThis.whatsAppE2eEnvironment = undefined;
}
