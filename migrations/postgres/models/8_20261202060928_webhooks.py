from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "webhook_endpoint" (
    "id" UUID NOT NULL PRIMARY KEY,
    "url" VARCHAR(2000) NOT NULL,
    "description" VARCHAR(200) NOT NULL,
    "event_types" JSONB NOT NULL,
    "enabled" BOOL NOT NULL,
    "disabled_reason" VARCHAR(200) NOT NULL,
    "disabled_at" TIMESTAMPTZ,
    "secret_sealed" TEXT NOT NULL,
    "previous_secret_sealed" TEXT,
    "previous_secret_expires_at" TIMESTAMPTZ,
    "failing_since" TIMESTAMPTZ,
    "consecutive_failures" INT NOT NULL,
    "next_attempt_at" TIMESTAMPTZ,
    "lease_until" TIMESTAMPTZ,
    "last_success_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "created_by_id" UUID REFERENCES "user" ("id") ON DELETE SET NULL,
    "organization_id" UUID NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_webhook_end_created_f6bb5e" ON "webhook_endpoint" ("created_by_id");
CREATE INDEX IF NOT EXISTS "idx_webhook_end_organiz_fdf586" ON "webhook_endpoint" ("organization_id", "created_at");
CREATE INDEX IF NOT EXISTS "idx_webhook_end_enabled_240e65" ON "webhook_endpoint" ("enabled", "next_attempt_at");
COMMENT ON TABLE "webhook_endpoint" IS 'A receiver''s URL, owned by an organization: it hears of the events its owner may see.';
        CREATE TABLE IF NOT EXISTS "webhook_delivery" (
    "id" UUID NOT NULL PRIMARY KEY,
    "position" BIGINT,
    "event_type" VARCHAR(64) NOT NULL,
    "message_id" VARCHAR(64) NOT NULL,
    "payload" TEXT NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "attempts" INT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "last_attempt_at" TIMESTAMPTZ,
    "succeeded_at" TIMESTAMPTZ,
    "response_status" INT,
    "latency_ms" INT,
    "last_error" VARCHAR(500) NOT NULL,
    "endpoint_id" UUID NOT NULL REFERENCES "webhook_endpoint" ("id") ON DELETE CASCADE,
    "event_id" UUID REFERENCES "audit_event" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_webhook_del_endpoin_331a36" UNIQUE ("endpoint_id", "event_id")
);
CREATE INDEX IF NOT EXISTS "idx_webhook_del_event_i_9f48f9" ON "webhook_delivery" ("event_id");
CREATE INDEX IF NOT EXISTS "idx_webhook_del_endpoin_bbb087" ON "webhook_delivery" ("endpoint_id", "status", "position");
CREATE INDEX IF NOT EXISTS "idx_webhook_del_endpoin_408454" ON "webhook_delivery" ("endpoint_id", "created_at");
COMMENT ON COLUMN "webhook_delivery"."status" IS 'PENDING: PENDING\nSUCCEEDED: SUCCEEDED\nFAILED: FAILED';
COMMENT ON TABLE "webhook_delivery" IS 'One event for one endpoint (or a test message, with no event).';
        CREATE TABLE IF NOT EXISTS "webhook_attempt" (
    "id" UUID NOT NULL PRIMARY KEY,
    "attempted_at" TIMESTAMPTZ NOT NULL,
    "succeeded" BOOL NOT NULL,
    "response_status" INT,
    "latency_ms" INT NOT NULL,
    "error" VARCHAR(500) NOT NULL,
    "delivery_id" UUID NOT NULL REFERENCES "webhook_delivery" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_webhook_att_deliver_1fe71b" ON "webhook_attempt" ("delivery_id", "attempted_at");
COMMENT ON TABLE "webhook_attempt" IS 'One try of a delivery: what the receiver answered and how long it took.';
        ALTER TABLE "audit_event" ADD "position" BIGINT UNIQUE;
        -- Every event written before this release takes its place in the stream, in the
        -- order it was written, so a poller starting from the beginning reads the history.
        UPDATE "audit_event" SET "position" = "numbered"."n"
        FROM (SELECT "id", row_number() OVER (ORDER BY "created_at", "id") AS "n"
              FROM "audit_event") AS "numbered"
        WHERE "audit_event"."id" = "numbered"."id";
        -- The sequencer looks for events not yet placed; they are few, and this finds them.
        CREATE INDEX IF NOT EXISTS "idx_audit_event_unplaced" ON "audit_event" ("created_at", "id")
        WHERE "position" IS NULL;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_audit_event_unplaced";
        DROP INDEX IF EXISTS "uid_audit_event_positio_1ad8fd";
        ALTER TABLE "audit_event" DROP COLUMN "position";
        DROP TABLE IF EXISTS "webhook_attempt";
        DROP TABLE IF EXISTS "webhook_delivery";
        DROP TABLE IF EXISTS "webhook_endpoint";"""


MODELS_STATE = (
    "eJztXXlz2ziW/yooVW0lXaXOxlfS4z2qZFvJaGJLXlueZLu1xVASbHFMARyCtKKeme++AE"
    "hKJAFShC5DbPxj0SQeKP0ernf/ozHFY+iSdy3P+QLnjXPwjwayp5Be5J40QcP2vOV9diOw"
    "hy5vanuO9Rw3GpLAt0cBvf1ouwTSW2NIRr7jBQ5GrHELeLYfIOgDBwXwybfZgzcEjHw4hi"
    "hwbLcJhjhEYxBggBEE2H+ykfM7bwdsep/d9LEL37EXjvGIvtFBTzvoO0TO30NoBfgJBhPo"
    "0zf89n/0toPG8Ackyb/es/XoQHecQc8Zsw74fSuYe/zew0Pn6hNvyb730BphN5yiZWtvHk"
    "wwWjQPQ2f8jtGwZ0+Q/io7gOMUsCh03ZgFya3oG9MbgR/CxVcdL2+M4aMduow9jf98DNGI"
    "/3D+Jvbn9L/jr5ZqZlndXt+6b/ctqyFwk32FHBPiWyOM2EigfGBA/eNfUb9LQPjdBnvB5Z"
    "9bd29PPvzEIcAkePL5Qw5X41+c0A7siJSDvkSZfwo4X05sX45z0j6HNP2i62Cc3FiCvBzy"
    "CXwJQDuAtDG1f1guRE/BhP57/P59CcZ/bd1xmGkrjjOmczSau9340XH0jOG9xJfNBDm+bR"
    "ROOcYd+p1sNIIC1gmtzlg3el+77btzwD8GqHV10+meA/4xQDftmwv2MPrMrzVVeHL0oQJL"
    "jj4UcoQ9yjLEHo0gIZbvPE0CInLmL/e9rnzkC4Q5toydUQD+CVyHBLtiT2rBGYaOGziIvG"
    "Pve401hwHFep4S8nc3Dfrbm9a3PD8ur3sX+cWJdXCRY47nw0fnh8p6tKTY1SwRlv29LUjb"
    "H/wE0n08sCY2maiAnCPbDtKr99e9Af3htALQH04LgWaPskBTvBgUlh2IOF/RJ4EzhXKss5"
    "T5NSYmfZdc6LMRVIee/sBxD7nzmOUl0Pc7N+37fuvmNrPQXLX6bfbkmN+d5+6+zc+HRSfg"
    "a6f/Z8D+Bb/2uu38erRo1/+1wb6THQbYQnhm2ePU6EzuJqhluA5/eA7tbQ2uZym3wPX46+"
    "rC9ANhcoJJKZd9+IKf15rbWUrDZZ257NoksEKyFp/ztIbTOnM62XGHc0tN5yAQbqB+WM3f"
    "fR6PNtE1LIFNq4YUoZWQblO3c6joMmXZ47NUkZNGTET6E/ah84S+wLmgcsjhGiste7nuDh"
    "Lh5d3l+317tlA2yoYZvaAAwCASiVr3l62rdqNgvdgCzg8EVpGetFweVsIrLJAZcOm3AN2H"
    "6+sGH9ZDe/Q8s/2xVTC+7XDsBBZ8gUimtrmIqT99uYPuYtDKIW+xntqso4PddwXkOYT4GK"
    "egy4AqPpoeT/N3bGQ/8Z/E3s3eJAImM29k4CwxcSwZWMnMUYzJaqPCb7KZnZKsafPf6Dfz"
    "aQcFDzP0nh1M8o2M3eJV7RaHpWDZq2qrvvoVeyQ/3RRrLpcU9VMPb19rSdHCvgWntuMqgp"
    "wm25+5qrGrNStnGDyrgjRtVWwYPBOwdqYe9AlG9lqQy6nXQl6zE84eoI/G6wbSaWEHO1UA"
    "6KLgWVcDkJyiqo5xKXHtFpezo+MKI5y2Khzh/FkW9/hoy1FSQDxHprPfwZpon1QB+6QY65"
    "MiqNUWkAyRWTSkiKp6JuXIardQ7GQrJOF0avsSRVaxH0yKRA8PGPba2njAOJ7SMdCr57Hv"
    "9KzCUD89Kxzp7FHOswgTRy48XjhPHRQUeBelqHIoO2upD1/X6eWJfYWf/3R8fHLy8fj9yY"
    "dfzk4/fjz75f0vtC3/uuKjjyWMuOh87nT7WR6wG7LT9joHbGNUk+yOsae4KqAZKgNpsSiu"
    "qL4VSQ24ehqBNdvwdmIE5uumsUqWWyXTm0uBQbJodTDQlkMrWQ4rIJwKftoQ3GWoVS3hze"
    "7iFZB9XacQPVfcjZ1C1PwWZnA4wfiZ0Tsv0Hfght4LX6P+rqLutjPWtWDDTl0Yrhj36Bf9"
    "Cx42JD4M6cfNMieGcdzQ+lvcskqwZug/QYAfhXDJN4T+cAjfgf6EhUzOgENv0EuKRjD5D3"
    "5JORZCMIWE0N8FbPqzxk/yqM2dvKSKpwVdNIKQozSBth8MoR0YB4l9nbOLHSS0OXdrZkPf"
    "gVSjqqmWEtfQ2LKTgNpDNinuDfmdGBV9aBNCz4vWKCQBntKDPt0YVNaVwg6MVJ+zyiy2VH"
    "Fgrw4bX1Lv0Qb2Pw/th/aV4hYZU52D6HOA7h663U738zmILwboqtdtnwP2d4A+tTrXrHX0"
    "mT8EVZkX24+o9SY2UVr8FwS1M1Bu37Y+podZEdtCa03SfC1LzVrIvt8VsJGl5vjo9OPpLy"
    "cfThcGmsWdMruMaIMJcGBL/MsKkVy0N1AK5qwggFNPFoNQiGaaxACaBxT6vkyx2oc/CuBc"
    "ENTB7l3mnd3+xo2rxf4FC+fs6173c9I873RgEhMYx3l6JPTX43qW0gQy6xzI/Oggh0zWYn"
    "OO1PBZZz5n9KyKjM7TGk7rzGkfUkjJWskJJKTGM6XMdyIN2BZspbW280sGl7KJdLfmPpbF"
    "dFoQsZx62iw39mXaVTD1Pfk49JgVLqTcJ8BBxBkzi1qi8GyCmRNMgBMQgGcIDH0bjSk/mo"
    "DAIKAXhGdQ7dwC+uAJEpmhbxevkJj5pBHUHMf/y1kAjZ3vVe18JoHrbu1N6W8mwFyspMiR"
    "1UDZu29Nhec7LM6EYSrTD5WlBM0R1kFPlB3pZRq2BPqPhaP8Y36Mu/gJW6GvFIGcpqkfwH"
    "QhqLiWlC4mwmryiHEAlbSdSwqzhiivIS4944T0iKg0sFM09RvY27eAMi3B71JDXUmsZoqm"
    "fhjvIDGH6+IZlbYcz4qO7SLYJYnLZcR6hG7WKnk5PXUocmZJsRE7NJsM+8bdDgJ7NGFiOr"
    "E87DojifqmmueMvCeNF6hG6/q69/Uc8I8BurjuXX6x2t/alw/91sV1+/4cCLeSVpQkeUov"
    "84qG1/H3YN0veWBNhyIjC43sUtqtxOy+9t6yZXs7q94zgpbnY1bPgr1ZAPkCYxfaSA60lD"
    "4H9JB2cHhIl4U693rXmYXropM/fj6wGidvj/hwp42cSBMq4h/72Vtjh4xcmx6ElMQBObXG"
    "S5S2sgF9PV0t6Er/4hBn6FCGrb1vFHSlMVcavbvPrW7n11a/0+ueg/R/A3TVvm3d9W/a3f"
    "45WF4PUJf7YnZjW9frSx4L2Kf23IIsuyieyRI8lK1mhX2YFa3yipbBkNAZI5EFqzNh0YHh"
    "QHUOGK+uP6BXV+iN1+R6ltJwXReuS5xC4m9/mIF9uiy1NS6r8BoQb6+uQpUIeu7oIDlRKA"
    "TNb80ZRwu0dxop32bJhPtw6lFMYUPiPZNt0CxzoOGJia0g3bZKvDxt/Ij96RsCsA/oTIWu"
    "C/03kT/LDPvMnSWJdEc4cB6dUVR9mL8uCmlHkB4iI+VpPlB+e70PEJvsJMCMPPmVYOYg0u"
    "TNuJr7ZwfRZz8CMJtAxG77kIXgI9q/ku/NMx2ExvdGL98bzhMB52o6g4RWZz+cxv3D/W27"
    "e8WCLheXA3TXbl32O3+lZyF6P/UP0xxct/nd+GKAbh/uPretr627KK4z8+8Atb/ddu7+d/"
    "k4+3/8nPUXXwzQ1/b1Ze+mfQ7iC/qG1v39197dlXXXpj+DviLzvx6KbRIO/wZHkmN6Sc3V"
    "JYnOQ2RNE+lJJfeKkxLvihPRuWKIxxIVXrEuNWlfC3z3rT41wmfxUDfCpxE+jfB5wMLnLg"
    "WszphKCjiAaDS/gyMqcDQkQpbYqFTQcpbNLX/ZfqWwxXKCPTo+CZggRJnFBB8bRDpheovy"
    "A46jeAImzxD6HcEznIPhfPn/yGbykxipsN2upVJSlMgzzhyJPTaW45HN7hlZSStZKcOsqo"
    "fgDFEtjmm79hTMTIOqMGeIDMwVYFYcx/UdwTuJuYl2DBHgYk/KJYUejq21qklirMvFk+Ew"
    "Rb0q1mX4w3Nob2twPUtZvwqrB8JkiTwfcVmQOF9JEEIvTmDH4IsS0PJpueiTbVfBvjSF0y"
    "H0ycRhYdSP0KdySICBjQD8QXcJZv5x8ROz2kzsgAsj/BXQB2MMmeEmAI/0h8yBPZ6yrCmB"
    "TPrZyVsGaIA6AXjybToQWZMJ6yZEgePyHqIO7dEIevS5E5zTbQ89szY24F5V47jJNKRiGX"
    "vFhMWCU9IBSt5OB8sE+04wB/iF/Zv+lpiJXpnk0oRKcvQ7YlQspDHrbSKF5wRzI6FpJaH5"
    "2C0I4lptzUpodT7hNnpfu+27c8A/Bqh1ddPpngP+MUA3beZqdw6iz3WsRtv3b2UzmRDLd5"
    "4msnyDJRFfeUI9DsW1ivYK8DNE1sQmSgmos1TbmS2vW1Nux4K2kT2M7GFkj/rIHpmAWX7m"
    "XCO3mUBoMpsdrJX28NBNSTRVUU2RGDQP2+StYzq+yhbv/DDeAsIVXasPFNm09mIlosttaX"
    "+4arl9ra4Tmd/Atcoeec1UXv2Jj4OAYyzoJrMNmmXqSa4+s4J02woqyhEOUQCYMg+wYyrz"
    "KR/jWTPR4g3nALLif6B12wFxIP55WgUYFxyI/dgl2sntvmCARq4DaYf08EdX+tj9/dF23E"
    "TlmLQEIXpGzNOee9NH7ZgPfhDdIICwbgIc9Rp3xxWfPRSVr/Ogzx1F+C+g3ftwREnc+Tkr"
    "XAdn8S/h2suZTwdZVO2OF75DzPl/RAFfaD3JaALHocu0rnz0EdaQgNkEkwQT3njo4tEzmN"
    "gvEAxxMAGeTQh991sCIe8++jI+GSA6BGh/7Ney+2NMfxV9LR2WdKj9VLGmXqEe9DWtzjXU"
    "MhSrQtnQDX1ZMp/C/CNpElPkIx+gHM0li1cTUBXp87RGqNdZqOdLJd3auVlKldUCsUlPrx"
    "uvNTEe3yzMq7IDWupp6elsmm232l/WoUcEm6fejg8pGXNo5M9qA2YNSw4ZIDLGgMgYAx59"
    "TE8KaExYJxKv2R28QNks2wTSCET4gx5xkO3KTLdSAm4UNHWAjVXXWHWNVfcwrLrpNU46aY"
    "qsThkyjRN/6eTmO4WBzdYtlUmQptFj/BtXX2Nu1/ggX8Xcfkj2Ql2EtZoYDA8EzhKLoXZ2"
    "LC2DYpUMWdobYbWEeKtJr5ypB32CUdQbYZmW6ftFZqhkwbqPeukzH8TDO5AWZsPKJFp5Da"
    "AOZcDuNG9YF8vThfH7zTIlHMIKucF854UFkDMaYA9xGLCQivTMawKehNmFTH/GquBFEQ08"
    "3VdKkTaaUGBkcRs7eMNqi59UfZY6URsl2usq0VgCNxHn4sxCSXudFWdbsViYEvVGBt2ODG"
    "rySdWN6xITonBei7ZOReE4Q2Rcv2WAbqDRKe7BuC4frpu9LieGGnuGayHjNbfhGh4tAftT"
    "qmm5EK+ENrMNFTgwr1iatRzHGmOteWq/DC8kupA8r4p1IvlBUkU3gmg3iePxxKGDwB9N5u"
    "/Ad88OJt9ZznH2YEqHhu/YrvM7HIMofbk/Z65CY/CIfUDCYeBDCOjY8B1IZAqSXbyGOXjH"
    "HUwwRTrqHP4Azph7jkfO6Em2de75FH+DjMrFCQh0H5sA2qMJfU9U93SAhnMwaPz7gP4Wgu"
    "kV7yzJnTGGPvg2aLDvzb8AuO58aYNv7/j1P/8J3vzbm++Ads08seIpAqJtvCR7+wwtlO0r"
    "nKZSLZcJ3o2ix2R038263Lhp3fe5QxT/ZKnc79vX1+xOcjVAlw/3/d4Nu5dc5VeB13Gc4p"
    "9S3sjnQNK+Fkq4PbjjjPDUs5FShEmKpAbV6feCMa90Z/FoJzWkc4T1w/usSlgPbVWM95mY"
    "PiSGzZsoVqgXCGuH92mV4X1aPLpPhcEdh+tZroPgkQrYAmHtwN7JYpKG7XhdvI8N3pUX78"
    "ISwQVryCZ1gHVG96gSukcl6B6J6LKTOpWTRlS8VAE5R1Y7rI+rDeSScSzuiSGi0rjabrgg"
    "qR/AVfAthlco9RTYQSjxP6omQy6p9yZFNnj9rrYi2A1WDCwq6RVdDFDUzzmIPgdIXjwsXy"
    "JMD9kywt0awkfsw0ShuBEPxb40jgqpGTeZ8k5pD4nb1y5TwtlRldWNtioElz/LojuGngze"
    "+6ntuoXpERZEtcmNcHL88cMiLQL7pywjwv1N6/paTIvgubaq5ThFYlwfDthvbK+LwmE6EB"
    "m3sT8i1yu5jY0C7qW9Dt/ztCbFiD6MFuc3CYkHKYzrcDpPazitP6dZ3I1FFy6iVsFMSqyx"
    "wLXueb6S4u2sRPF2JireltNkOLfWOtzLe1jrpK8b/Ns760eKgPVBltEbiKUQq28VWUqzUe"
    "i8UXih/wQt+zGQxX2XszlHuhc+ayJIHyibZ7aP1prREnIzrXXmt0Y1P8yk3imT5+vPahm9"
    "mdZ6c9xkVDMZ1f64GdX+HuLAtlg6et8ZyzKKF3NGQmoYtHUGpWMwKodvpmh2aoXTZdtRMM"
    "NllEFqsEpIjY2zNCaWjUMR4V0HEeo5blfHwqZmbSZs8I6ecu46l/1G4UDeAsa1joWVzFzl"
    "kj4p857nWM9wvmEWr5bnfIkqoByY4bZSpjM7HDuBBV8gkmWRVsKJ9dRmHdVn6ucdlmw/mG"
    "6O1NWio7qOKh5eZLHiThQL2WlVBa4266wf91VXxHgpMw7Ehmh1Fh3VFapltY0NocqW96gj"
    "VCz7ILGirAdQcoZWQSvJwFhbnAw8RfCMJo479qHElUIFoXpKB4Ij7obj6JZ2UddxREWXF2"
    "e06Uy7j3qpK0gzOJxg/GxROcjDzsaHza9Rd+24tzqhppSDJx3WgaBrERgE9K0l6PYQ7GP6"
    "R21lu0/1W8MVjsBR6DvB3PKw64wkCg119O7jLm8XPdYEtw3SPi1G0Yr0T+nRVi0NVGbgr8"
    "4HdeHbaEybNwGTwkBCzHMnxfHfPw/p+gL80IU8yZKQ5tpBE8hK6I7BmJXsDSZiJeGdvGWA"
    "eHKot1ObBNBv8gLBrsuuRiEJ8JRd0WYoKr0b33pDQErO51+A1TwgP52DLkveNIV0hx+gQS"
    "N+H0sH5TrPUf3eZHKAaHI0wZCn/Z4DF75Al/62Oftp/M6L7YaFdfVyCZ5MMqc9WB6Kkzl5"
    "vjO1/TlDUpbNsCQeME9YP/NzmXdlYlT7WGh6/pg3PLv4CVuhr5TSJk1TP4CP31c18Jda+A"
    "UTPx2ZT2pm5CXFRtZjzdDet5n4EWOpw2lxEYAlRR1Gd5lP0i6qAFBp+imkA1dpRUnR1AHz"
    "XcfJM++43xUTY6Vp6ofxhyo5yD4UpyD7IGQgs4PAHk34obRQ9KqWV0Lek8Y8aLSur3tfzw"
    "H/GKCL697lF6v9rX350G9dXLfvz4FwK2lFSZKn9DIvdlTh5EmVzAcnxYkPToS8B6z7JQ+s"
    "6VBkZGHwjpS2RtE7x0enH09/OflwugjhWdwpO2mKITxDTMUOaHk+ZsWO2ZsFkC8wdqkwJw"
    "daSp8Dmgqk7uEhXQLjRa93ndmALzr5HfaBFcB+e8SHO23kRG4ZIv5TihrdQa2xQ0auTdd6"
    "pSOPnFrjJUrb40+cf5JYvNaY4xamnlu9bxR0pTFXGr27z61u59dWv9PrnoP0fyzl0G3rrn"
    "/T7vZZ1qHkeoC6vW77HHRjN/bXP1wtYJ/acwsyZx08kxniylazwj7MilZ5RctgSOiMkRx3"
    "qzNh0YHhQGUOmBwtxYtQfXO06Fsd6VUTtG3RD7zYlVY0sFato5RY/3bjOK4lK3ZU2HmzSj"
    "JhMMQ/uANlQ2ZJTD1ulhoQecNl1vgKdWQQ4K3BzHeCACLgRHa2YUilKXq8pwjZiNiRaYhZ"
    "2QgVaAHz8PTBkNVoAfQZ9iWVY7bYcZWKustUqojKK0z6hlMvMNV097NYNUvscsVFVuQ477"
    "qwSq30jXRDjg3vSlrdDFUNgd5JdQkSDv8GR5JTbVmiqgVJDVE+qWTzPCkxeZ6IFs8hHkt0"
    "H8VKqKR9LfDdt95J9/TlIvhJ7mrFPVCS8vqe65TuuTbpU6tzzfJaR596aJTiI4yEO4V2hz"
    "RJbTIvb83Y4NoksKDvy7yDiteXLJXGalRtF5nDytRsFEKrFUJVUjXnxTBF1kvITeYfffR/"
    "Ir+Z/L5O1t4lmeGvbvzdSAe5PfXYrU3IDPvjO0hg0MfPEDUkWjJJq2aZssyL21vM4Tywgg"
    "VFheLLzNXAhT+HBIKkG+63HgDXQc9vCOC9NQGrX8xKIhNgg2c4p5cTm0xkdZa30KPxUNdc"
    "E8ZZaDF+qSlr0lS1K1qzfZ2YF/qUMWsXdEqR71GsZQWZ+6pCLSeKijlTIfZr+/qyd9M+B/"
    "GFHmKsOf0XQ1/f079G6V0rcF0Ti7BOTK505qenlbX8PIjJ5noQ/E1WYOXUfgKhSeyXnziq"
    "SShTJNs8eR8qmoJomgVXRHZXGfz0RHSll0tqOMm9W+TrwP5w1XLar4RVWPiU8yLuVJHCkt"
    "bIVCdxMpsSZUnSYqVy5H9YGmMCPOiDOI8MYB4d4C2Py/8vECLXmbIEAD9xtx/mE8SeM30G"
    "ewmAiL2TiDqSbXZsVCUaLOHNElUJ/xRwLlaSJO1r4QWwh9TxDrGiVBoiyKXe8Rm69Zzi10"
    "J7cedg3eJncEjoQ4uneRdRL7TpC3QmjlBSCoyuI0ObqKMrEhp4JWGCtuMyx2JVdAU6A64I"
    "7mPgWfZohEMUKAMspTUgSxYIRCyWx0B9gRAIDbySOG4qnoSeMrh5MgOtZOQ65DlCSC0HgU"
    "BnwBXBjWTCscUFRRHc4ixLAqEepXrY+2pTqsdYDovnQX0thyZ8uG5cl5iaxPDh1yvLpacC"
    "f7smkVeqHKUntOtXjpKH/u5NfX8HR6w84PyS/tuQqPEzz5tl6nw/bkmxiJuu1Ov3EEw7KS"
    "Y9ANYDz/QLghn++ZFH7QIXPzkK7o9b7tto9zVYjZol2n3GV2U/yAyRcYPM6fhFN0hzfK7b"
    "QarS8dm4ZNXaJct4DhnPodc9Ha/0HHqdw3GuPInkeCwWMCk+IEvqp6w8IhcjbQ6kGsz7sg"
    "Pp1EHWIh4sPpMJsBebOeXURuEuKtx9+PfQ8aEVeh70R7YsSqfU/0RKb5IzVvZCSfBz8Wwj"
    "/DP0Bn9l/MfOkyM5pFfCfkFrcFfGncynQyypW1MJ+CWxQb4y8ouNkQd2za2xLav0Xri3Fp"
    "GbzVVizY4gomdpRF+rinQBtQFa5g/3w3q0HeYAwLXRKjBLaQ3IknRNePSMw8Cip+tQWva5"
    "EGIJpQFYBNh22SlubDme5dtIscyYlNhUHFvf24WwAiYUPNd55GrWNcZ9WRdmAhQfCoMZti"
    "Lj4poHw2wH5nBoagX8YW1UlZx9TK2AHZs0VFTwplZAISt0rBVwH8W+NqQGjuhRs9yysWxU"
    "yemHDjUc+qPYEScpwA3e2iAOTWvS23GkTxO8e/fup/NlZXBMF7AmQPCFUjDtu9z3Z/uvkF"
    "hcfltklh9j2heKCgNkighI2MlpTAmB1zXPFJcQWJ3O6xDKCTS+ti/uO32euotfDBDdp1sX"
    "rXt6K7kaoJtW5/qi9+0cxBcD9Kl/a7UuL3sPLJV16h9K3723fuU10pKrAbpoXX55uD0H0W"
    "d+JlbxUtp+ejAT6J0qWnBWJdD77KykaMGZULTg8DK8ty77nb+2FVeomOocRJ90AnTuWY3Z"
    "KzoB4is9Bnyyb6koW9I0egQasdfWJtAoPg8orEJLih0lhH89R9Tjs5NKq9BJySp0YnxR6y"
    "7nV/FF1VfO11e5tkGMT6n0rkGoz2tAvCMJfo9ejVylX5j0PPO8WS73R8YBpTznQ2j7VKzm"
    "NODRx1PwnRstvwPsg+/O1IM+wYiOiu//weVw4AQkFY0DHBLH6chSnm+3c+NjqcHy1CwR4k"
    "32872E/SznDZvt9HBBZNtBMeBF9HWofJTF/qxSYrWzksRqZ2JitYNMPv+J5aRUw5zTnAP2"
    "d4AoGt3Pbeu2dX//tXdHRe7cDT0kb8dTmgdePUf9aRUl02mxjulUUDHxgBB6fEFKpTGzVP"
    "XDeSeri5Gji9GvrxzNSxASSM9B6nzP05roTn0cI0ROm7IZfwQu+/CFSjXrrOJZSjOXdeby"
    "UpDCqhHbElJTQKMY3CmcDul/E8fbBGehFwN5NuhhXZS3Cezh7EqmGoweZhGT02Hb1WCW83"
    "kLuN5kOqsnusICuBrj9M60v9Gr5ba1El7JaUkNYOv1RnQNEC8f3a9d8oiPfInhNJkRxQbT"
    "ZOOoYifldst34DtkTsrfl5ZJwPMk/MwSJYyZO/Pln9uXX8ASXzDB9EcAJwABBsHEDn5qAs"
    "KuoMReuv2XDJDn0hYgGn6ADzrWL/2ZGLD+fnYQgYg4gfMC41YIEsILLDFHckh4nSX+zehf"
    "/Bx6xhiry6GoWWKM5WNIRV2/IKidCfb4rIoNlrYqcXgTrLCPjk8CS9W5OUu1RwPgrgZvzq"
    "RXySRyVGISORJNIlzBrQp0hsjgXAXnRSIOVQ8OgbCOrvu7qNHm2ugppKcatYG9pNnjuI48"
    "yvYwsrfvjm/iI/SKj1gsF6MJyyuxjpWkoAtj9NbFflLF6J1P/MTyEm02GmQdGROazia0dJ"
    "4ki1e5E5lfXBtPSrxWHpS1pv37Xc35HeRZojhRfGQS4QrvkhytmU46Tycu9UTzYU1HojSx"
    "4fWB8FrN71UgrJ9r5vZdYId0exlBy/PxiIXZ0G8iIF6aSEpKb/JIVc4jNaWoUanXGjtk5N"
    "p08ZEYzfrwR1FKRil1HcZ92YrW/tbPoC9EUi8WtOte93PSPB9enRPefOxBP3DUcglmqUyA"
    "ezlb1ghwD3DgWQSOfKjkop8jq8OE2EPGDY6aB9GYZdFdE3SR3IBfHfykOK/6IVdCbo65Oh"
    "9zOcOiGIcASs65F85ToYJApK1RktQ/HR+fnHw8fn/y4Zez048fz355v9ATiI/KFAYXnc/s"
    "vJXhsHgAO6zApL0am+urojXZW+vGdcmaK2RvHUPP9oMpRIGiz7JAaBzsyxyXl3CJICs7JV"
    "5lOjtEcFc6JQrDS9kPMZUa33OsZzgnVrw7SQ4WcQ+fvtxBd5EkRw5+y3Mopw7vKFGEfGY5"
    "sMOxE1jwBTKizWBiPbVftjVG9YbKSuW32XR41R03PotZNpK/4eGGY+wq7uoveFhTsBz04g"
    "QchQ2h6iw6OsDzVyWolp7rG0K17SAW/aBCOIDEmvlOEEBJOiEVsLq0q5rOPXq2g0GUYW1L"
    "R4fb2HnljvW8yPJWc+heAbKDnJQ+HOEX6M9ps7HM4qKC2l3c1yX9t654ZVObxQkRN8Qtn4"
    "CxhlPzVYA6yAE2g8MJxs8WRGMPOxsLRF+j7tpxbzUaXruM+ItRa9GTytRjbxRi/3ItmmVR"
    "gAlL7VTjSmVTAn8elTOhXTpsZT0Hs4kd8Hg5unBDdg/YiMwgC+FjAXUTPAMuRk9RpB5+lt"
    "dK2VK/qyP0fmskb4j1KTEEkdrWlETZvXKwCYoD+DLMEPAu177naY3+XRf9exWrCwlHIwjH"
    "UsmizMcsQ7eeb9laXF7cOVjvMso7j74XWkXBQoUmZglljWzM23NBp78cjebWVKnKb4bI+P"
    "UL1cB9X5Y7pCTEOyGoXUDsTnKx5k5H1a2gGTJT1WKVFTSCaws20PjYf5Xq8TARrmAKzYwx"
    "nQpa5JlQLJ6l+bRaPkuPk2oCGrfDgUfsA8z+i4Vs8JbesEEASQBiv/AmmDnBBCAckfwkl8"
    "s2605arzLpJGYjb86uxcKVuZap0wZmyVvoj6YkQrOU65UR515XnFvwSTzTl3gwpqlqdK7c"
    "s+9iNK84cCqnpQxVDXNabL80SRJnI1tSioHOUhmgKwDt2XMX2xKUi2OgUiS1gHjfkU8HmE"
    "fktt296nQ/K26UCdk5iC8G6P7h8rLdvmK5RBaXA/Sp1eHpRaLP/JmpysTYfnKRWPOpomZI"
    "kxglw2H7/RsV9HZU0DxoJp4Y66YSyJKbKCt9PP5LTA5rMDtPazitM6eNqaOmpo7aw0q3FG"
    "WLR5bKmD2qmD1yOsSqisEcmTF7SJVQipi+mFi6FJwlViSYcqHbjhVJwSlP0wG70oqUm7Kr"
    "ayrAl+0EK245oEnHYMX01FU1zwnqDJauS2I4UPc0TXlE1mRM78PTdLEUFNsy06vFaltmer"
    "WqUn0icft8Q8DD3XUT4BmCYzCcAxsB7D/ZyPmd8/+ceYBOoO0T5kHKHEajWER6m3AiH0zt"
    "OSAQiibOnb2liiNqunuJ7TIybfKkLewRgj8y6gVj23xd22boK1WaiJvXwgohZImvmCa+NE"
    "+8xBNp+eUUgM6R1U782UlS/qXZVynFXY5Mjxx37H21yXGX2gAUnKJTVHt0iU6W+YP1iB47"
    "JMqRRndhorjqiKRm5amy8iyAU9fB50iNCl5nFXyU89Ei0JYuZ8UuHAJhLY5Q+3bk8Hz44u"
    "CQWGvzobiHOiTxfG1+8CoekKxTCKS0J7Mo6rwosmIePCGuE2sOVRgvEBte68xr9tPgKGQ1"
    "Ry3GutCXyVqFxtIicuO8lT/F5xVlitNKQm4mls4Ti4rBBK5Z6CdLavisNZ95Tmvmd0XWOS"
    "dJyA2/dea3ccIt3jLr64Rrsm/XjeuSyS6kmEpm7FA17lwgNB5DGWAlNuaq0EpIjX9buUNW"
    "GjIRamWPoV6uu8OEeKXXkGSgrfbKWk78LQD9QOB2dJY6OmUJS+QGGeTjfATSSmhreGbVMG"
    "nFTl2zWhT60aQh8ciKnzTLHLHsZZtV7lfFMKx2bFLySyrUd0k3HIl2Kx7xm/kjaR8SUOyG"
    "RKcPUfSQSZHUwpa2hwJsbFIpIBw3ryG6R5V8AI5KfACORB8A+sZA6mNd7HmUItm/19HrHE"
    "u35l8kHGD3mTPpX/8P0osRzw=="
)
