import type { ArchiveOptions, ArchiveOutcome, VerifyArchiveOutcome } from './archive.js';
import { blockReason, EXIT, KIND_NAMES, refusal, tableName, type Said } from './archive.messages.js';
import { ARCHIVE_KINDS, type ArchiveKind } from './retention.js';

/** The command line of `npm run archive`, read: an archival, a check of an export, or what is wrong with it. */
export type ArchiveCommand =
  { verb: 'archive'; options: ArchiveOptions } | { verb: 'verify'; dir: string } | { verb: 'usage'; problem: string };

export function parseArchiveArgs(argv: readonly string[]): ArchiveCommand {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (['--dry-run', '--confirm', '--keep-blocked'].includes(a)) flags.add(a);
    else if (['--before', '--kind', '--out', '--by', '--verify'].includes(a)) {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith('--')) return { verb: 'usage', problem: `${a} needs a value` };
      values.set(a, v);
      i++;
    } else return { verb: 'usage', problem: `unknown argument ${a}` };
  }
  if (values.has('--verify')) {
    if (values.size > 1 || flags.size > 0) return { verb: 'usage', problem: '--verify takes only the export directory' };
    return { verb: 'verify', dir: values.get('--verify')! };
  }
  const kind = values.get('--kind');
  if (!kind || !ARCHIVE_KINDS.includes(kind as ArchiveKind)) return { verb: 'usage', problem: '--kind must be cleaning or sterilization' };
  const before = values.get('--before');
  if (!before) return { verb: 'usage', problem: '--before is required' };
  if (flags.has('--dry-run') && flags.has('--confirm')) return { verb: 'usage', problem: '--dry-run and --confirm exclude each other' };
  const out = values.get('--out');
  if (flags.has('--confirm') && !out) return { verb: 'usage', problem: '--confirm needs --out <dir> for the export' };
  return {
    verb: 'archive',
    options: {
      kind: kind as ArchiveKind,
      before,
      out,
      mode: flags.has('--dry-run') ? 'dry-run' : flags.has('--confirm') ? 'confirm' : 'plan',
      keepBlocked: flags.has('--keep-blocked'),
      by: values.get('--by'),
    },
  };
}

const both = (s: Said) => [s.zh, s.en];
/** At most this many kept records are named (all are counted). */
const NAMED_BLOCKED = 50;

/** What the command prints for an outcome (zh-CN first, then English). */
export function describeOutcome(o: ArchiveOutcome, opts: ArchiveOptions, timezone: string): string[] {
  const lines: string[] = [];
  // Refused before anything was planned: the reason only.
  if (!o.cutOffAt) return o.message ? both(o.message) : [];
  const kind = KIND_NAMES[opts.kind];
  lines.push(
    `${kind.zh}：早于 ${opts.before}（${timezone}，${o.cutOffAt?.toISOString() ?? ''} 之前）`,
    `${kind.en} before ${opts.before} (${timezone}; before ${o.cutOffAt?.toISOString() ?? ''})`,
  );
  const tables = Object.entries(o.rows);
  if (tables.length === 0) lines.push('  无可归档的记录 / nothing to archive');
  for (const [table, n] of tables) {
    const name = tableName(table);
    lines.push(`  ${String(n).padStart(9)}  ${table}  ${name.zh} / ${name.en}`);
  }
  if (o.blocked.length > 0) {
    lines.push(`保留（仍被需要）${o.blocked.length} 条 / kept (still needed): ${o.blocked.length}`);
    for (const b of o.blocked.slice(0, NAMED_BLOCKED)) {
      const why = blockReason(b.reason, b.subject, b.subjectState);
      lines.push(`  ${tableName(b.table).en} ${b.label ?? b.key}: ${why.zh} / ${why.en}`);
    }
    if (o.blocked.length > NAMED_BLOCKED)
      lines.push(`  … ${o.blocked.length - NAMED_BLOCKED} more / 另有 ${o.blocked.length - NAMED_BLOCKED} 条`);
  }
  if (o.message) lines.push(...both(o.message));
  for (const p of o.problems?.slice(0, 20) ?? []) lines.push(`  ${p}`);
  if (o.status === 'planned')
    lines.push(
      opts.mode === 'dry-run'
        ? '试运行：未导出、未删除任何记录'
        : '仅列出计划，未删除任何记录。确认无误后加 --confirm --out <目录> 导出并删除',
      opts.mode === 'dry-run'
        ? 'Dry run: nothing was exported or removed'
        : 'This is the plan only; nothing was removed. Add --confirm --out <dir> to export these rows and remove them',
    );
  if (o.status === 'nothing') lines.push('未删除任何记录 / nothing was removed');
  if (o.status === 'archived')
    lines.push(
      `已导出到 ${o.outDir}（清单 SHA-256 ${o.manifestSha256}），并已删除；归档编号 ${o.runId}`,
      `Exported to ${o.outDir} (manifest SHA-256 ${o.manifestSha256}) and removed; archival ${o.runId}`,
      '请运行 npm run audit:verify 复核防篡改记录 / run npm run audit:verify to check the tamper-evident record',
    );
  return lines;
}

export function describeVerify(o: VerifyArchiveOutcome, dir: string): string[] {
  const lines = o.message ? both(o.message) : [];
  for (const f of o.files) lines.push(`  ${String(f.rows).padStart(9)}  ${f.table}`);
  for (const p of o.problems.slice(0, 20)) lines.push(`  ${p}`);
  lines.push(
    o.ok
      ? `${dir}：导出与防篡改记录一致（归档 ${o.runId}） / the export matches the tamper-evident record (archival ${o.runId})`
      : `${dir}：导出与记录不一致 / the export does not match the record`,
  );
  return lines;
}

export const usage = (problem: string) => ({ lines: both(refusal('ARCHIVE_USAGE', { problem })), exitCode: EXIT.refused });
