import * as path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The project's shared material sits beside the checkout (`../shared`), on developer machines and in CI. */
export const SHARED_DIR = process.env.WHATSAPP_SHARED_DIR ?? path.resolve(REPO_ROOT, '..', 'shared');
export const API_DIR = path.join(SHARED_DIR, 'whatsapp-cloud-api');
export const WEBHOOK_SAMPLES_DIR = path.join(API_DIR, 'webhooks');
export const REQUEST_SAMPLES_DIR = path.join(API_DIR, 'requests');
export const OPENAPI_SPEC = path.join(API_DIR, 'openapi', 'business-messaging-api_v23.0.yaml');
