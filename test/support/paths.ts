import * as path from 'path';
import { SHARED_DIR } from '../../simulator/checkoutPaths';

export { REPO_ROOT, SHARED_DIR } from '../../simulator/checkoutPaths';
export const API_DIR = path.join(SHARED_DIR, 'whatsapp-cloud-api');
export const WEBHOOK_SAMPLES_DIR = path.join(API_DIR, 'webhooks');
export const REQUEST_SAMPLES_DIR = path.join(API_DIR, 'requests');
export const OPENAPI_SPEC = path.join(API_DIR, 'openapi', 'business-messaging-api_v23.0.yaml');
