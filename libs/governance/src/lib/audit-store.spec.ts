import { compareSnapshots, type AuditedColumnSnapshot } from './audit-store';

const column = (table: string, name: string, type: string, pii = false): AuditedColumnSnapshot => ({
  table,
  column: name,
  type,
  pii,
});

describe('compareSnapshots', () => {
  it('lists columns that appeared, changed type or disappeared', () => {
    const before = [
      column('public.users', 'email', 'text', true),
      column('public.users', 'phone_verified', 'boolean'),
      column('public.users', 'fax', 'text', true),
    ];
    const after = [
      column('public.users', 'email', 'text', true),
      column('public.users', 'phone_verified', 'text'),
      column('public.users', 'backup_email', 'text', true),
    ];
    expect(compareSnapshots(before, after)).toEqual({
      added: [column('public.users', 'backup_email', 'text', true)],
      typeChanged: [
        { ...column('public.users', 'phone_verified', 'text'), previousType: 'boolean' },
      ],
      removed: [column('public.users', 'fax', 'text', true)],
    });
  });

  it('finds nothing when nothing changed', () => {
    const same = [column('public.t', 'a', 'int')];
    expect(compareSnapshots(same, same)).toEqual({ added: [], typeChanged: [], removed: [] });
  });
});
