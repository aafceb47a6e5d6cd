import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Statements } from '../database/statements.js';

/** Users' SQL, by name (snapshotted in test/contract/sql-statements.spec.ts); auth signs out through it too. */
export const USERS_SQL = {
  /** Whether user $1 has a PIN (the hash itself is never selected). */
  hasPin: 'SELECT pin_hash IS NOT NULL AS has FROM users WHERE id = $1',
  /** The users who have a PIN. */
  pinOwners: 'SELECT id FROM users WHERE pin_hash IS NOT NULL',
  /** Ends every session of user $1: the tokens it holds name an older token version. */
  endSessions: 'UPDATE users SET token_version = token_version + 1 WHERE id = $1',
} as const satisfies Statements;

/** What users (and sign-out) read and write besides the entities; transactions stay the callers'. */
@Injectable()
export class UsersRepository {
  static readonly statements = USERS_SQL;

  async hasPin(m: EntityManager, userId: string): Promise<boolean> {
    const rows: { has: boolean }[] = await m.query(USERS_SQL.hasPin, [userId]);
    return rows[0]?.has === true;
  }

  async pinOwners(m: EntityManager): Promise<Set<string>> {
    const rows: { id: string }[] = await m.query(USERS_SQL.pinOwners);
    return new Set(rows.map((r) => r.id));
  }

  async endSessions(m: EntityManager, userId: string): Promise<void> {
    await m.query(USERS_SQL.endSessions, [userId]);
  }
}
