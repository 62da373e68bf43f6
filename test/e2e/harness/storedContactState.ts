import * as fs from 'fs';
import * as path from 'path';
import { DatabaseSync } from 'node:sqlite';
import type { Redis } from 'ioredis';
import type { Client } from 'pg';

// What the package's stores hold about a contact, read straight from the databases, whatever their schema:
// every row (or key) that mentions a text anywhere.

/** Where the package keeps contact state on one n8n: its own SQLite file in n8n's user folder. */
export function contactStateFile(userFolder: string): string {
	return path.join(userFolder, '.n8n', 'whatsapp-cloud', 'contact-state.sqlite');
}

function mentions(row: unknown, text: string): boolean {
	return JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)).includes(text);
}

/** Rows of the store's SQLite file that mention `text`, by table; read through SQLite, so rows still in the write-ahead log count. */
export function sqliteRowsMentioning(file: string, text: string): Record<string, unknown[]> {
	if (!fs.existsSync(file)) throw new Error(`${file} does not exist`);
	const database = new DatabaseSync(file, { readOnly: true });
	try {
		const tables = database.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as Array<{ name: string }>;
		const found: Record<string, unknown[]> = {};
		for (const { name } of tables) {
			const matching = database.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).all().filter((row) => mentions(row, text));
			if (matching.length > 0) found[name] = matching;
		}
		return found;
	} finally {
		database.close();
	}
}

/** Rows of every table in a PostgreSQL schema that mention `text`, by table. */
export async function postgresRowsMentioning(client: Client, schema: string, text: string): Promise<Record<string, unknown[]>> {
	const tables = await client.query<{ table_name: string }>(
		"SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'",
		[schema],
	);
	const found: Record<string, unknown[]> = {};
	for (const { table_name: table } of tables.rows) {
		const rows = await client.query(`SELECT * FROM ${client.escapeIdentifier(schema)}.${client.escapeIdentifier(table)}`);
		const matching = rows.rows.filter((row) => mentions(row, text));
		if (matching.length > 0) found[table] = matching;
	}
	return found;
}

/** The Redis keys matching `pattern` whose name or hash fields mention `text`. */
export async function redisKeysMentioning(client: Redis, pattern: string, text: string): Promise<string[]> {
	const found: string[] = [];
	for (const key of await client.keys(pattern)) {
		if (key.includes(text)) {
			found.push(key);
			continue;
		}
		if ((await client.type(key)) === 'hash' && mentions(await client.hgetall(key), text)) found.push(key);
	}
	return found;
}
