from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "invitation" (
    "id" UUID NOT NULL PRIMARY KEY,
    "role" VARCHAR(16) NOT NULL,
    "access_rights" JSONB NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "created_at" TIMESTAMPTZ NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "invited_by_id" UUID REFERENCES "user" ("id") ON DELETE SET NULL,
    "organization_id" UUID NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE,
    "user_id" UUID NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_invitation_user_id_25756b" UNIQUE ("user_id", "organization_id")
);
CREATE INDEX IF NOT EXISTS "idx_invitation_expires_07d530" ON "invitation" ("expires_at");
CREATE INDEX IF NOT EXISTS "idx_invitation_invited_38e410" ON "invitation" ("invited_by_id");
CREATE INDEX IF NOT EXISTS "idx_invitation_organiz_5685eb" ON "invitation" ("organization_id");
CREATE INDEX IF NOT EXISTS "idx_invitation_user_id_3a88c8" ON "invitation" ("user_id");
COMMENT ON COLUMN "invitation"."role" IS 'OWNER: OWNER\nADMIN: ADMIN\nMEMBER: MEMBER';
COMMENT ON TABLE "invitation" IS 'A membership offered to an existing login that the inviter does not fully administer.';
        ALTER TABLE "audit_event" ADD "actor_organization_id" UUID;
        ALTER TABLE "organization" ADD "suspended_by_id" UUID;
        ALTER TABLE "organization" ADD "suspended_by_depth" SMALLINT;
        ALTER TABLE "organization" ADD "deleted_by_depth" SMALLINT;
        ALTER TABLE "session_token" ADD "impersonator_membership_id" UUID;
        ALTER TABLE "organization" ADD CONSTRAINT "fk_organiza_user_a030b9ee" FOREIGN KEY ("suspended_by_id") REFERENCES "user" ("id") ON DELETE SET NULL;
        CREATE INDEX IF NOT EXISTS "idx_organizatio_suspend_f62a3b" ON "organization" ("suspended_by_id");
        ALTER TABLE "session_token" ADD CONSTRAINT "fk_session__membersh_98ceaf23" FOREIGN KEY ("impersonator_membership_id") REFERENCES "membership" ("id") ON DELETE SET NULL;
        CREATE INDEX IF NOT EXISTS "idx_session_tok_imperso_969bae" ON "session_token" ("impersonator_membership_id");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_session_tok_imperso_969bae";
        ALTER TABLE "session_token" DROP CONSTRAINT IF EXISTS "fk_session__membersh_98ceaf23";
        DROP INDEX IF EXISTS "idx_organizatio_suspend_f62a3b";
        ALTER TABLE "organization" DROP CONSTRAINT IF EXISTS "fk_organiza_user_a030b9ee";
        ALTER TABLE "audit_event" DROP COLUMN "actor_organization_id";
        ALTER TABLE "organization" DROP COLUMN "suspended_by_id";
        ALTER TABLE "organization" DROP COLUMN "suspended_by_depth";
        ALTER TABLE "organization" DROP COLUMN "deleted_by_depth";
        ALTER TABLE "session_token" DROP COLUMN "impersonator_membership_id";
        DROP TABLE IF EXISTS "invitation";"""


MODELS_STATE = (
    "eJztXXtv4za2/ypEgIuZAm5uk0mmi+zuBZzE07qTONnEaYutFxrZomM2MqWKVBL38d0vSU"
    "m2HpQi2ZJNa/lP7Eg8lPw7h4/z5B8Hc8eCNjnsuugzXBycgT8OsDmH7EvqTgccmK67us4v"
    "UHNsi6ami4ynsNGYUM+cUHZ5atoEsksWJBMPuRQ5mDfuAtf0KIYeQJjCR8/kN94RMPGgBT"
    "FFpt0BY8fHFqAOcDAEjvdoYvS7aAdMdp1f9BwbHvIHWs6EPRHhxwb69jH6zYcGdR4hnUGP"
    "PeGX/7DLCFvwFZLoX/fJmCJoWwn0kMU7ENcNunDFtYeH/uUn0ZK/99iYOLY/x6vW7oLOHL"
    "xs7vvIOuQ0/N4jZL/KpNCKAYt92w5ZEF0K3phdoJ4Pl69qrS5YcGr6NmfPwT+mPp6IHy6e"
    "xP+c/F/4arFmhjG4GRr3vaFhHGS4yV8hxYTw0sTBXBIYHzhQf/wV9LsCRFw94A+4+L579/"
    "7Dx68EBA6hj564KeA6+EsQmtQMSAXoK5TFZwbni5npyXGO2qeQZi+6DsbRhRXIK5GP4IsA"
    "agDSg7n5atgQP9IZ+/f4m28KMP6xeydgZq0Ezg4bo8HYHYS3joN7HO8VvnwkyPHtYX8uMO"
    "6zdzLxBGawjmhVxvrg5qdB7+4MiI8R7l5e9wdnQHyM8HXv+pzfDD7Tc00Znhx9LMGSo4+5"
    "HOG3kgwxJxNIiOGhxxklWc78cH8zkEt+hjDFFgtNKPgT2IjQptgTm3DGPrIpwuSQP28Xcw"
    "4Hivc8J+Q3Ow76++vuz2l+XFzdnKcnJ97BeYo5rgen6LXKfLSiaGqUZKb9rU1I9Qs/gWwd"
    "p8bMJLMqIKfI6kH67fV1a0B/PCkB9MeTXKD5rSTQDC8OhWHSLM6X7A5FcyjHOkmZnmNC0s"
    "PoizoLQXno2Q+0brC9CFleAP2wf927H3avbxMTzWV32ON3jsXVRerq+/R4WHYCfuoPvwf8"
    "X/Dvm0EvPR8t2w3/fcDfyfSpY2DnxTCtmHRGVyPUElyHry5iva3B9SRlDVwPX1cVpu8Jky"
    "NMCrnswWfnaa2xnaTUXFaZy7ZJqOGTtficptWcVpnT0Yo7XhjVbA4Zwg3MD2/zd5vbo01s"
    "DStg46ahitBKSOu07ewrutxYNn2SGnLiiGWR/uR4ED3iz3CRMTmkcA2Nljep7vYS4dXV1f"
    "M982VpbJSJGfvCAIA0UIm69xfdy95BznxRA84PBJbRnpScHt6ENzNBJsBlbwEGD1dXB0Ks"
    "x+bk6cX0LCNHvk3fQtSAzxDLzDbnIfWnz3fQXgqtHPIu76nHO9rbdTeDvIDQOXZi0CVAzd"
    "6aH8/TV0xsPoqfxJ/Nn5QFTObeSMBZ4OJYMbCUmyMfk7edCr/IRnZMs2bNf2Fv5rEOcm4m"
    "6F2TztKNtN9ip36L/TKwbNW01V77ijmR727yLZcrivaZh+u3WjK0HM+AcxPZFUGOk23PXX"
    "XQ1JyVcgyelkGatcp3DJ5msEZzF3rEweZakMup10JesR3OFqAP5HUD7TS3g0YNAKoYeNa1"
    "AES7qLIyLiVu3eRyenRcQsJZq1wJF/eSuIdbW4FSBcRTZCrHHayJ9ocyYH/Ix/pDHtTVJp"
    "AEkZ40pIhWjUxKkbVuomhkKST+fG56EkNWfhxMjESNCBj+2NZEwCC30jbQbee27+S0hKif"
    "nOZKOr8l2/Ots83Trh3JHB3GK1cFNEGlIc1XCCsaEbOkGlw1XZGKTbuNuCLFvKl9Y8W+sf"
    "jikuMWy5sdNLTF0EqmwxIIx1JwNgR3lfDTSniTq3gJZHcbmqDmjLtxaEIZ73mTTuFL/ibs"
    "3X5wxgcSr3D8dqfILWyFDY1fw5Zl0t98puoDZ5pJQHtHGJYQHoLhjCehvQDELrCvDGA6+7"
    "v4yoTAh2AOCWG/C5jsZ1mP8jy4Rh5SxnfNBgD1BUozaHp0DE2qXc7b2jPmu5yV2UMq5pVs"
    "YIde1fYnJW6h+bqRFMV9dtJsDflG3DQeNAlhex9j4hPqzNmmlS0MVeaV3A60hpqycy+X1H"
    "UScVfUW/Qq/Ouh99C7rLhEhlRnIPgc4buHwaA/+O4MhF9G+PJm0DsD/O8If+r2r3jr4DO9"
    "CSozLurPUXRnJqk0+S8JWufyqd9babHNbBbbPqZyaKPmKWRRqdDZtZD9pilgH/kbfH18dP"
    "Ltyd8+fDz5G2si3nJ55dsCrPuDYdpJ6VBTErGTi+SyvYYyDaVJKZy7sqjuXDTjJBrQNKDQ"
    "82RGwiF8zYFzSdAGT2JRvGvv52Gxx3YZ7np1M/guap524+pUbx2KzLaE3npcT1Lq1FCVU0"
    "OnCCMyW4vNKVLNZ5X5nLCzVmR0mlZzWmVOe5BBStZK95aQ6iiLojiAOGA1+P1a7bOWCJdi"
    "7j5eF3KekwMau9spdvYl2pVw9T16ju9yL5zPuE8AwgRZ3KMWGTw74AXRGUCUAOcFg7FnYo"
    "vxowMIpJR9IaImZf8WsBuPkMgcfU08QuLmk+akChz/k/IAaj/fTv18uiRms/6m+JtlYM43"
    "UqTIWmDs3balwvUQj9znmMrsQ0VFFlOEbbATJSW9yMIWQf9trpR/m5Zx23l0DN+rlNMZp2"
    "kfwGwiKDmXFE4mmdlk6jgUVrJ2rij0HFJ5DrHZHsdnW8RKgh2jaZ9g1+8B5VaC36WOuoLs"
    "txhN+zBuoNSBbTsvTNtCrhFs27NgF5SClhGrkQzXqnLQ2rWSPz7a61rxXWtNricpNddV4b"
    "rEMhu+/X5G16pifW9xtci9zMlYlovMt9HGpjlubcxiX6WSYW0WcSXQbrSGYd+Cc5fpfXiy"
    "uIMTx0saVnMbdYqs2WjV3PBW7d+0avO8kSnyCAVsvDJoue3ZBMGWhV1i6EErsDnzXBLC3h"
    "E8wQUYL1b/T9gWFHpZa3a9XUut2EHiYpgp57jQWwopv6Zt2UrZshPMKqtLJohaaNWuX5tM"
    "DIPSqRNxIg1zCZgrynF7JbiZo8rEilHFDrKiUMP40apKQNr4kT8Y9lMN3rMjhEpwXZEQJZ"
    "WYnBuFltHGdxPI08fPiJoh+FkNaHW3WPVJtisRyDOH8zFTeGeIh9pMoQfFCbImBvCVrRKM"
    "8cB2HhFmeohJhTIiHgE9YDmQAOxQMGU/ZAFMa84ja6lM+2nkKSM8wn0KHj2TCSJvMuPd+J"
    "giW/QQdMhPh3TZfUTP2LKHn3gbExC2N2GvEDSZ+0wt44+Y8XghRjrC0dOZsMwcD9EFcJ75"
    "v/G3dLjqlShAQJgmx97RwflKGjcuRBaKlNFCa2hKaWj6gFh9QKz2CJbdFFPnCeLK55cmqf"
    "TxpW8q2lr30LqH1j3ao3skKgmKPeca+S8ZQp39srce7P1DN6bRlEU1RqLR3O9wABVTttY6"
    "PNInsmDlpnLh9hTZuPXiTURXy9L2cFVy+Xq7Lm56AVcqw/CKm7yGM8+hVGCcsU0mG3SKzJ"
    "PCfGbQeNsSJsqJ42MKuDEP8G0qeGHsdF46kRVvvADwGXoL0L3tA9dzuLZ/FjcBhkVpwpqh"
    "EutkvQ8Y4YmNIOuQbf7YTE86ounURHZkcoxaAh8/YZ67KE4KC9oxCkiDCwQQ3g11gl7D7o"
    "Th8wYHJU5d6IlAEfELWPcenDASe3HGi5vCl/CXCOvli8eELKiIKoqjYuDa5oQBvrR6kskM"
    "Wr7Nra5C+ghvSMDLzCERJqLx2HYmT2BmPkMwdugMuCYh7NnvCYSi++BlPDLCTARYf/zX8u"
    "uWw34VeywTSyZqX5Wsu5prB92l17mFVoZ8UygXXd+TheLnFoKKk+hCUOlCUMFYMkTFmaoq"
    "fZpWK/UqK/ViqmRLu3BLVWV1hliXMFGN14o4j6+X7lXZBi12t3B3Nk+2ezteFrEtginKM4"
    "SblIQ7NIhnNQH3hkWbDBA4Y0DgjAFTz2E7BWwR3okkaraBB2zqlpWWixAOP10HXntstcdW"
    "e2z3w2OrXYn546K9rsR98oWoshFtiTNkT+As8IYoZ6NXIj2vs4mRXnkHk5IQ15pvujoVj/"
    "dG2MaHh5JmmVElAfU+6GXI46v21iiQTURNFHreBVD7IrCNpuwOHCr1A4nrnSIDA45alDlL"
    "zkPPPDmW0wBz7PiUh4vHR14HPCOCWNfcNsCrQAbR2u9I0kgwmTFgpAfJ1f+EMqfISSaP2I"
    "5aGxF2a0Sg8FWiEOUXLYvaq2w4qMUaq49o0DpoPTqoriPUNq5L3COZ/VqwdFZUjhNEOqxV"
    "BugGFp38HnRY5v6GEKuyY2hx1KsSOl6njrDXYArYnlFNyYn4TWgTy1BOcOYbU7OScqww1j"
    "WY2Jq0gSR4IbGFpHmVbxNJC0kZ2whm3URBlTPEhMCbzBaH4As/5/lLdOz9nImGh0wb/Q4t"
    "wCWL9bvgYRAWmDoeIP6YehACJhsekh/A0cRjePBq2MHMYUgHncNXgCwRFRsE2gb9MHIe1R"
    "G+QcLkgiiB9rQDoDmZsecEdX9HeLwAo4P/HbHfQhz2TXQW1QWwoAd+Hh3w9xYvAK76n3vg"
    "50Px/c8/wbv/efcFsK55lEk4RECwjJc37bzgpe39id3R1pwdW3MEEzI4lwsJiWibsuzUMP"
    "keXHfvhyLqQ3yO8F3vvnd1xa9E30b44uF+eHPNr0Xf0kN9N9Eh+jiXZsuGTZy5a+JKIfIx"
    "khYcwbAVjDFla7Uh0jWqIZ0ibB/ep2XyElirfLxPs/UPQtjcWcVjGDKErcP7pIx4n+RL90"
    "lGuMN8I8NGGB5VATtD2DqwG5lM4rAdr4v3sca79OSNaLXVMWzfOnSPSqF7VIDuURZdvlM3"
    "bQafVWmiTpG1DuvjcoJcIMfZNdHHTOWuthouSdoHcBl88+FNo8ukkfqSIKNyOuSKemta5E"
    "H3Ytj/sVcR7IPb3uCyP/juDIRfRjjo5wwEnyN8/3DP7/Uuz8Dy6whf9q56Q34t/KKGbhng"
    "bozh1PFgZDXciIfZvhQ+zatl3OQWukprSNi+danep0dlZjfWKhdccS997Ksrg/d+btp2bn"
    "73kqg1yd0fjr/9uMzr5v8UpXTfX3evrrJ53a5tVnUPx0h0fMMeB4dtdVLYzyghHRv238j1"
    "UrFhEypCsdfhe5pW10hQh9HZ8U184kIG4zqcTtNqTqvPaZ5cY7CJi1Q7gklKrLDCte5+vp"
    "Th7bTA8HaaNbythsl4Yay1uZf3sNZOXzX469vrB4aA9UGW0WuIpRBXXyqSlHqhUHmhcH3v"
    "ERrmlMqSu4vZnCLdCp8VUaT3js3x2LjSsfMxmkatI6oM3grmkcQiXQ1WCam2PRUmJHA5zC"
    "LcdAS3mnL7diJCbNQmYrbv2CRy178YHuQKcg0YtzoRQTJyK9eKjpldXMRPE96whELXRZ+D"
    "0rp7ZlArVWbC9C1EDfgMsayEWSWceE893lF7hn7akWR6dL45UpfLjtoqVatjGjeEKnkuZB"
    "uhWhUl3RCqZBXUNkLFC5kQI0iggpIdYRW0omIurcVJw5MHz2SGbMuDEoNtFYTaudfNuPs3"
    "lKNb1kVb5YhtxJ/RZNORdh/00iaQKiWmxvGc+PwsYsN1bDSR6EoRrDcYDh32pwy4QZe3yx"
    "5bMkyrpvP6dOy89kQyjiybN3a7U5jMKxqusnpKJPOGh78AfjwLhRiI46UhGPsEYV7InNFj"
    "YgZ5mDwbVhwJY/OkW34ujclPuKaO7MztGjsuk/u6CnXF8JUa4Zk4uqTZGuK8tSRYOc5NJ7"
    "7u0OFa/4m81DHC9JsqECepWgh0I9l/xB//CicSZ2BRIMGSpIUofygVP/ChIH7gQzZ+YOxY"
    "kr1FfgXEqH0r8N12BUTV00skaTxhSkHFNVCSknDfGwzPAP87wp+6/SuedxB8pjczZcZCA8"
    "dXhMf6ZbmTG9QRJ2lNZHxtx57ZJqEG9DxZwan8+SVJ1YYgsG1PMvsVSa+Dqs9qCaVPq2EV"
    "WS8h13FUKgfYcP19najqFZnmr2r8zcSk7Kba3a1JyIvjWXf8bOLgrASJlUzSqlNkLHPD9o"
    "Y48tigS4oSFfAI47oNv/YJBFE34cnJNsJP7wgQvXUALyLH69LxYwSf4IJ9nZlkJit2V0OP"
    "G5xlrC1hWynuz1locH5VM9bEqVqXVFy/TUzvN/8b95vw1UUejz+ozPUkZfvydfeEyaV2mb"
    "yw6zrZuURnY+wFf6MZuHJQeYZQh5SnB46yR0PuB5oFAfrKnQypYvB4pYMhV8N5e7gqOezf"
    "hDUz8VWOyG9UdecBZjJlPQw8K1DPoxZvquP/8h3K9GEXeiCM+QI8hgC8H/Ba6v8EPrbRHD"
    "GMvhKBJjwKhd/nGjR/CICYP1NSgr7OjrVyrsAU3ilQznU98GbLnSJiTHxCnXkW5HPHsaGJ"
    "c+Q5TpcCe8wIm0J7eWW7Enx+c3OV2Kyf99Mutofr897d+yMBPmuEgpk+6+98gWPCbhq/8W"
    "ksi3quFzlD16K6ALU5k/k8MjZJdXSzhBreLLw8dJSHslZFN0Onwc2CO6WuYU5EFd7KAEtp"
    "NciSCQIT43e2T6w+QWQINbxZeLl64ruVwU2TaWglkovIU4CQMR9XEdw0nQY3C26gE1qGUB"
    "Sz4P5wfzPI8VKkCdOGbDSh4E9gI9JYoF9MzRv7yKYIk0P+vF1oehyoxD45E6mWDkrrJFVC"
    "3oGOVNOeQ130tX1cl7iaMumhOywIpaYBv16XyI5qFqkJ7fo1i3Z8zmwqQVdiyM+m8Oab9C"
    "UZxG9a9/Oh1hZ1BWaAToFFfY6wsQyyDI3L5bWJHGqtU2R1Cg/+5iMPGr7rQm9iEokfo9DE"
    "LqVfz9SuGNLbMbRH+PFToDfBP0Gv8a+Mv4UekWQPXwr7Ja3GvTLuZDEfO5LzZ0sBvyLWyJ"
    "dGfrkwitjVhWGZsjKKuWtrHrleXCUGuwAitpfG7LFVkc6h1kDLXH6vxtRE3MZpO49IVtqq"
    "wO0nodUgS3KgncmT41OD7a59aRW6XIgllBrgLMCmzXdxloFcwzPxowzifBu/lHgjO79iaG"
    "/boE8gEae42GgqTLBryH1RF3oAZAeAtqbnQ91ia3rMTFvVqJ4l3a6tbT9M61UMwHK+ZJkS"
    "VWrcki1eBVa8bYrPimMJi/yGVvagxqjUvL4sP1pkV181ejNanrGbJ5Y7vjeBwJkCEwThtd"
    "AD700Qxn522OUwlK4DDg8PvzoDBFLK8CXAYRNYB2D4zCi47TcbN9/MI8pUgZQwT5QT1DUg"
    "d+sKyK8B+XaVsX2oB3nwU+/8vj/snYHwywizVbl73r1nl6JvI3zd7V+d3/x8BsIvI/xpeG"
    "t0Ly5uHngtstg/jH5wb/DFmtGH30b4vHvx+eH2DASf6XFXJrS//jJlOm8iVnXytEzexOlp"
    "QdXJ00zVyf0r0de9GPZ/7FWcoUKqMxB8sgHQv++ei6p80Tc1BD5apaoo9nEaNeL2+GN13J"
    "6O21NU5ywTt6euzqmulW2DgK5CTVKBuK5dQNyQNrnF+C5h3MytqZa43ynWQQMzaaUyamNo"
    "ekzFEzRg6jlz8EW4b74AxwNf0NyFHnEwk4ovfxc6IUCUxKqeAUTCemiyimr1dq6jzRSYnj"
    "oFKqYuribZ/dZfXG01bvhoZ5sLIlsO8gHPo29DYeUk9qelsuhPC7LoT7NZ9K7vsXGRo3C/"
    "rQ7GyLeoD37iBUiqYS5ozgD/O8IMjcF3PeO2e3//080dUwhTF9TQC4OD/UqPA7edUn9Sxg"
    "Rykm8BOckYQLRylw99e5U7Xc5xje2TSkyWeI2zXPbgM9uArTO2k5S6qKPKXF7t+ZyqGXcS"
    "Ul3YMR/c1WnFm+Cc6UVDnoxUXRflOoHdn1VJVylVw4Krq5TWXaV0njjTfUNc6z4gXkV0Mx"
    "Pg2xjHV6btSa+Sy9ab8Ep2S9UANnYn0S1AvFi6d12KV0i+xMcTjYh83060cJRx6QgXyyH4"
    "Ig5//rJyogCR3Po1z261eBTgxfe9i89ghS+YOexHAEQBdQCdmfSrDiD8G5S4dup/yAi7Nm"
    "sBAvEDQuh4v+xnOoD39zXCBGKCKHqGYStxjHVwdLX3DImo/yvejP11nnxX+41U2RR1CvxG"
    "y8PSy1pulwSt8xY1cmryFHmEGlWjBJNUW/RVNCW8Ke9DKd/QUYFv6CjrGxInlVYFOkGkcS"
    "6D8zJ7uqqzOUPYxhjYJmqH2yZ+9Nmupppgr2i2KNdB8MsWJLv+uFYdaKxWoPFyupjMeDLw"
    "Ol6SnC60K1QV/0kZV2i6WgcvJrGZNMg60i40lV1o8eIWhqi+nmV+fs12KfFayetrDftvmh"
    "rzDRTHYDgxfGQaYfHYStPq4aTycBJaTzAeqk+jGWLN6z3hdbUQvQyhjtZrW7TeVm1t7d2h"
    "6povbeO6ZGbN1HyxoGt6dA4xrRiykSHU8UVFcRsruLIgV/bJXiY620dw3/TJZsSrshs2Vs"
    "7NRcYTXBAjXJ2yHDgPe/j0+Q7ay3RGOfhdFzFO7d+mIQ/5ZOU730LUgM+QE20GE++p91yX"
    "jKoNlRHLRNxUvNqOmxjFPG/sV2e8oYxdhl394IxbChbCz4gKFDaEqr/saA/3X6WgWgXubA"
    "hV3TF86kGFHQqJ8eIhSqEk8bMKWAPWVUvHHtvbQRrkwte0dbgNbfd3vOdlPn7LodsBZHs5"
    "KJNJ1WEphg3RS5d+aKGo7QSovRGwJmNRu9BDE26AzESjhnc6RfGo5qqNMsdH5TrfpBYOib"
    "MtHEDqhgrW4mzLj8N8ZjOYtLRQvoE+RtLGSKomqgnyQVUB4bB5C9FtJDKQPZFKzXT5lQFj"
    "JNsvDLgbS2htJQAzNtNtJlb89f+fYORI"
)
