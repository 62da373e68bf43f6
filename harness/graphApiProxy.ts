import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo, Socket } from 'net';
import * as os from 'os';
import * as path from 'path';
import * as tls from 'tls';

/** The host n8n's built-in WhatsApp node calls; its base URL `https://graph.facebook.com/v13.0/` is fixed. */
export const GRAPH_API_HOST = 'graph.facebook.com';

export interface GraphApiProxy {
	/** `http://127.0.0.1:PORT`, for HTTPS_PROXY. */
	url: string;
	/** The throwaway CA that signed the proxy's certificate for graph.facebook.com, for NODE_EXTRA_CA_CERTS. */
	caCertFile: string;
	/** What n8n needs to send its Graph API calls here and everything else on loopback directly. */
	n8nEnv: Record<string, string>;
	/** CONNECT tunnels opened to graph.facebook.com:443 (one per request when the client does not keep the connection). */
	readonly tunnels: number;
	/** Requests forwarded to the simulator. */
	readonly forwarded: number;
	/** CONNECTs to any other host, refused with 403. */
	readonly refused: string[];
	close(): Promise<void>;
}

export interface GraphApiProxyOptions {
	/** The simulator, e.g. `http://127.0.0.1:PORT`. */
	targetUrl: string;
	/**
	 * The Graph API version the forwarded paths get (`/v13.0/…` becomes `/v23.0/…`): the simulator checks
	 * bodies against Meta's v23.0 spec. Undefined keeps the client's version.
	 */
	apiVersion?: string;
	/** Where the CA and the certificate are written; a new temporary folder by default. */
	certificateFolder?: string;
}

interface Certificates {
	caCertFile: string;
	key: Buffer;
	cert: Buffer;
}

function openssl(args: string[], cwd: string): void {
	execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A CA valid for two days and a certificate for graph.facebook.com it signed, made with the openssl CLI. */
function makeCertificates(folder: string): Certificates {
	fs.mkdirSync(folder, { recursive: true });
	const subjectPrefix = '/O=n8n-nodes-whatsapp-cloud test harness';
	openssl(
		[
			'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2',
			'-subj', `${subjectPrefix}/CN=Graph API proxy test CA`,
			'-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
		],
		folder,
	);
	openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'host.key', '-out', 'host.csr', '-subj', `${subjectPrefix}/CN=${GRAPH_API_HOST}`], folder);
	fs.writeFileSync(
		path.join(folder, 'host.ext'),
		`basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:${GRAPH_API_HOST}\n`,
	);
	openssl(
		['x509', '-req', '-in', 'host.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'host.pem', '-days', '2', '-sha256', '-extfile', 'host.ext'],
		folder,
	);
	return {
		caCertFile: path.join(folder, 'ca.pem'),
		key: fs.readFileSync(path.join(folder, 'host.key')),
		cert: fs.readFileSync(path.join(folder, 'host.pem')),
	};
}

/**
 * An HTTP proxy for n8n's HTTPS_PROXY that serves graph.facebook.com from the simulator: it accepts
 * `CONNECT graph.facebook.com:443`, terminates TLS with a certificate from its own CA and forwards the
 * decrypted requests to the simulator. Tunnels to any other host are refused, so nothing leaves the machine.
 */
export async function startGraphApiProxy(options: GraphApiProxyOptions): Promise<GraphApiProxy> {
	const folder = options.certificateFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'graph-api-proxy-'));
	const certificates = makeCertificates(folder);
	const secureContext = tls.createSecureContext({ key: certificates.key, cert: certificates.cert });
	const target = new URL(options.targetUrl);
	const upstreamAgent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
	let tunnels = 0;
	let forwarded = 0;
	const refused: string[] = [];

	const forwardPath = (original: string): string =>
		options.apiVersion ? original.replace(/^\/v\d+\.\d+(?=\/|$|\?)/, `/${options.apiVersion}`) : original;

	// Serves the decrypted requests of every tunnel; it never listens itself.
	const decrypted = http.createServer((request, response) => {
		forwarded++;
		const upstream = http.request(
			{
				protocol: target.protocol,
				hostname: target.hostname,
				port: target.port,
				method: request.method,
				path: forwardPath(request.url ?? '/'),
				headers: { ...request.headers, host: target.host },
				agent: upstreamAgent,
			},
			(answer) => {
				response.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(response);
			},
		);
		upstream.on('error', (error) => {
			// The simulator dropped the connection (e.g. an injected timeout): the client sees the same.
			if (!response.headersSent) response.destroy(error);
		});
		request.pipe(upstream);
	});

	const sockets = new Set<Socket>();
	const proxy = http.createServer((_request, response) => {
		response.writeHead(405, { 'content-type': 'text/plain' });
		response.end('only CONNECT graph.facebook.com:443 is served\n');
	});
	proxy.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
	});
	proxy.on('connect', (request: http.IncomingMessage, clientSocket: Socket, head: Buffer) => {
		const authority = request.url ?? '';
		if (authority !== `${GRAPH_API_HOST}:443`) {
			refused.push(authority);
			clientSocket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
			return;
		}
		tunnels++;
		clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
		if (head.length > 0) clientSocket.unshift(head);
		const secure = new tls.TLSSocket(clientSocket, { isServer: true, secureContext });
		secure.on('error', () => clientSocket.destroy());
		decrypted.emit('connection', secure);
	});
	await new Promise<void>((resolve, reject) => {
		proxy.once('error', reject);
		proxy.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = proxy.address() as AddressInfo;
	const url = `http://127.0.0.1:${port}`;
	return {
		url,
		caCertFile: certificates.caCertFile,
		n8nEnv: {
			HTTPS_PROXY: url,
			https_proxy: url,
			NO_PROXY: '127.0.0.1,localhost,::1',
			no_proxy: '127.0.0.1,localhost,::1',
			NODE_EXTRA_CA_CERTS: certificates.caCertFile,
		},
		get tunnels() {
			return tunnels;
		},
		get forwarded() {
			return forwarded;
		},
		refused,
		close: async () => {
			for (const socket of sockets) socket.destroy();
			upstreamAgent.destroy();
			await new Promise<void>((resolve) => proxy.close(() => resolve()));
			if (!options.certificateFolder) fs.rmSync(folder, { recursive: true, force: true });
		},
	};
}
