import { describe, expect, it } from '@jest/globals';
import { parseArchiveArgs } from './archive-command.js';

describe('the command line of npm run archive', () => {
  it('reads an archival: the plan by default, --dry-run, or --confirm with an export directory', () => {
    expect(parseArchiveArgs(['--before', '2023-05-01', '--kind', 'sterilization'])).toEqual({
      verb: 'archive',
      options: { kind: 'sterilization', before: '2023-05-01', out: undefined, mode: 'plan', keepBlocked: false, by: undefined },
    });
    expect(parseArchiveArgs(['--kind', 'cleaning', '--before', '2025-11-01', '--dry-run'])).toMatchObject({ options: { mode: 'dry-run' } });
    expect(
      parseArchiveArgs([
        '--kind',
        'cleaning',
        '--before',
        '2025-11-01',
        '--out',
        '/archive/x',
        '--confirm',
        '--keep-blocked',
        '--by',
        '王护士长',
      ]),
    ).toMatchObject({ options: { mode: 'confirm', out: '/archive/x', keepBlocked: true, by: '王护士长' } });
    expect(parseArchiveArgs(['--verify', '/archive/x'])).toEqual({ verb: 'verify', dir: '/archive/x' });
  });

  it('refuses what it cannot read, saying why', () => {
    const problem = (argv: string[]) => {
      const c = parseArchiveArgs(argv);
      return c.verb === 'usage' ? c.problem : null;
    };
    expect(problem(['--before', '2023-05-01'])).toBe('--kind must be cleaning or sterilization');
    expect(problem(['--kind', 'laundry', '--before', '2023-05-01'])).toBe('--kind must be cleaning or sterilization');
    expect(problem(['--kind', 'cleaning'])).toBe('--before is required');
    expect(problem(['--kind', 'cleaning', '--before', '--confirm'])).toBe('--before needs a value');
    expect(problem(['--kind', 'cleaning', '--before', '2025-11-01', '--confirm'])).toBe('--confirm needs --out <dir> for the export');
    expect(problem(['--kind', 'cleaning', '--before', '2025-11-01', '--dry-run', '--confirm', '--out', 'x'])).toBe(
      '--dry-run and --confirm exclude each other',
    );
    expect(problem(['--kind', 'cleaning', '--before', '2025-11-01', '--force'])).toBe('unknown argument --force');
    expect(problem(['--verify', 'x', '--confirm'])).toBe('--verify takes only the export directory');
  });
});
