// `keyshift approve <fingerprint...>`: approve revocations held by policy; recorded in the ledger and audit log.
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import { loadSettings } from '../../issuers/settings.ts';
import { FileLedger } from '../../audit/file-ledger.ts';
import { AuditLog } from '../../audit/log.ts';

export function register(program: Command): void {
  program
    .command('approve')
    .argument('[fingerprints...]', 'fingerprints (or unique prefixes of at least 8 chars) of held revocations')
    .option('-c, --config <file>', 'config file (default: .keyshift.yml in the current directory)')
    .option('--by <name>', 'who approves (recorded)', process.env.USER ?? 'cli')
    .option('--list', 'list held revocations')
    .description('approve revocations held for a human; the next `scan --revoke --apply` carries them out')
    .action(async (fps: string[], o: { config?: string; by: string; list?: boolean }) => {
      const settings = loadSettings('.', o.config);
      const ledger = new FileLedger(settings.ledgerPath);
      const entries = ledger.entries();
      const held = new Map<string, { issuer?: string; redacted?: string }>();
      for (const e of entries) {
        if (e.state === 'held') held.set(e.fingerprint, e);
        if (e.state === 'approved' || e.state === 'intent' || e.state === 'done') held.delete(e.fingerprint);
      }
      if (o.list || fps.length === 0) {
        for (const [fp, e] of held) process.stdout.write(`${fp} ${e.issuer ?? ''} ${e.redacted ?? ''}\n`);
        return;
      }
      const audit = new AuditLog(settings.auditPath);
      for (const want of fps) {
        if (!/^[0-9a-f]{8,64}$/.test(want)) throw new UsageError(`not a fingerprint: ${want}`);
        const known = [...new Set(entries.map((e) => e.fingerprint))].filter((fp) => fp.startsWith(want));
        if (known.length > 1) throw new UsageError(`ambiguous fingerprint prefix: ${want}`);
        const fp = known[0] ?? (want.length === 64 ? want : undefined);
        if (!fp) throw new UsageError(`no held revocation for ${want} (give the full fingerprint to approve ahead)`);
        await ledger.approve(fp, o.by);
        audit.append({ kind: 'approve', fingerprint: fp, redacted: held.get(fp)?.redacted, issuer: held.get(fp)?.issuer, by: o.by });
        process.stdout.write(`approved ${fp}\n`);
      }
    });
}
