import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13 §3: a user's tokens carry the user's token version; a password reset, a deactivation
 * or a sign-out raises it, and every token issued before stops working.
 */
export class UserTokenVersion1795760800001 implements MigrationInterface {
  name = 'UserTokenVersion1795760800001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" ADD "token_version" integer NOT NULL DEFAULT 0`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "token_version"`);
  }
}
