// The whole table, in category order.
import { ai } from './rows-ai.ts';
import { comms } from './rows-comms.ts';
import { payments } from './rows-payments.ts';
import { infra } from './rows-infra.ts';
import { observability } from './rows-observability.ts';
import { saas } from './rows-saas.ts';
import type { Row } from './row.ts';

export const rows: Row[] = [...ai, ...comms, ...payments, ...infra, ...observability, ...saas];
