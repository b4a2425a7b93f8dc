// `.keyshift.yml`: everything the CLI and the CI gate can be told, validated with zod.
import { z } from 'zod';


export const ConfigSchema = z
  .object({
    /** gitignore-style patterns of paths never scanned. */
    exclude: z.array(z.string().min(1)).default([]),
    /** Honour .gitignore files in tree scans. */
    gitignore: z.boolean().default(false),
    /** Baseline file (relative to the config's directory). */
    baseline: z.string().min(1).optional(),
    detectors: z
      .object({
        disable: z.array(z.string().min(1)).default([]),
        /** Custom detectors in the detectors/<id>/rule.yml shape; patterns compile with RE2 only. */
        rules: z.array(z.record(z.string(), z.unknown())).default([]),
      })
      .strict()
      .default({ disable: [], rules: [] }),
    /** Unknown-format literals under credential-like keys in agent configs. */
    literals: z
      .object({ minLength: z.number().int().min(8).max(256).default(16), minEntropy: z.number().min(0).max(8).default(3.5) })
      .strict()
      .default({ minLength: 16, minEntropy: 3.5 }),
    maxFileBytes: z.number().int().positive().optional(),
    archive: z
      .object({
        maxEntryBytes: z.number().int().positive().optional(),
        maxTotalBytes: z.number().int().positive().optional(),
        maxRatio: z.number().positive().optional(),
        maxEntries: z.number().int().positive().optional(),
      })
      .strict()
      .default({}),
    policy: z
      .object({
        /** Cedar policy for revoke/hold/open-pr/fail-ci: inline text or a .cedar path (read by src/issuers/settings.ts). */
        cedar: z.string().min(1).optional(),
      })
      .strict()
      .default({}),
    /** Issuer URLs and settings, revocation mode: validated by src/issuers/settings.ts. */
    issuers: z.record(z.string(), z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))).optional(),
    revocation: z.record(z.string(), z.unknown()).optional(),
    /** GitHub App and queue settings: validated by src/pipeline/config.ts. */
    pipeline: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export type KeyshiftConfig = z.infer<typeof ConfigSchema>;
