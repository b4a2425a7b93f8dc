// The whole table, in category order.
import { ai } from './rows-ai.ts';
import { comms } from './rows-comms.ts';
import type { Row } from './row.ts';

export const rows: Row[] = [...ai, ...comms];
