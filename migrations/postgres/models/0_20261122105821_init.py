from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "idempotency_record" (
    "id" UUID NOT NULL PRIMARY KEY,
    "actor_key" VARCHAR(64) NOT NULL,
    "operation" VARCHAR(64) NOT NULL,
    "key" VARCHAR(200) NOT NULL,
    "result" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "uid_idempotency_actor_k_69263b" UNIQUE ("actor_key", "operation", "key")
);
CREATE INDEX IF NOT EXISTS "idx_idempotency_expires_d7c672" ON "idempotency_record" ("expires_at");
COMMENT ON TABLE "idempotency_record" IS 'The first result of a create retried with the same key by the same caller.';
CREATE TABLE IF NOT EXISTS "organization" (
    "id" UUID NOT NULL PRIMARY KEY,
    "kind" VARCHAR(16) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "company" VARCHAR(200) NOT NULL,
    "contact_email" VARCHAR(254) NOT NULL,
    "contact_phone" VARCHAR(40) NOT NULL,
    "address_line1" VARCHAR(200) NOT NULL,
    "address_line2" VARCHAR(200) NOT NULL,
    "city" VARCHAR(100) NOT NULL,
    "postal_code" VARCHAR(20) NOT NULL,
    "country" VARCHAR(2) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "status_before_delete" VARCHAR(16),
    "path" VARCHAR(512) NOT NULL UNIQUE,
    "depth" SMALLINT NOT NULL,
    "plan_id" UUID,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "activated_at" TIMESTAMPTZ,
    "suspended_at" TIMESTAMPTZ,
    "suspension_reason" VARCHAR(500),
    "deleted_at" TIMESTAMPTZ,
    "purge_after" TIMESTAMPTZ,
    "owner_id" UUID REFERENCES "organization" ("id") ON DELETE RESTRICT
);
CREATE INDEX IF NOT EXISTS "idx_organizatio_kind_b49f5c" ON "organization" ("kind");
CREATE INDEX IF NOT EXISTS "idx_organizatio_status_48b2e5" ON "organization" ("status");
CREATE INDEX IF NOT EXISTS "idx_organizatio_plan_id_47a8b5" ON "organization" ("plan_id");
CREATE INDEX IF NOT EXISTS "idx_organizatio_created_b87ef1" ON "organization" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_organizatio_purge_a_07d59d" ON "organization" ("purge_after");
CREATE INDEX IF NOT EXISTS "idx_organizatio_owner_i_674354" ON "organization" ("owner_id", "kind");
COMMENT ON COLUMN "organization"."kind" IS 'MASTER: MASTER\nRESELLER: RESELLER\nCUSTOMER: CUSTOMER';
COMMENT ON COLUMN "organization"."status" IS 'PENDING: PENDING\nACTIVE: ACTIVE\nSUSPENDED: SUSPENDED\nDELETED: DELETED';
COMMENT ON COLUMN "organization"."status_before_delete" IS 'PENDING: PENDING\nACTIVE: ACTIVE\nSUSPENDED: SUSPENDED\nDELETED: DELETED';
COMMENT ON TABLE "organization" IS 'A node of the hierarchy. `path` is the materialized ancestry used for subtree queries.';
CREATE TABLE IF NOT EXISTS "department" (
    "id" UUID NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL,
    "description" TEXT NOT NULL,
    "primary_color" VARCHAR(7),
    "logo_url" VARCHAR(2000),
    "footer" TEXT NOT NULL,
    "language" VARCHAR(16),
    "timezone" VARCHAR(64),
    "allowed_ip_ranges" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "organization_id" UUID NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_department_organiz_d78c86" UNIQUE ("organization_id", "name")
);
COMMENT ON TABLE "department" IS 'A group of users inside a customer, with its own branding, settings and IP ranges.';
CREATE TABLE IF NOT EXISTS "outbox_email" (
    "id" UUID NOT NULL PRIMARY KEY,
    "kind" VARCHAR(64) NOT NULL,
    "to_address" VARCHAR(254) NOT NULL,
    "subject" VARCHAR(300) NOT NULL,
    "body" TEXT NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "attempts" INT NOT NULL,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ NOT NULL,
    "next_attempt_at" TIMESTAMPTZ,
    "sent_at" TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS "idx_outbox_emai_status_97759f" ON "outbox_email" ("status", "next_attempt_at");
COMMENT ON COLUMN "outbox_email"."status" IS 'PENDING: PENDING\nSENT: SENT\nFAILED: FAILED';
COMMENT ON TABLE "outbox_email" IS 'An email written in the business transaction and sent later by an actor.';
CREATE TABLE IF NOT EXISTS "plan" (
    "id" UUID NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL,
    "is_custom" BOOL NOT NULL,
    "website_quota" INT,
    "database_quota" INT,
    "mailbox_quota" INT,
    "ftp_account_quota" INT,
    "dns_zone_quota" INT,
    "backup_quota" INT,
    "disk_quota_mb" INT,
    "enabled_kinds" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "owner_id" UUID NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "plan" IS 'Quotas per service kind (None = unlimited) and the kinds a plan enables.';
CREATE TABLE IF NOT EXISTS "security_policy" (
    "id" UUID NOT NULL PRIMARY KEY,
    "min_password_length" INT,
    "require_uppercase" BOOL,
    "require_lowercase" BOOL,
    "require_digit" BOOL,
    "require_symbol" BOOL,
    "password_expiry_days" INT,
    "expiry_warning_days" INT,
    "max_failed_logins" INT,
    "lockout_minutes" INT,
    "allowed_ip_ranges" JSONB,
    "session_lifetime_minutes" INT,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "organization_id" UUID NOT NULL UNIQUE REFERENCES "organization" ("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "service" (
    "id" UUID NOT NULL PRIMARY KEY,
    "kind" VARCHAR(16) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "settings" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "organization_id" UUID NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_service_organiz_8f4fb9" ON "service" ("organization_id", "kind");
COMMENT ON COLUMN "service"."kind" IS 'WEBSITE: WEBSITE\nDATABASE: DATABASE\nMAILBOX: MAILBOX\nFTP_ACCOUNT: FTP_ACCOUNT\nDNS_ZONE: DNS_ZONE\nBACKUP: BACKUP';
COMMENT ON COLUMN "service"."status" IS 'ACTIVE: ACTIVE\nDISABLED: DISABLED';
COMMENT ON TABLE "service" IS 'One resource of a customer (a website, a mailbox, ...): settings only, never data.';
CREATE TABLE IF NOT EXISTS "user" (
    "id" UUID NOT NULL PRIMARY KEY,
    "email" VARCHAR(254) NOT NULL,
    "first_name" VARCHAR(100) NOT NULL,
    "last_name" VARCHAR(100) NOT NULL,
    "password_hash" VARCHAR(200) NOT NULL,
    "language" VARCHAR(16) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "password_changed_at" TIMESTAMPTZ NOT NULL,
    "failed_login_count" INT NOT NULL,
    "locked_until" TIMESTAMPTZ,
    "last_login_at" TIMESTAMPTZ,
    "last_login_ip" VARCHAR(45),
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "department_id" UUID REFERENCES "department" ("id") ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS "idx_user_created_b19d59" ON "user" ("created_at");
COMMENT ON COLUMN "user"."status" IS 'ACTIVE: ACTIVE\nDISABLED: DISABLED';
COMMENT ON TABLE "user" IS 'A login. `email` is stored lower-cased; a unique index on lower(email) backs that up.';
CREATE TABLE IF NOT EXISTS "api_key" (
    "id" UUID NOT NULL PRIMARY KEY,
    "name" VARCHAR(200) NOT NULL,
    "role" VARCHAR(16) NOT NULL,
    "access_rights" JSONB NOT NULL,
    "prefix" VARCHAR(16) NOT NULL,
    "secret_hash" VARCHAR(64) NOT NULL UNIQUE,
    "created_at" TIMESTAMPTZ NOT NULL,
    "expires_at" TIMESTAMPTZ,
    "revoked_at" TIMESTAMPTZ,
    "last_used_at" TIMESTAMPTZ,
    "created_by_id" UUID REFERENCES "user" ("id") ON DELETE SET NULL,
    "organization_id" UUID NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_api_key_prefix_d038d0" ON "api_key" ("prefix");
COMMENT ON COLUMN "api_key"."role" IS 'OWNER: OWNER\nADMIN: ADMIN\nMEMBER: MEMBER';
COMMENT ON TABLE "api_key" IS 'A partner integration''s credential, bound to one organization and one role.';
CREATE TABLE IF NOT EXISTS "audit_event" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "action" VARCHAR(64) NOT NULL,
    "actor_email" VARCHAR(254) NOT NULL,
    "impersonator_email" VARCHAR(254),
    "organization_path" VARCHAR(512) NOT NULL,
    "target_type" VARCHAR(32) NOT NULL,
    "target_id" UUID,
    "target_name" VARCHAR(254) NOT NULL,
    "summary" JSONB NOT NULL,
    "ip" VARCHAR(45),
    "actor_id" UUID REFERENCES "user" ("id") ON DELETE SET NULL,
    "api_key_id" UUID REFERENCES "api_key" ("id") ON DELETE SET NULL,
    "impersonator_id" UUID REFERENCES "user" ("id") ON DELETE SET NULL,
    "organization_id" UUID REFERENCES "organization" ("id") ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS "idx_audit_event_created_a87696" ON "audit_event" ("created_at");
CREATE INDEX IF NOT EXISTS "idx_audit_event_action_3fd1cc" ON "audit_event" ("action");
CREATE TABLE IF NOT EXISTS "deletion_job" (
    "id" UUID NOT NULL PRIMARY KEY,
    "organization_id" UUID NOT NULL,
    "organization_name" VARCHAR(200) NOT NULL,
    "organization_path" VARCHAR(512) NOT NULL,
    "reassign_customers_to" UUID,
    "status" VARCHAR(16) NOT NULL,
    "phase" VARCHAR(32) NOT NULL,
    "done" INT NOT NULL,
    "total" INT NOT NULL,
    "attempts" INT NOT NULL,
    "error" TEXT,
    "created_at" TIMESTAMPTZ NOT NULL,
    "started_at" TIMESTAMPTZ,
    "finished_at" TIMESTAMPTZ,
    "heartbeat_at" TIMESTAMPTZ,
    "requested_by_id" UUID REFERENCES "user" ("id") ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS "idx_deletion_jo_organiz_ebf088" ON "deletion_job" ("organization_id");
CREATE INDEX IF NOT EXISTS "idx_deletion_jo_status_50b7e8" ON "deletion_job" ("status", "heartbeat_at");
COMMENT ON COLUMN "deletion_job"."status" IS 'QUEUED: QUEUED\nRUNNING: RUNNING\nDONE: DONE\nFAILED: FAILED';
COMMENT ON TABLE "deletion_job" IS 'A purge of one organization''s tree. The row is the truth; the queue message a nudge.';
CREATE TABLE IF NOT EXISTS "membership" (
    "id" UUID NOT NULL PRIMARY KEY,
    "role" VARCHAR(16) NOT NULL,
    "access_rights" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "organization_id" UUID NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE,
    "user_id" UUID NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_membership_user_id_cb5f8f" UNIQUE ("user_id", "organization_id")
);
CREATE INDEX IF NOT EXISTS "idx_membership_organiz_535a68" ON "membership" ("organization_id", "role");
COMMENT ON COLUMN "membership"."role" IS 'OWNER: OWNER\nADMIN: ADMIN\nMEMBER: MEMBER';
COMMENT ON TABLE "membership" IS 'Ties a user to one organization with a role and the access rights frontends use.';
CREATE TABLE IF NOT EXISTS "note" (
    "id" UUID NOT NULL PRIMARY KEY,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "author_id" UUID REFERENCES "user" ("id") ON DELETE SET NULL,
    "author_organization_id" UUID NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE,
    "organization_id" UUID NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_note_organiz_0edd09" ON "note" ("organization_id", "created_at");
COMMENT ON TABLE "note" IS 'A private note about an organization, visible to its author''s organization chain.';
CREATE TABLE IF NOT EXISTS "password_reset_token" (
    "id" UUID NOT NULL PRIMARY KEY,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "created_at" TIMESTAMPTZ NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "used_at" TIMESTAMPTZ,
    "created_by_id" UUID REFERENCES "user" ("id") ON DELETE SET NULL,
    "user_id" UUID NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_password_re_expires_246802" ON "password_reset_token" ("expires_at");
COMMENT ON TABLE "password_reset_token" IS 'A single-use password reset link''s token, stored as a keyed hash.';
CREATE TABLE IF NOT EXISTS "session_token" (
    "id" UUID NOT NULL PRIMARY KEY,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "impersonation_reason" VARCHAR(500),
    "purpose" VARCHAR(16) NOT NULL,
    "ip" VARCHAR(45),
    "created_at" TIMESTAMPTZ NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "revoked_at" TIMESTAMPTZ,
    "impersonator_id" UUID REFERENCES "user" ("id") ON DELETE CASCADE,
    "membership_id" UUID NOT NULL REFERENCES "membership" ("id") ON DELETE CASCADE,
    "user_id" UUID NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_session_tok_expires_6438b6" ON "session_token" ("expires_at");
COMMENT ON COLUMN "session_token"."purpose" IS 'FULL: FULL\nCHANGE_PASSWORD: CHANGE_PASSWORD';
COMMENT ON TABLE "session_token" IS 'A bearer token from `login` or `impersonate`; only its keyed hash is stored.';
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);
-- Hand-written: constraints Tortoise models cannot declare.
CREATE UNIQUE INDEX IF NOT EXISTS "uniq_organization_single_master" ON "organization" ("kind") WHERE "kind" = 'MASTER';
CREATE UNIQUE INDEX IF NOT EXISTS "uniq_user_email_ci" ON "user" (LOWER("email"));
ALTER TABLE "organization" ADD CONSTRAINT "fk_organization_plan" FOREIGN KEY ("plan_id") REFERENCES "plan" ("id") ON DELETE SET NULL;
CREATE INDEX IF NOT EXISTS "idx_organization_path_prefix" ON "organization" ("path" varchar_pattern_ops);
CREATE INDEX IF NOT EXISTS "idx_audit_event_path_prefix" ON "audit_event" ("organization_path" varchar_pattern_ops);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztXftzo7iW/ldUrtrqnipPdvLqnsrsbpWTuOd6OnFyY+dO1x1P0bKRbU2wYJDIYx7/+0"
    "qAbUACg21szNUvCQEdQb4jhM53HvqzMbNNZNGjloM/o7fGBfizQeAM8YPElSZoQMdZnhcn"
    "GBxaflPoYOMpbDSkzIUjxk+PoUURP2UiOnKxw7BNROMWcKDLCHIBJgxNXCguvKNg5CITEY"
    "ah1QRD2yMmYDawCQK2O4EE/+G3A5CfFydd20JH4oamPeJ3xGRSQt8ewb97yGD2BLEpcvkd"
    "fvmVn8bERK+Izv90nowxRpYZQw+bogP/vMHeHP/c42Pn+pPfUjz30BjZljcjy9bOG5vaZN"
    "Hc87B5JGTEtQni/xVkyIwASzzLClUwPxU8MT/BXA8tHtVcnjDRGHqWUE/jf8YeGfn/uH8n"
    "8ePs/8JHizQzjO5d3+i1+4bRkLQpHiGhhPDUyCZiJHA9CKD+/DvodwmIf7YhbnD1j9bD+9"
    "MP3/gQ2JRNXP+iD1fjb18QMhiI+qAvUfZ/SzhfTaGrxnnePoE0f9B1MJ6fWIK8HPJz+OYA"
    "lQBpYwZfDQuRCZvyP0+++y4D43+1HnyYeSsfZ5u/o8G72w0vnQTXBN5LfMWboMa3TbyZj3"
    "GHPxMkIyRhPZetMtaNu5+77YcL4P8akNb1bad7AfxfA3Lbvr0UF4Pfybkmj06OP+RQyfGH"
    "VI2IS3GFwNEIUWq4eDJlVNbMT727rnrkS4IJtZh4xMBfwMKUlaWeyIQz9LDFMKFH4n77mH"
    "MEUKLnGaW/W1HQ39+2viT1cXVzd5mcnEQHlwnlOC4a49ci89FSoqy3RJr2dzYhbX/wU8S/"
    "48yYQjotAnJCbDtIr/6+7gzoD2c5gP5wlgq0uBQHmuMloDAgk3G+5lcYniE11nHJ5BwTih"
    "7ND6rzIcgPPf8HzTtivYUqz4C+37lt9/qt2/vYRHPd6rfFlRP/7Fvi7Pvk+7DoBPzc6f8D"
    "iD/Bv++67eR8tGjX/3dDPBP0mG0Q+8WAZmR0zs/OUYtpHb06mPe2htbjklvQevi4VVH6gS"
    "h5jkmmll30bD+t9W7HJbWWq6xlC1JmeHQtPSdltaarrOn5F3f4ZhTjHCTBDeiHw9HvSrJh"
    "iWyUGyqIrUJ0m+TOwcIr6LLxk5LKiUImQ/3JdhGekM/oTSIdEsCGtOVdorvDhHh5dvmSuf"
    "BlwTeqBho/4AggFlhFrd5V67rdSJkytgD0I0V5DKhqzhAr8ZUmyRi6/ClA9/HmpuEP7CEc"
    "Pb1A1zRSRjj0TMwM9IyIirq5DKU/fX5A1mLYqjFviZ7aoqP6IO9DaJ/YEehioMqXZiez5B"
    "lI4MT/l8S9xZ1kwFQujhicGW6OpQJzuTrSMdGOhQp8jJoZjoXDYkB2yj3VlwCBI/XiI51a"
    "XErUj7/dPq3I0bJdA80gtgqCHBXbnT+pUdaclfDcnedBmrdK99ydS1jjmYNcahO4FuRq6b"
    "WQr9jyYwfQx9bkDmSFnBVK4doN+fPjkxy481apuPvX4rgz6PLlVIBSAcQTYlV2V6+J9mke"
    "sE/TsT5Ng7rYWjQmpMkmJaJFA1oSYrWbKEqZoKk3m0FXQX6kh09ERKoROCFuW5vACewUWp"
    "w49VyMnJ3nGOpn56kjXVxSLbiLzdJRGT1JJ/AM4lyLIhqT0phmGCoFyS1ZVKNbUR9WbdDN"
    "cGH5U6d2qaxwqUQ/MCnelLT5QWO7AlvFjJgD4kj6xoboLpNF6olv/FOeA9r9erUPFOVVTu"
    "08btcyvYnX4kn4s/1kDxsKd2L0cjPLn2iGDY3fwpZ5cqc8bvADeyxlL72jHEuEjkB/KjKY"
    "XgDmJ/ghB5hNf/AP+SDwEJghSvn/BSD/t8yJOomqlJusdnr+ws04yDwfpSmCLhsiyIQn7V"
    "ftDt2rO7Qyy8iKecxKWKQXZQCVwjUksUvJbztkV83OkC/FWeMiSClf+xgjjzJ7xlet/MNQ"
    "ZF5J7UAbqQm2e/FJXSeLcym9Q9/CPx/bj+3rgp/IUOoCBL8H5OGx2+10f7wA4cGAXN912x"
    "dA/ByQT63OjWgd/E4ugvK8F9tPcHOmkBaa/BcCtXP8bN9nafLFrIxthzA1tPPmCWRxrpjL"
    "tZD9rixgJ+IJvj05Pvt49v3ph7PveRP/KRdnPmZg3en2k65Km0FFNEkqkov2GsoklJAxNH"
    "NU4cCpaEZFNKBJQJHrqmjCPnpNgXMhUAd/YlYsZvtLP9tvuwjFvLnr/jhvnnTm6jxhHSbL"
    "l4TuelqPS+q8wirnFY4xwXS6lpoTolrPVdZzjGctqOikrNZ0lTXtIg4pXStXWCGqaZbMWI"
    "AoYltw/NXbba0YXhVz+ImygrOU9MHI1Wa2uy/WLoezb+LaniP8cB5XPwWYUGwKn9qc8myC"
    "F8ymADMK7BcChi4kJtdHE1DEGD+gfknDzj3gFyaIqlx9ZdxC4ej7ReUH8nH8VSc+VsnTpy"
    "sqlutxij6ZBHM6TZEQqwHdu2uuwnGxiOAXmKoYoqwafQnBOjBF8ZGexbHNof+YOso/Jse4"
    "ZU9sw3MLZRxGZeoHMJ8Ics4lmZOJNJuMbZuhQnznUkLPIYXnEIuvcTy+RCw0sCMy9RvY2/"
    "eBCp7gD6WrLiMLLiJTP4xLSMS3LPuFW1vYMYJluwx2RiVhlXA1kuJqVU1YO1fS34/6Olc8"
    "x1xT63FJrfWqaF3BzYZPf5jxtYfPzepSg2VkZSxKDeapheezjTL2RYrg1YsSL7X8XcdEM4"
    "fbfWT09oBGthsnVlMbNbPYbLxsbrjL9itZbZE5MsYuZYC/rxxawT1DECxZ+CmOHjIDzllk"
    "k1D+jOAJvYHh2/LvEV+CIldms7fbtZLFDpIXw2Q520HuYpCKc5rLrhSXHVNWXlsyJlRDVn"
    "v71mTsNcidPBEV0jDngLngOK7vCC5npyv/i1GEB1lKVIP8qFVFIE1+pL8Mh2kGH9gONDm0"
    "XpFE0yopOTUOTbLG9xPIc4tmQ254TrHTUFhAkauZps8s3m61yYMR5YaIsHmV+476Jgn0tx"
    "31o2mENRLs1weC/frA2LUJN7VMKjpRGD4l3EBp/og7zG3/BB2QtH2UET/+npA6mX+/ZpHe"
    "1FNv6qndcHolqlei6StR7ZAptSZBZB2RF9aIiIYz27/lUVVMWFk5BxWFdKU/K7qWXbllln"
    "YZ7t1lSPlSh/ezodewF/TSt59QnZAv1X3YtX11Sfayf76ZZSmTeYs8le1c/CwcdUIGwKHt"
    "MW6rxuzYJnjGFPOuhZErMlL4J3xqu+9o3NodTTkwyrJ2279Dnpp2ircgsjTU1vB+rWGGXh"
    "Ur+/QA6nn7KlvAlQ2g1sZUqipqbEzpmMa6aT1PTGPw6Sy6V0JUSKeY/61CdANuIr0HbVNX"
    "deeE+sCrQ3L3ZV/Ls8ju+KFqTsWrS/1Hv0R5NlGQp1Y9kAuCvQW+qEweJKYMBR+SVFY6L5"
    "IcJXn4EcK7ERHNwnk/xXwUuKPp2xH4KipPf50X4p/xseFiaOE/kAnE0OL9vgmfvgnGtguo"
    "NxT1+0WRfherC4KUcZsBGZCwg6nNkQ46R68A82N+L/SMuHjQDxcXIQrhE8RoF8wossZNgO"
    "Boyu8T5CEOyPANDBr/PeD/C7X5kd8Zm/J/CHh81Lvgy6Ahntt/AHDT+dwGX47847/+Au/+"
    "691XwLsWIRPhOwKCD3l+eueFLIjkJ35FMzp7ZnR8JUg454tvmMtWeDvvxm2r1/dDGPzfA/"
    "LQ7rVvbsSZ+dGAXD32+ne34tz8KPmq7yfUQZeXKTeMeWTPHEgKBYpHRGpQEmInGBPGv9XF"
    "d1WXBOuHdxnb9c5hc6YFy0JIgrXD+yzP8D5LH91n0uCGpumKmDILE3RcBGxJsHZglzKZRG"
    "E7WRfvE4137skbs2Jfx7B97dA9zoXucQa6xzK6YqUOLQ6fWWwbk7hY7bA+yTeQM8ax/E30"
    "CFNtYZ/1NVyI1A/gPPimw5tEt+pbJslme+uq3/lXuyDYjft299rfISk8GJCgnwsQ/B6Q3m"
    "NPXBMbJS0OB+S6fdPui3PhQTVsywB3Y4jGtovmrOFGOpT7qnB1sZpps+hufNvdgG81U7Yz"
    "nqCU7fdM5Kjg7c2gZaVviTUXqs2+Q6cnHz8sthwSf2RVQu3dtm5u5C2HHAsWdRBHREqNca"
    "hIhmoBr/thBYjtdFI4zEghHR/2n6j1XPFhI+aHY6+j96Ss3nimOoqW32/qUQdxGNfaMiwh"
    "qzVdfU2LBBtD7M9crCSUUrjCBte66/lcxNt5BvF2rtpWQlio67xgcUn9elX59XI8d4IMOF"
    "bW/M9Wc0J0J3quiPlxcGqORhTljjmOyOi4+exYYwGVjG3ZsZnVhHZ1jHFkYMWCMR/4OH/o"
    "XPXzZe9CB4uimhtm77Yc/Dmoa3hgdlxq3m48hNjEzEDPiKjKwBTCSfTUfka5iLkDGZhJ/j"
    "LcS29DpOKb99VxVC2rlW0IVbw8Wh2hEonh1AiC0ZHi81sErXlyfG1x0vCkwTOaYst0kcL4"
    "LYJQPZcXkutkw3F0z7uo6ziiyH3Go03ftF7QS51AKpTkE8Vz5LmYvRmObeGRInhmDusdQX"
    "2b/8gDbtDl/aLHmrymRVOjPDa0X9t+YLMqMypyuZmZGOU3XEZI50iMIsBvDV64HhgiABM/"
    "c2joUUxEhVMuTygMclpEZhHlaz1giQQmsfMD5CdFxX9FKtQWO86TR7QMGyLolRmQ33PmMF"
    "0iZo3hvLOEIjXOZScR7ZG83v62Bsw2wlDmIhDHpWoIdCmZFNQb/oZGChdBllNmIVJDlE9z"
    "+WJOM3wxp7IvZmibirVFekWpefta4LvrilJVD9VVhESH4ZkFv4GK8M5eu9u/AOLngHxqdW"
    "5EDGfwO7mY2U8IZ7iEUWgnNcQwKlKbKMOT47OPZ9+ffjhbhBouzmTFG8qhhhakzECuqyrf"
    "kT6/xKXq4FDXZesqo4oDDVDLE5aYNMMKql4hrqMrqux2F/b7OhFqSzGt36rpVwoD2E/loH"
    "tI6Yvtmg+IIhbUnlawZIpWzSyyzAnbG64QMNhCIkc1Icq1bqFvPYrAvBvgdwMsTJ7eUeD3"
    "1gSiII+o8SP2F3pCb/xwCulUVThoCz2upsk0E7ZXJsxXoSH0VYysiUrVLkFr+5yYXm/+J6"
    "439e6HdV2FJLa+WSvTieoY7YPQ73wGHr4VjOCVBHUYr940andR0XrTqDzR0IU2jVq+0bsD"
    "tppv/kpcpckvpeLynsx3EWSmMtjD4LMME33eYqVJ/k/PZtwmdpALwrgvIOIIwPuuqE37v8"
    "AjFp5hjtE3iy18xXVhRYubAETEPRUlfbfZsTbQKzCJNzMMdF1ftdzycZgaI48yeyaDfGnb"
    "FoIkZTxH5RJgD7lgWWgvzux2BF/e3d3EFuyXnaSb7VHsv/z+2AefN8LBTC/7PF/QkPKLxu"
    "9iGpNRT/UkS3JruZMr9jndtkNZzCNDSIujKwtqeGV4RfioCGctiq4kp8GVwR0zx4Ajv6ph"
    "YYCVshpkxQRBqPEHXycWnyAkQQ2vDK8wTzynMLhJMQ2tYuRi+hQgZMyGRQZuUk6DK4Mb2I"
    "Sm4RuKMrg/9e66KZ6KpGCSzMYjBv4CFqalBftFzLyhhy2GCT0S99uHpSeAiq2TpWi1ZGBa"
    "M24Sig50tJr2HuoievXTusLdJKWI7rFUTNW0XKdaMRXFdv1iMXveuS+Rpqug8uVE3nRSX5"
    "FHvJLfT4dac+oVmAKaGZz6DBNjEWoZ0sv57YkUaW1VyFaFi373sIsMz3GQO4JU4cnIJNmV"
    "8uuR7RVDejdU+xw/sa/mJvjH5DX+hfE38QQrVvG5sF/IatwL407fZkNbsaNfLuCXwhr53M"
    "gvPox+BOubYUJVhcDUb2uauP64Kii7ACK+lib8tkWRTpHWQKucfq/GGGLBclr2BKsKXGU4"
    "/hSyGmRFJrQ9erI9ZvDVtaesRZcKsUJSAywDDIPd1Q3sGC4kExXE6Sy/Ungjpr9iaO+a0q"
    "eI+nXxLTz2Sdg1xn1WF/oFkF8AzaenQ11jPj3C0xal1WXR3XJth8GtFyGA1XqRlTKv17gj"
    "Mr4KqlhNxcvDMQcjvyHLHlQaVdLriyKkWbz6stHKeHmubpFebnvuCAF7DCAIAmyRC95DEE"
    "Z/NvnpMJiuCY6Ojr65ABQxxvGlwOYTWBMQ9MwlBPcrR86Xc4s8tSAVyvOLCupKkPt1BaRX"
    "glxda+wQqkI2fm5f9jr99gUIDwaEf5Vbl60ePzU/GpDbVufm8u7LBQgPBuRT/95oXV3dPY"
    "qKZJE/uHy3Z4iPNZcPjwbksnX1+fH+AgS/k+9dnuD+7Rcr05kTkdqT53kyJ87PM2pPnh/a"
    "ntqKQLH1NtVObrp83em1Lv3afPOjagz4+VeqiGEflalG5J64rY7c05F7FbU580TuVdfmrC"
    "7LtkFEV6YlqQO7tmlN7jC+yyc3Uyurxa43s23QgCYtVExtiKDLTTxfBoxdewa++u6br8B2"
    "wVc8c5BLbcJHxdcffJsQYEYjtc8ApmFVNFVdte12rqPNKjA9NTNMTF1iTbH63X6JteV7s9"
    "5mxWnydSivvIP9ih3P5e9FisG92hyMiO/QHvwkSpAUw9yXuQDi54BwNLo/to37Vq/3890D"
    "NwgTJ6phFwbb++V+D5x6jvqzPBTIWToDciYRINq4S4e+vsadLuq4xvKpSkpWeI1lLbvomS"
    "/A1nm345K6tGOVtbxc89lFc+4Uorq8YyJucrG9cEFsJUFNgenKmTtkFHXlzDwMYqHKmbPY"
    "VuMbAlvLfcuT8EqT4GqQo9+k3Y3fan67VuKr+IBXiQD3wVcQ33OlpBPe89krD8/t885H4K"
    "u/L+7XJbMM/Iy/b0XKn/kDgCBQLvBVCmwSXH7vS30DxD9MAZtCBjxHRXiXdBfNfFfgM9rM"
    "YL4Xmz7n5Z4WArWMwSlh/9cxdikzikY6xaV2yLeWNXwTDGoufvs4g98+lvltf8/FokDHhD"
    "TOeXBeZIAWdZhJgnWcQ8qogGxBMvH4IqTYwF7K7HBcBw78HYzs7cfm6WDJagVLLqaL0VQk"
    "NK7D9KZ0od05VeGA87hzosnZhl8/WB4G6VWHlcJ6m2tVcjfHieOjsgey37KkrPaoVNmj4q"
    "94g/eh+IQqCWtdH4iui4WYSII62qRu0SY7jSys7+pE1yyom9YVM6tUs8BEDnTZTGxDX4yo"
    "lgR1SEKmo3eJ1xbcZdexzg4S3ZVOM2mAFd7VL1KQyMHGE3qjRvh9klVwGfbw6fMDshYJOW"
    "r0Ww7mqqoP8vHaTZ6JmYGekRDaDCbRU/u5VoM0FSojkkuz6fCqO27+WywyH36zhxuOseuw"
    "q5/sYU3BWsZmbAhVLSNZ4lUYbIao8eJixpAiH6cIWF3eVU0HFF+xIBakKG7pe3gfktMPou"
    "dFmmTNodsDZAf5UsZz3cIM2Q3RS2bk1nCo7QWogxlgZUbDtZCLR4JXk+LhwivNrIg4uGxT"
    "mV09Un1KSsNd4UMKX6DNoszK5Ge24kNKDy575jOYsuJDOu8cEaljcEgZRZ7ES1UA4bB5Dd"
    "EtJdiJ35Epyaf0gk0Rkd3Xa9oPv7e1ykwSE7jL0O6//x8B8a+x"
)
