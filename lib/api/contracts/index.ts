import type { z } from 'zod';
import type { RouteOptions } from '@/lib/api/route';
import * as auth from '@/lib/api/contracts/auth';
import * as strategy from '@/lib/api/contracts/strategy';
import * as system from '@/lib/api/contracts/system';

export type Contract = RouteOptions<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined>;

/** Every documented endpoint. A route whose contract is missing here fails the OpenAPI test. */
export const CONTRACTS: Contract[] = [system.getHealth, system.getOpenApi, ...Object.values(auth), strategy.planVideoStrategy, strategy.getStrategyCatalog] as Contract[];
