import { startSimulator } from './server';

/** `--port 4010`, `--port=4010` or SIMULATOR_PORT; 0 picks a free port. */
function portFrom(args: string[], env: NodeJS.ProcessEnv): number {
	let value = env.SIMULATOR_PORT;
	args.forEach((arg, index) => {
		if (arg === '--port') value = args[index + 1];
		else if (arg.startsWith('--port=')) value = arg.slice('--port='.length);
	});
	if (value === undefined || value === '') return 0;
	const port = Number(value);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Not a port: ${value}`);
	return port;
}

async function main(): Promise<void> {
	const simulator = await startSimulator({ port: portFrom(process.argv.slice(2), process.env) });
	const { config } = simulator;
	process.stdout.write(
		[
			`WhatsApp Cloud API simulator listening on ${simulator.url}`,
			'',
			'Credential values (WhatsApp Cloud API credential in n8n):',
			`  Base URL             ${simulator.url}`,
			'  Graph API Version    v23.0',
			`  Access Token         ${config.accessToken}`,
			`  Phone Number ID      ${config.phoneNumberId}`,
			`  Business Account ID  ${config.wabaId}`,
			`  App Secret           ${config.appSecret}`,
			`  Webhook Verify Token ${config.verifyToken}`,
			'',
			`Control API: ${simulator.url}/_simulator/health, /requests, /config, /clock, /reset, /webhook-overrides, /customer/{text,button-reply,image,status,raw,verify}`,
			'Stop with Ctrl+C.',
			'',
		].join('\n'),
	);
	const stop = () => {
		simulator.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
