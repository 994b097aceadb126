from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "email_template" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "kind" VARCHAR(32) NOT NULL /* SUSPENDED: SUSPENDED\nREACTIVATED: REACTIVATED\nDELETED: DELETED\nPURGE_WARNING: PURGE_WARNING\nEXPIRY_WARNING: EXPIRY_WARNING\nEXPIRED: EXPIRED\nWELCOME: WELCOME\nPASSWORD_RESET: PASSWORD_RESET */,
    "subject" VARCHAR(300) NOT NULL,
    "body" TEXT NOT NULL,
    "updated_at" TIMESTAMP NOT NULL,
    "organization_id" CHAR(36) NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_email_templ_organiz_c00a33" UNIQUE ("organization_id", "kind")
) /* A platform's or reseller's own wording of one notification email; the nearest */;
        CREATE TABLE IF NOT EXISTS "organization_settings" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "primary_color" VARCHAR(7),
    "logo_url" VARCHAR(2000),
    "images" JSON,
    "footer" TEXT,
    "language" VARCHAR(16),
    "timezone" VARCHAR(64),
    "attachments_policy" VARCHAR(32) /* ALLOW: ALLOW\nBLOCK_EXECUTABLES: BLOCK_EXECUTABLES\nBLOCK_ALL: BLOCK_ALL */,
    "max_attachment_mb" INT,
    "bounce_processing" INT,
    "message_disclaimer" TEXT,
    "contacts_visibility" VARCHAR(16) /* ORGANIZATION: ORGANIZATION\nDEPARTMENT: DEPARTMENT\nNONE: NONE */,
    "contacts_may_edit_own" INT,
    "contacts_may_share" INT,
    "updated_at" TIMESTAMP NOT NULL,
    "organization_id" CHAR(36) NOT NULL UNIQUE REFERENCES "organization" ("id") ON DELETE CASCADE
) /* Branding, mail settings and address-book rules of an organization, inherited down the */;
        CREATE TABLE IF NOT EXISTS "recovery_code" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "code_hash" VARCHAR(64) NOT NULL UNIQUE,
    "created_at" TIMESTAMP NOT NULL,
    "used_at" TIMESTAMP,
    "user_id" CHAR(36) NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE
) /* One single-use recovery code of a two-factor login, stored as a keyed hash. */;
CREATE INDEX IF NOT EXISTS "idx_recovery_co_user_id_c9ef0f" ON "recovery_code" ("user_id");
        ALTER TABLE "department" ADD "max_attachment_mb" INT;
        ALTER TABLE "department" ADD "contacts_may_edit_own" INT;
        ALTER TABLE "department" ADD "message_disclaimer" TEXT;
        ALTER TABLE "department" ADD "attachments_policy" VARCHAR(32) /* ALLOW: ALLOW\nBLOCK_EXECUTABLES: BLOCK_EXECUTABLES\nBLOCK_ALL: BLOCK_ALL */;
        ALTER TABLE "department" ADD "contacts_visibility" VARCHAR(16) /* ORGANIZATION: ORGANIZATION\nDEPARTMENT: DEPARTMENT\nNONE: NONE */;
        ALTER TABLE "department" ADD "contacts_may_share" INT;
        ALTER TABLE "department" ADD "images" JSON;
        ALTER TABLE "department" ADD "bounce_processing" INT;
        ALTER TABLE "membership" ADD "external_id" VARCHAR(200);
        ALTER TABLE "membership" ADD "metadata" JSON NOT NULL DEFAULT '{}';
        ALTER TABLE "organization" ADD "quota_overrides" JSON NOT NULL DEFAULT '{}';
        ALTER TABLE "organization" ADD "metadata" JSON NOT NULL DEFAULT '{}';
        ALTER TABLE "organization" ADD "purge_warned_at" TIMESTAMP;
        ALTER TABLE "organization" ADD "expires_at" TIMESTAMP;
        ALTER TABLE "organization" ADD "expiry_warned_at" TIMESTAMP;
        ALTER TABLE "organization" ADD "external_id" VARCHAR(200);
        ALTER TABLE "password_reset_token" ADD "purpose" VARCHAR(16) NOT NULL DEFAULT 'RESET' /* RESET: RESET\nWELCOME: WELCOME */;
        ALTER TABLE "security_policy" ADD "require_two_factor" INT;
        ALTER TABLE "service" ADD "domain" VARCHAR(253);
        ALTER TABLE "session_token" ADD "user_agent" VARCHAR(500);
        ALTER TABLE "session_token" ADD "last_seen_at" TIMESTAMP;
        ALTER TABLE "user" ADD "totp_last_step" BIGINT;
        ALTER TABLE "user" ADD "totp_secret" VARCHAR(255);
        ALTER TABLE "user" ADD "message_disclaimer" TEXT;
        ALTER TABLE "user" ADD "totp_pending_secret" VARCHAR(255);
        ALTER TABLE "user" ADD "properties" JSON NOT NULL DEFAULT '{}';
        ALTER TABLE "user" ADD "totp_enabled_at" TIMESTAMP;
        ALTER TABLE "user" ADD "bounce_processing" INT;
        CREATE UNIQUE INDEX "uid_membership_organiz_e04386" ON "membership" ("organization_id", "external_id");
        CREATE UNIQUE INDEX "uid_organizatio_owner_i_f763cc" ON "organization" ("owner_id", "external_id");
        CREATE INDEX "idx_organizatio_expires_fb2f44" ON "organization" ("expires_at");
        -- Existing websites and zones claim their domain, the oldest first: a later
        -- duplicate keeps no domain rather than failing the upgrade.
        UPDATE "service" SET "domain" = lower(rtrim("name", '.'))
        WHERE "kind" IN ('WEBSITE', 'DNS_ZONE') AND "id" = (
            SELECT "t"."id" FROM "service" AS "t"
            WHERE "t"."kind" = "service"."kind"
              AND lower(rtrim("t"."name", '.')) = lower(rtrim("service"."name", '.'))
            ORDER BY "t"."created_at", "t"."id" LIMIT 1
        );
        CREATE UNIQUE INDEX "uid_service_kind_337931" ON "service" ("kind", "domain");
        CREATE INDEX "idx_service_domain_0bb158" ON "service" ("domain");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_service_domain_0bb158";
        DROP INDEX IF EXISTS "uid_service_kind_337931";
        DROP INDEX IF EXISTS "idx_organizatio_expires_fb2f44";
        DROP INDEX IF EXISTS "uid_organizatio_owner_i_f763cc";
        DROP INDEX IF EXISTS "uid_membership_organiz_e04386";
        ALTER TABLE "department" DROP COLUMN "max_attachment_mb";
        ALTER TABLE "department" DROP COLUMN "contacts_may_edit_own";
        ALTER TABLE "department" DROP COLUMN "message_disclaimer";
        ALTER TABLE "department" DROP COLUMN "attachments_policy";
        ALTER TABLE "department" DROP COLUMN "contacts_visibility";
        ALTER TABLE "department" DROP COLUMN "contacts_may_share";
        ALTER TABLE "department" DROP COLUMN "images";
        ALTER TABLE "department" DROP COLUMN "bounce_processing";
        ALTER TABLE "membership" DROP COLUMN "external_id";
        ALTER TABLE "membership" DROP COLUMN "metadata";
        ALTER TABLE "organization" DROP COLUMN "quota_overrides";
        ALTER TABLE "organization" DROP COLUMN "metadata";
        ALTER TABLE "organization" DROP COLUMN "purge_warned_at";
        ALTER TABLE "organization" DROP COLUMN "expires_at";
        ALTER TABLE "organization" DROP COLUMN "expiry_warned_at";
        ALTER TABLE "organization" DROP COLUMN "external_id";
        ALTER TABLE "password_reset_token" DROP COLUMN "purpose";
        ALTER TABLE "security_policy" DROP COLUMN "require_two_factor";
        ALTER TABLE "service" DROP COLUMN "domain";
        ALTER TABLE "session_token" DROP COLUMN "user_agent";
        ALTER TABLE "session_token" DROP COLUMN "last_seen_at";
        ALTER TABLE "user" DROP COLUMN "totp_last_step";
        ALTER TABLE "user" DROP COLUMN "totp_secret";
        ALTER TABLE "user" DROP COLUMN "message_disclaimer";
        ALTER TABLE "user" DROP COLUMN "totp_pending_secret";
        ALTER TABLE "user" DROP COLUMN "properties";
        ALTER TABLE "user" DROP COLUMN "totp_enabled_at";
        ALTER TABLE "user" DROP COLUMN "bounce_processing";
        DROP TABLE IF EXISTS "email_template";
        DROP TABLE IF EXISTS "organization_settings";
        DROP TABLE IF EXISTS "recovery_code";"""


MODELS_STATE = (
    "eJztXety2ziWfhWUqraSrlKyHV+SXs3uVsm2ktbEljy2PMl2a4qhSNhimwLYBGhHPTPvvg"
    "BISryAFKmbITb+SBSJA1LfAUCc+z9bM2xDl7ztes5nOG91wD9byJxBdpC50gYt0/OW5/kJ"
    "ak5c0dT0HOMxajQh1Dctyk7fmy6B7JQNieU7HnUw4o27wDN9iqAPHEThg2/yC68IsHxoQ0"
    "Qd022DCQ6QDSgGGEGA/QcTOX+IdsBk5/lJH7vwLb+hjS12Rwc97KDvADm/B9Cg+AHSKfTZ"
    "HX79BzvtIBt+hyT+6T0a9w507RR6js07EOcNOvfEubu7/sVH0ZI/98SwsBvM0LK1N6dTjB"
    "bNg8Cx33Iafu0Bsn9lUmgngEWB60YsiE+FT8xOUD+Ai0e1lydseG8GLmdP67/vA2SJPy7u"
    "xD9O/jd6tEQzwxgMR8Ztb2QYrRw3+SNkmBCdsjDiI4HxgQP1z3+H/S4BEWdb/AbnP3dvXh"
    "+//0FAgAl98MVFAVfr34LQpGZIKkBfoiy+czifT01fjnPcPoM0e9B1MI5PLEFeDvkYvhig"
    "HUDampnfDReiBzplP49+/LEE4793bwTMrJXAGbM5Gs7dQXTpKLzG8V7iy2eCHN8eCmYC4z"
    "57JhNZMId1TKsy1q3hl0HvpgPE1xh1L676gw4QX2N01bs64xfD7+xaU4Un795XYMm794Uc"
    "4ZfSDDEtCxJi+M7DlJI8Z/56OxzIR36OMMMW27Eo+BdwHUJ3xZ7EgjMJHJc6iLzl93uJNY"
    "cDxXueEfK7mwT99VX3a5Yf55fDs+zixDs4yzDH8+G9873OerSk2NUsyS37e1uQtj/4CWTv"
    "cWpMTTKtA3KGbDtIr36/7g3o9ycVgH5/Ugg0v5QGmuHFoTBMmsf5gl2hzgzKsU5TZteYiP"
    "RtfKDOi6A69OwP2kPkziOWl0A/6l/1bkfdq+vUQnPRHfX4lSNxdp45+zo7HxadgC/90c+A"
    "/wS/DAe97Hq0aDf6pcWfyQwoNhB+Nkw7MTrjszFqKa7D757DeluD62nKLXA9elxVmH4gTI"
    "4xKeWyD5/w41pzO02puawyl12TUCMga/E5S6s5rTKn4zfuZG7U0znkCDdQP6zm7z63R5vo"
    "GpbAJlVDNaGVkG5Tt3Oo6HJl2f2jVJGTRCyP9EfsQ+cBfYbznMohg2uktBxmujtIhJdnl/"
    "f3zeeFslE2zNgBAwDSUCTq3p53L3qtgvViCzjfEVhFelJyeVgJb26BTIHLngIM7i4vW2JY"
    "T0zr8dn0baNgfJuB7VADPkEkU9ucRdQfP99AdzFo5ZB3eU893tHBvndzyAsI8RFOQJcCNX"
    "9pdjTLnjGR+SD+Er83v1MeMJl5IwVniYljycBKZo5iTFYbFX6VzeyEZM2a/8qezGcdFFxM"
    "0XsmnWYbabvFi9otDkvBslfVVnP1K6Yl390Uay6XFM1TD29fa8nQwr4BZ6bj1gQ5SbY/c1"
    "VrV2tWxjB4WgVp1qrYMHiaw9qZedAnGJlrQS6nXgt5xXY4e4A+HK8bSKeFHexUAaCKgmdd"
    "DUC8i6o6xqXEjVtcTt8dVRjhrFXhCBfX0rhHW1uBUg3EM2Qq+x2sifZxFbCPi7E+LoK63g"
    "KSItKLhhTRup5JGbLGLRQ7eRWSYDYzfYkiq9gPJkGihgcMv21jPGAcr9Y20Gvmtu/ktMJQ"
    "PzktHOn8kmzPt842T5t2JGt05K9cF9AUlYa0WCCsqUTMk2pw1TRFKrbs7sQUKdZNbRsrt4"
    "0lXy4FZrGi1UFDWw6tZDmsgHAiBGdDcJcBP42EN/0Wr4Dsy7omqLnibuyaUMV6vkuj8AV/"
    "EvZsf8WTlsQqnLzcLjML21FD47eoZZXwt4CJ+gDf5wLQXhGGJYRvwWjKg9CegcNOsEMGMJ"
    "3+RRyyQRBAMIOEsP8FTPa37Ad5HNxOblLFds0mAA0ESlNo+nQCTapNzvvaMxabnJXZQypm"
    "ldzBDr2u7k9K3ED19U5CFA/ZSLM35HdipvGhSQjb+xhWQCiesU0rezHUWVcKO9ASakbPvX"
    "ilrhOIu6Teo1Xhb3e9u95FzVdkRNUB4fcY3dwNBv3Bpw6IDsboYjjodQD/HKOP3f4lbx1+"
    "ZzdBVebF9mMUvalJai3+C4LGmXy2b6202WY2j20fUTm0cfMMsk4l19m1kP1xV8A+8Cd4c/"
    "Tu5MPJT8fvT35iTcRTLs58KMG6PxhljZSYmhKPnUIkF+01lFkoTUrhzJN5dReimSTRgGYB"
    "hb4vUxKO4PcCOBcETbAklvm79r6Oyi22C3fXy+HgU9w8a8bVod7aFZltCf31uJ6m1KGhKo"
    "eG3jvIIdO12Jwh1XxWmc8pPWtNRmdpNadV5rQPGaRkrXBvCan2sijzA0gCtgW7X6Nt1pLB"
    "pZi5j+eFnBXEgCautsuNfal2FUx9Dz4OPG6FCxj3CXAQcWxuUYsVnm3w7NApcCgB+BmBiW"
    "8im/GjDQiklB0QkZOyfw3YhQdIZIa+XdxCYuaTxqQKHP+RsQBqO9+L2vl0Sszd2puST5aD"
    "uVhJkSFrgLJ335oKz3e45z7HVKYfKkuymCFsgp4oPdLLNGwx9B8KR/mH7Bh38QM2Ar9WTG"
    "eSpnkAs4Wg4lpSupjkVpN7jCmspe1cUug1pPYa4rI9TsC2iLUGdoKmeQN7+xZQriX4Q2qo"
    "K4l+S9A0D+MdpDpwXfzMpC3HM8Jtex7sklTQMmI1guEalQ6a7TpqcmZJsRE7FJsM+8bdpN"
    "S0plxMJ4aHXceSqG+qec7Ie1J4gWp1Ly+HXzpAfI3R2eXw/LPR+9o7vxt1zy57tx2QOxW3"
    "YiTxVXaYVTS8jL8H737JA2M2yTOy0MgupV3L2q7YdNq2vZ3XQ7Gg4fmYVwjgd86BfIaxC0"
    "0kB1pKnwF6wjo4PKRLYDwbDi9TC9dZP7v9vONVI16/E8OdNXJCTWge/8jP3rAdYrkm2wjV"
    "Egfk1AovUcrKBuz2bLVgK/2TQ5yJwxi29nujoCuFudIa3nzqDvq/dEf94aADkr/G6KJ33b"
    "0ZXfUGow5YHo/RQPhiDiJb18tLHgvYZ+bcgDxfI36WKOlKV7PCPvSKVnlFS2FI2IyRyILV"
    "mbDoQHOgOge0V9ef0Ksr8Ow1uZ6m1FxXhesSp5Do6Q8zsE+VpbbBiepfAuLtZaovdg9JLH"
    "Pc0UGyo6iRRH1rzjhKoL3T9Ok9np51BGcewxS2JN4z6QbtMgcakerVoMm2VeLlWeN77M9e"
    "EYB9wGYqdF3ovwr9WZ6xz91Z4kh3hKlz71hhPVdxuzCkHUG2iQyVp9lA+e31PkZ8shOKOX"
    "n8L8Gzg0hbNBNq7jcOYte+U/A8hYif9iEPwUes/1q+N49sEGrfG7V8bwRPcjhX0xnEtCr7"
    "4bRu726ve4MLHnS5OByjm173fNT/O9sLsfOJH1xzcNkTZ6ODMbq+u/nUM750b8K4ztTPMe"
    "p9ve7f/N/ycvp3dJ33Fx2M0Zfe5fnwqtcB0QG7Q/f29svw5sK46bG/wW6R+q2GYpsEk9+g"
    "Jdmml1SxXJKoPETWNJEeV3KvOC7xrjjOO1dMsC1R4RXrUuP2jcB33+pTLXwWD3UtfGrhUw"
    "ufByx87lLA6ttMUsAUImt+Ay0mcLQkQla+Uamg5SybG/6y/Uphi+cEu3d8QrkgxJjFBR8T"
    "hDphdorxA9phPAGXZwh7RvAI52AyX/62TC4/5SMVttu1VEoKk1JGWRCxx8dyNLL5OS0rKS"
    "UrpZhVdROcImrENm3XnoKpaVAV5hSRhrkCzDXHcXNH8E5ibsI3Rh7gYk/KJYUajq2NqvKg"
    "rcvFk+EwRb0q1mX43XNYb2twPU3ZvJqVB8JkiTwfcjkncb6QIISeHGpG4OcloOXVctEn3a"
    "6CfWkGZxPok6nDw6jvoc/kEIqBiQD8zt4S3Pzj4gdutZmaVAgj4hbQBzaG3HBDwT37I3Ng"
    "2jOeNYXKpJ+d3GWMxqhPwYNvsoHIm0x5NwGijit6CDs0LQt67LpDO+y1hx55GxMIryo7aj"
    "ILmFjGbzHlseCMdIziu7PBMsW+Q+cAP/GfyafEXPRKJZcmTJJjz4hRsZDGrbexFJ4RzLWE"
    "ppSE5mO3IIhrtTUrplV5h9safhn0bjpAfI1R9+KqP+gA8TVGVz3uatcB4fc6VqPt+7fymU"
    "yI4TsPU1m+wZKIryyhGpviRkV7UfwIkTE1Sa0E1Gmq7cyW1avTAQvaWvbQsoeWPZoje6QC"
    "ZsWec43cZjlCndnsYK20h4duQqKpimqCRKN52CZvFdPxVbZ4Z4fxFhCu6Fp9oMgmtRcrEV"
    "2+lvaHq5Kvr9U1D7MvcKWyR15ylddo6mNKBcY53WS6QbtMPSnUZwZNtq2gorRwgCjgyjzA"
    "t6ncp9zGz+1YizeZA/gE/TnoXvdBFIjfSaoAo4IDkR+7RDu53RuMkeU6kHXINn9spY/c3+"
    "9Nx41VjnFLEKBHxD3thTd92I774NPwBAGEd0Nx2GvUnVB8DlFYvs6DvnAUEf+Ade9Di5G4"
    "8w4vXAefo38itJfPPhtkYbU7UfgOced/iwG+0HoSawrtwOVaVzH6CG9IwPMUkxgT0XjiYu"
    "sRTM0nCCaYToFnEsLu/ZpAKLoPH8YnY8SGAOuP/1t+3sbsX7HbsmHJhtoPFWvqFepBX9Lq"
    "3EAtQ7EqlA/dwJcl8ynMP5Ik0UU+sgHK4VwyRDWBuiJ9llYL9SoL9WKpZK92YZaqy+ocsU"
    "5PrxqvFTEeXy3Mq7INWuJq6e5slm632l/WYVsEU6TejjYpKXNo6M9qAm4NizcZIDTGgNAY"
    "A+59zHYKyCa8E4nX7A5uUNss2wbSCET4nW1xkOnKTLdSAmEU1HWAtVVXW3W1VfcwrLrJNU"
    "46aYqsTikyhRN/qeTmO4PU5OtWnUmQpFFj/GtXX21uV3gjX8Xcfkj2QlWEtYYYDA8EzhKL"
    "oXJ2LCWDYmsZspQ3wioJ8VaTXjkzD/oEo7A3wjMts/vnmVEnC9Zt2MuI+yAe3oa0MBtWKt"
    "HKSwB1KAN2p3nDBlieLkycb5cp4RCukRvMd554ADmnAeYEB5SHVCRnXhuIJMwu5PozXgUv"
    "jGgQ6b4SijRryoCRxW3s4A6rLX5S9VliR62VaC+rROMJ3PI4F2cWiturrDjbisVCl6jXMu"
    "h2ZFCdT6ppXJeYEHP7tfDVWVM4ThFp128ZoBtodIp70K7Lh+tmr8qOocGe4UrIeO1tuIaH"
    "S8D+lGpKLsQroU29hgocmFcszUqOY4WxVjy1X4oXEl1IllfFOpHsIKmiG0Gsm9jxeOqwQe"
    "Bb0/lb8M0z6fQbzznOL8zY0PAd03X+gDYI05f7c+4qZIN77AMSTKgPIWBjw3cgkSlIdnEb"
    "7uAddTDFDOmwc/gdOLbwHA+d0eNs68LzKXqClMrFoQS6920ATWvK7hPWPR2jyRyMW/85Zv"
    "+FYHYkOotzZ9jQB1/HLf7c4gHAZf9zD3x9K47/9S/w6j9efQOsa+6JFU0REL7GS7K3P6OF"
    "sn2F01Si5TLBu1b06Izuu1mXW1fd25FwiBLfPJX7be/ykp+Jj8bo/O52NLzi5+Kj7CrwMo"
    "5T4lvKG/kciNs3Qgm3B3ccC888E9WKMEmQNKA6/V4wFpXuDBHtVA/pDGHz8D6tEtbDWhXj"
    "fZpPHxLB5k1rVqjPETYO75Mqw/ukeHSf5AZ3FK5nuA6C7+qAnSNsHNg7WUySsB2ti/eRxr"
    "vy4l1YIrhgDdmkDrDK6L6rhO67EnTf5dHlO3UmJ1lMvKwDcoascVgfVRvIJeM4/04MEJPG"
    "670NFyTNA7gKvsXw5ko9UZMGEv+jajLkknpvUmRL1O/q1QS7xYuBhSW9woMxCvvpgPB7jO"
    "TFw7IlwtSQLUPcjQm8xz6MFYob8TDfl8JRIQ3jJlfe1XqHRO0blynh9F2V1Y21KgRXXEuj"
    "a0NPBu/tzHTdwvQIC6LG5EY4PvrwfpEWgf8oy4hwe9W9vMynRfBcs67lOEGiXR8O2G9sr4"
    "vCYToQabexPyPXK7mNWVR4aa/D9yytTjGiDqPz85sExIMMxnU4naXVnFaf0zzuxmALF6lX"
    "wUxKrLDAte5+vpLi7bRE8XaaV7wtp8lkbqy1uZf3sNZOXzX4t7fXDxUB64Mso9cQSyGu/6"
    "pIU+oXhcovCi/wH6Bh3lNZ3Hc5mzOke+GzIoL0gbL52fTRWjNaQq6ntcr8Vqjmh57UO2Xy"
    "fP1ZLaPX01ptjuuMajqj2p83o9rvAaamwdPR+44tyyhezBkJqWbQ1hmUjMGoHL6ZoNmpFU"
    "6V104NM1xKGVQPVgmptnGWxsTycZhHeNdBhGqO29WxsIlZmwobvGG7nJv++ahVOJC3gHGj"
    "Y2ElM7d2SZ+Eec9zjEc43zCLV9dzPocVUA7McFsp05kZ2A414BNEsizStXDiPfV4R82Z+l"
    "mHJdOns82Rulh01NRRJcKLDF7ciWEh263WgavHOxtFfTUVMVHKTACxIVr9RUdNhWpZbWND"
    "qNLlPZoIFc8+SIww6wGU7KHroBVnYGwsThqeInisqePaPpS4UtRBqJnSQc4Rd8NxdM26aO"
    "o4YqLLk2NtOtNuw16aBFKtbDLJAAUEXYNAStldS1AdIjjC7KPeHL1N9NvAuUqgFfgOnRse"
    "dh1LIprXR+826vJ60WNDcNsggdFiFK1IZJQcbdUSGqUG/urMRme+iWzWvA24PAFiYpEFKI"
    "pkfjPB+BH4gQtFuqBcwmYHTSEvBmsDmxefpdN8Tdyd3GWMRJqj1zOTUOi3Ralb1+VHVkAo"
    "nvEj1gyFRWSjU68ISEis4gF49n7yQwcMeBqiGWTvqjEat6L78cRGrvMYVqKNJwcIJ0cbTE"
    "QC6zlw4RN02X+b878mzjyZblBYIS6TqkinJXrRtESe78xMf86RlOXlK4lsyxI2z5Ba5icY"
    "m4c+FBpRP2RNqC5+wEbg10rOkqRpHsBHP1Y1VZfaqnPGajYyH+oZRJcUG9lBFUN73wbPe4"
    "ylrpPF6eyXFE0Y3WXeNbvIZ8/kwoeADdxaK0qCpgmY7zrim/t5/VEzxVOSpnkYv6+STet9"
    "cTKt97lcWialpjUVm9JC0atahgR5TwrzoNW9vBx+6QDxNUZnl8Pzz0bva+/8btQ9u+zddk"
    "DuVNyKkcRX2WFW7KjCyeMqMfzHxSH8x7kIft79kgfGbJJnZGEYipS2QXEoR+9OPpz8dPz+"
    "ZBGMsjhTttPMB6NMMBM7oOH5mJft5XfOgXyGscuEOTnQUvoM0EwgdQ8P6RIYz4bDy9QL+K"
    "yffcPe8VLOr9+J4c4aOaGDQR7/GUONvUEN2yGWa7K1vtaWR06t8BKl7PYnyqRIDFE1y3EL"
    "k6itfm8UdKUwV1rDm0/dQf+X7qg/HHRA8hdPnnPdvRld9QYjnj8nPh6jwXDQ64BB5JD98p"
    "urBewzc25A7naCn2UmpbLVrLAPvaJVXtFSGBI2YyTb3epMWHSgOVCZAzrbSPEi1NxsI+rW"
    "+XnRVGNb9GgudgrNG1irVgSKrX+7cYFWkhU7KlG8WU2UgE7wd+EK2JJZEhOX26UGRNFwmf"
    "+8QkUUBERr8Ow7lEIEnNDONgmYNMW29wwhExEzNA1xKxthAi3gvoo+mPBqI4Bdw76kBsoW"
    "O65SG3aZFBQxeYVL33DmUV0Xdj+LVbvELldcLkSO865LhDRK38heyJHhvZZWN0XVQKB3Ui"
    "eBBJPfoCXZ1ZalXFqQNBDl40o2z+MSk+dx3uI5wbZE91GshIrbNwLffeudVE/EnQc/zsJc"
    "8x0oSd58K3RKt0Kb9LHbv+QZmsNvNTRK0RZGwp1Cu0OSpDE5hLdmbHBNQg3o+zLvoOL1JU"
    "2lsBpV2UXmsHIOa4XQaoVQlaTDWTGsJusl5DqHjTr6vzy/ufy+Tv7ZJZnmr2r83UgHuT31"
    "2LVJyDP27RtIIB3hR4haEi2ZpFW7TFnmRe0N7nBODbqgqFBGmLsauPBNQCCIuxF+6xS4Dn"
    "p8RYDorQ14JV5e3JcAEzzCOTucmmQqqxi8hR61h7rimjDBQoPzq56yJknVuPIr29eJeYHP"
    "GLN2aaIE+R7FWl5aeFRXqBVEYVliJsR+6V2eD696HRAdqCHG6t1/MfTN3f0rlKi0AtcVsQ"
    "irxORKe362W1nLz4PovKQHwd94Ba6dpC5HqFPUZSdO3XSKCZJt7rwPFc2caJoGN4/srnLR"
    "qYnoSi+XxHCSe7fI14H94arktF8Ja27hq53hb6eKFJ5+RaY6idKylChL4hYrlSN/4wl5Cf"
    "CgD6KMKIB7dIDXIi7/f0CAXGfGEwD8INx+uE8Qv871GfwmACJ+T5LXkWyzY60qUWAJb5eo"
    "SsR3DudiJUncvhFeAHtIgu4QI0ylkQe51Ds+RbeeU/xaaC/OHKxb/DOcEHbREAnL86gX2v"
    "RzdDqOUFLUiq0jE5PURzdPqOGVhAmajssdi+uim6PT4ObBvaeeYVoWDhCtDbCUVoMsWSAQ"
    "MXgeg/oLRI5QwyuJ42biSeDVBjdLpqGVjFyHPIYI1ctBkKPT4ObBDWVC2xCCYh7c4ixLOU"
    "I1is7w+zWm6Iy2HBbPg+ZaDnX4cNO4LjE15cOHX67AlJoK/O2aRF6oBpKa0K5fA0ke+rs3"
    "9f0NtHihu/k5+9mSqPFT19tl6nw/asmwiJqu1OsPEUw6KcY9AN6DyPQL6DN+cy+idoGLH5"
    "wa7o9b7ltr9xVYjdol2n3O19p+kCki7QaZ0fHn3SD19rlpG6lK22ftktVolyztOaQ9h152"
    "d7zSc+hlNseZ8iSS7XG+gEnxBllSP2XlFrkYab0hVWDel21IZw4yFvFg0Z4sB3uxmVNOrR"
    "XueYW7D38PHB8agedB3zJlUTql/idSep2csbIXSoyfi583wj9Fr/Gvjb/tPDiSTXol7Be0"
    "GvfauJP5bIIldWsqAb8k1shXRn7xYhSBXXPDNmU1ywvfrUXk+uUqsWaHELG9NGK3rYt0Ab"
    "UGWuYP9924Nx3uACC00XVgltJqkCXpmrD1iANqsN11IC1gXAixhFIDnAfYdPkuzjYcz/BN"
    "VLPMmJRYVxxb39uF8AImDDzXuRdq1jXGfVkXegIUbwrpMzZC4+KaG8N0B3pzqGsF/GltVJ"
    "WcfXStgB2bNOqo4HWtgEJWqFgr4DaMfW1JDRzhpXa5ZWPZqJLTDxtqOPCtyBEnLsANXpsg"
    "Ck1rs9NRpE8bvH379ofOsjI4ZgtYGyD4xCi49l3u+7P9W0gsLr8uMsvbmPWFwsIAqSICEn"
    "YKGl1C4GXNM8UlBFan8zqEcgKtL72z2/5IpO4SB2PE3tPds+4tOxUfjdFVt395NvzaAdHB"
    "GH0cXRvd8/PhHU9lnfjB6Ae3xi+iRlp8NEZn3fPPd9cdEH5nZ2IVL6XtpwfTgd6JogWnVQ"
    "K9T09Lihac5ooWHF6G9+75qP/3Xs0VKqLqgPCbTYD+La8xe8EmQHSkxoCP31t1lC1JGjUC"
    "jfhtGxNoFO0HaqxCS4odJYR/OUfUo9PjSqvQcckqdKx9UZsu51fxRVVXzldXubZBjE+p9K"
    "5AqM9LQLwjCX6PXo1CpV+Y9Dx1vV0u94fGgVp5zifQ9JlYLWjAvY9n4JswWn4D2AffnJkH"
    "fYIRGxXf/iLkcOBQkojGAQ6J4nRkKc+327n2sVRgeWqXCPE6+/lewn6W84bPdra5ILLXQT"
    "HgRfRNqHyUxv60UmK105LEaqf5xGoHmXz+I89JWQ9zQdMB/HOMGBqDTz3junt7+2V4w0Tu"
    "zAk1JG/HqzUPvGaO+pMqSqaTYh3TSU7FJAJC2PYF1SqNmaZqHs47WV20HF2MfnPlaFGCkE"
    "C2D6rP9yytju5UxzEiz2ldNuPPwGUfPjGpZp1VPE2p57LKXF4KUrhuxLaEVBfQKAZ3BmcT"
    "9mvqeJvgnOtFQ54OelgX5W0CezhvJV0NRg2ziM7psO1qMMv5vAVcr1KdNRPd3AK4GuPkm2"
    "l/o1fJ19ZKeCW7pXoAGy83ohuAePnofumSR2LkSwyn8YwoNpjGL44qdlJht3wLvkHupPxt"
    "aZkEIk/CG54owebuzOc/984/gyW+YIrZnwAOBRQDOjXpD21A+BGU2Eu3f5Mx8lzWAoTDD4"
    "hBx/tlfxMD3t8bBxGIiEOdJxi1QpAQUWCJO5JDIuosiSdjn/gx8LQxVpVNUbvEGCvGUB11"
    "/YKgcSbYo9MqNljWqsThLWeFvXd8Qo26zs1pqj0aAHc1eDMmvUomkXclJpF3eZOIUHDXBT"
    "pFpHGugvMiEUddD44cYRNd93dRo8010UPAdjX1BvaSZo/jOvQo28PI3r47vo6PUCs+YrFc"
    "WFOeV2IdK0lBF9rorYr9pIrRO5v4iecl2mw0yDrSJjSVTWjJPEmGqHKXZ35xbTwp8Vp5UN"
    "aa9j/uas7vIM8Sw4nhI5MIV3iXZGj1dFJ5OgmpJ5wPazoSJYk1rw+E1/X8XnOEzXPN3L4L"
    "7IS9XixoeD62eJgNe5Ic4qWJpKT0Oo9U5TxSM4Yak3oN2yGWa7LFR2I0G8HvRSkZpdRNGP"
    "dlK1rv6yiFfi6SerGgXQ4Hn+Lm2fDqjPDmYw/61KmXSzBNpQPcy9myRoA7xdQzCLR8WMtF"
    "P0PWhAmxh4wbAjUPIptn0V0T9Dy5Br86+HFx3vqbXAm53uaqvM0VDAtjHCiU7HPPnIdCBU"
    "GetkFJUv/r6Oj4+MPRj8fvfzo9+fDh9KcfF3qC/KUyhcFZ/xPfb6U4nN+AHVZg0l6Nzc1V"
    "0ersrU3jumTNzWVvtaFn+nQGEa3ps5wj1A72ZY7LS7jyINd2SrxIdXaI4K50SswNr9p+iI"
    "nU+J5jPMI5MaK3k2RjEfXw8fMNdBdJcuTgdz2HcerwthJFyKeWAzOwHWrAJ8iJNoOJ99R7"
    "2tYYVRsqI5HfZtPh1XTcxCzm2Uh+w5MNx9hF1NVf8aShYDnoyaEChQ2h6i86OsD9VyWolp"
    "7rG0K17SAW9aBCmEJiPPsOpVCSTqgOWAPWVUPnHtvbQRpmWNvS1uE6cl654T0vsrw1HLoX"
    "gOwgJ6UPLfwE/TlrZsssLnVQu4n6Omc/m4pXOrVZlBBxQ9yyCRgbODVfBKiDGWC7DF7rQt"
    "+xuK0kF74WXWmXBbCZyzbKlC4vVMZLNUISBXw0gcpGysvGFm3FO684cIut0USa4LfYopgg"
    "aWLoxS7MiHxS1UA4at5AdHcSSsTuSKVqzWIXkQTJ/v1DXkZzvDVPkJyOeZ+R2P/+f45vmT"
    "4="
)
