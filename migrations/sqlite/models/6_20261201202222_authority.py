from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    # SQLite has no ADD CONSTRAINT: the new columns declare their references themselves.
    return """
        CREATE TABLE IF NOT EXISTS "invitation" (
    "id" CHAR(36) NOT NULL PRIMARY KEY,
    "role" VARCHAR(16) NOT NULL /* OWNER: OWNER\nADMIN: ADMIN\nMEMBER: MEMBER */,
    "access_rights" JSON NOT NULL,
    "created_at" TIMESTAMP NOT NULL,
    "expires_at" TIMESTAMP NOT NULL,
    "invited_by_id" CHAR(36) REFERENCES "user" ("id") ON DELETE SET NULL,
    "organization_id" CHAR(36) NOT NULL REFERENCES "organization" ("id") ON DELETE CASCADE,
    "user_id" CHAR(36) NOT NULL REFERENCES "user" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_invitation_user_id_25756b" UNIQUE ("user_id", "organization_id")
) /* A membership offered to an existing login that the inviter does not fully administer. */;
CREATE INDEX IF NOT EXISTS "idx_invitation_expires_07d530" ON "invitation" ("expires_at");
CREATE INDEX IF NOT EXISTS "idx_invitation_invited_38e410" ON "invitation" ("invited_by_id");
CREATE INDEX IF NOT EXISTS "idx_invitation_organiz_5685eb" ON "invitation" ("organization_id");
CREATE INDEX IF NOT EXISTS "idx_invitation_user_id_3a88c8" ON "invitation" ("user_id");
        ALTER TABLE "organization" ADD "suspended_by_id" CHAR(36) REFERENCES "user" ("id") ON DELETE SET NULL;
        ALTER TABLE "organization" ADD "deleted_by_depth" SMALLINT;
        ALTER TABLE "organization" ADD "suspended_by_depth" SMALLINT;
        ALTER TABLE "session_token" ADD "impersonator_membership_id" CHAR(36) REFERENCES "membership" ("id") ON DELETE SET NULL;
        CREATE INDEX "idx_organizatio_suspend_f62a3b" ON "organization" ("suspended_by_id");
        CREATE INDEX "idx_session_tok_imperso_969bae" ON "session_token" ("impersonator_membership_id");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_session_tok_imperso_969bae";
        DROP INDEX IF EXISTS "idx_organizatio_suspend_f62a3b";
        ALTER TABLE "organization" DROP COLUMN "suspended_by_id";
        ALTER TABLE "organization" DROP COLUMN "deleted_by_depth";
        ALTER TABLE "organization" DROP COLUMN "suspended_by_depth";
        ALTER TABLE "session_token" DROP COLUMN "impersonator_membership_id";
        DROP TABLE IF EXISTS "invitation";"""


MODELS_STATE = (
    "eJztXWtv47aa/itEgMVMATfbzCTTg5zdBZzE07qTy5zEaYtTH2hoi47ZyJQqUkncy39fkp"
    "JsXShFsi2bVvkldiS+lPy8vD7vhX8czFwbOfSw6+FPaH5wCv44IHCG+JfMnQ44gJ63vC4u"
    "MDhyZFHoYesxKjSizIdjxi9PoEMRv2QjOvaxx7BLROEu8KDPCPIBJgw9+FDceEPB2Ec2Ig"
    "xDpwNGbkBswFzgEgRc/wES/LssByC/Li76roMOxQNtd8yfiMlDA3UHBP8WIIu5D4hNkc+f"
    "8Mt/+GVMbPSCaPyv92hNMHLsFHrYFhXI6xabe/La/X3/4qMsKd57ZI1dJ5iRZWlvzqYuWR"
    "QPAmwfChlx7wHxXwUZshPAksBxIhXEl8I35heYH6DFq9rLCzaawMAR6jn4n0lAxvKHyyeJ"
    "P8f/F71aophlXd8MrLvewLIOctoUr5BRQnRp7BLRErgeBFB//BXWuwREXj0QDzj/vnv79v"
    "2HryQELmUPvrwp4Tr4SwpCBkNRCfoSZfmZw/l8Cn01znH5DNL8RVfBOL6wBHnZ5GP4YoAa"
    "gPRgBl8sB5EHNuX/vvvmmxKMf+zeSph5KYmzy/to2Hevo1vvwnsC7yW+oieo8e2RYCYx7v"
    "N3gmSMcljHsjpjfXDz03Xv9hTIjyHpXlz1r0+B/BiSq97VmbgZfmbHmio6OfpQQSVHHwo1"
    "Im6lFQLHY0Sp5eOHKaN5zfxwd3Otbvk5wYxabDxm4E/gYMqaUk9iwBkF2GGY0EPxvF2MOQ"
    "IoUfOM0t+cJOhvr7o/Z/Vxfnlzlh2cRAVnGeV4Pprglzrj0VKiqV6SG/a3NiBtvvFTxOdx"
    "Zk0hndYBOSO2GaRfn1+3BvSH4wpAfzguBFrcSgPN8RJQWJDlcb7gdxieITXWacnsGBOJHs"
    "Zf9JkIqkPPf6B9Q5x5pPIS6Af9q97doHv1OTXQXHQHPXHnnbw6z1x9m+0Pi0rAT/3B90D8"
    "C/59c93LjkeLcoN/H4h3ggFzLeI+W9BOtM74aoxaSuvoxcO8thW0npbcgNaj19VF6Xui5B"
    "iTUi376Ml9XKlvpyWNlnXWsgMpswK6kp6zskbTOms6nnFHc6se55ATXIN+eF2/21wercM1"
    "LIFNUkM1oVWIbpLb2Vd0BVk2eVQSOUnE8kh/dH2EH8gnNM9RDhlcI9LyJlPdXiK8vLp8vg"
    "+fF2SjqpnxLxwAxMItUffuvHvROygYLzaA8z1FVXZPWg4Pr8KbGyBT4PK3ANf3l5cHslmP"
    "4PjxGfq2VdC+YWBjZqEnRFS0zVkk/fHTLXIWjVYNeVfU1BMV7e28m0NeQui+cxPQpUDN35"
    "q9m2WvQAIf5E8SzxZPygOmMm+k4CwxcSwVWMnMUYzJ60aFX1Q9O7Gz5sV/4W/m8woKbqbk"
    "Pcim2ULGbrFTu8V+ESxbpbbay6/AsXp1U8xcLiXaRw9vnrXkaLm+hWYQOzVBToptz1x10N"
    "SYlTEMnlRBmpcqNgye5LDGMw/51CVwJcjV0ishr9kKZwvQK+f2qsgrhVvX5E+O3lXAnZcq"
    "xF3eS+MeLbgkSjUQz4jpbA1fEe33VcB+X4z1+yKo661FU0KNclm6cJU1yKwInLr+Mhmx1g"
    "0UjQzQNJjNoK+gV4q9MxIievhliMe2xi8De7UWJ147FyPHJxWa+vFJYUsXt1QL7nqjdFLG"
    "GBzScIZetHUBTUkZSIu3KTWprbyoAVdPA5lmw24jBjI5bhqLTbnFJjm5FBhrikYHA205tI"
    "rhsALCicCQNcFdhqG0Et70LF4B2d0azPUccdc2mFex6TZpqrwQb8Lf7Qd3dKCwVSZvd8qM"
    "lXZU0Po1KlklKCvgW33gTnJhUW8oxxKhQzCYitCoZ4D5Bf6VA8ym/5RfeSMIEJghSvnvAp"
    "D/LPtBHZ3VyEOqWFR5B2CBRGmKoM9GCDJjCN3WmrHYEKrNGlIzW1kDK/S63J9SuIX0dSOB"
    "c/tspNka8o2YaXwEKeVrH2scUObO+KKVTwx1xpXCCswONcNzL6bUVcJDl9JbtCr8675337"
    "uoOUVGUqcg/ByS2/vr6/71d6cg+jIkFzfXvVMg/g7Jx27/UpQOP7OLoCr9YvORc94U0lqD"
    "/0KgdSafzVsrbb6YzWPbJ0wNbVw8gyyu5NC5ErLfNAXsg3iDr98dHX97/I/3H47/wYvIt1"
    "xc+bYE6/71IGukdBlU+JEUIrkob6DMQgkZQzNP5WtciGZSxACaBRT5vookHKCXAjgXAm2w"
    "JJZ5YfZ+HpRbbBdOmJc319/FxbNmXBOAbBxk+ZLQX03raUkTsKhzwOIEE0ynK6k5I2r0rL"
    "OeUzxrTUVnZY2mdda0jzikdKUgZIWo8bIo8wNIArYBu1+rbdaKxqWZuU9kK5wVRCYm7nbK"
    "jX2pchVMfQ++G3jCChdw7VOACcW2sKjFhGcHPGM2BZhR4D4TMPIhsbk+OoAixvgXKjMl9j"
    "8DfuMBUZWhr4lHKMx8ykhJieN/MhZAY+fbqZ3PJGps1t6UfLMczMUkRUasBWTvtpkKz8fC"
    "c19gquKHylL/ZQTbwBOlW3oZwxZD/21hK/8228Yd98G1Ar9WpGFSpn0A84Gg4lhSOpjkRp"
    "OJ6zJUi+1cSpgxpPYY4vA1TsCXiLUadkKmfQ178xZQwRL8rjTUlUS/JWTah3EDAfiO4z7z"
    "3Rb2rHDZnge7JEGxSliPYLhWJSk2ppXi/tFe00rg2StqPS1ptK6L1hXMbPT2++ldqwv73u"
    "IchnsZk7FIYljM0SaGOcE25rGvk19vY4y4Fmg3mlmvb6OZx/d9ZDy/RWPXTxOrhYU6ZWw2"
    "Xha3/GX5V1ltETcywT5lgPdXDq3gniEIlyz8EkcP2SHnLGJJKH9H8IjmYDRf/j/mS1Dk59"
    "nszVatZLHDwMUoUs71kL9opOKa4bK14rJTyqq6l0wJtZDV3vxuMtUNKodOJIUMzBVgrtmO"
    "29uCmzlAS84YdXiQpYQe5EerMgEZ8qO4M+znNnjPDrapoHVNXJR0UnKhF1puN74bR54+ec"
    "IMRuDnd0DLu+Vbn3S5Co48MzQb8Q3vFAtXmwnykTzXFBKAXvgswRUPHPcBE74PgUxuRuQj"
    "kA9sF1FAXAYm/IfMAbRnwrOWqXY/jTxlSIakz8CDD3lDFEWmopqAMOzIGsIKxZmFHr+P2S"
    "mf9sijKAMB5WsT/gphkVnAt2XiEVPhL8RFhyR+Om8sU9fHbA7cJ/Fv8i1dsfVKJSCgfCfH"
    "39ElxZs0QS7EDEWGtDA7NK12aObYUnNsqbEImkWxWRSbRfHfb1GcSnEnF0MrBGbkBE1Yxt"
    "6aVvcP3cRSuyqqCRGD5n7bqXWMJVrprL2AqrxomwrS2lNkk9vqVxFdTkvbw1XL6ev1hK3Z"
    "CVyr0LdLwcUMpr7LmMQ4R5qlC3TKeDPJ61gsWfZV7uwjxE5MItE4IeXYwYgwwJdXfCylnZ"
    "hpGs0BekL+HHQ/94Hnu2JHmufJ1q5RcGI3JMx+6QnCKhQKCatJWLuPxrw+Z34q8l+iZ/DM"
    "2yAvLgiuZ5+rO0yaKfNnEuA5cMx/OiT2kEhPhPEU2YEjiDnZDqgoSMHz1KUorkmwaCPHHT"
    "+CKXxCYOSyKfAgpfzZbylCYU7OCOkh4crg9YkfK67b7gyKx/IGwpX+VcXUnIVU2S4Nk6/T"
    "ZHtn8S1my0TbCnyVt3ZhrqCkiMkVlM0VFPYlSyYlqbu5zsqa7bXO22s5VPJJVlou6qo6J2"
    "yyXOima03si1cLC5xqqZS4W7pOmqXLve5SifkSAcoIfmHwy6bsDl0eIRAGExBZ30DI14OQ"
    "rwcT3yUMEZuKShSOlQ08YF3LnTKjgLQJmVThxqhnjHrGqGeMesaop6tRb5+sErosRFtilt"
    "gTOEvsEtqx5VpEcHXWocu1N/VoCfFGQxKXB6eJ2ihf+Ahvw7wy6sQo3oW1DNxH1KLTulIt"
    "dydA7UuDbTSq89plSouMvN4pIxhIXKLKcWM+fhLxk0IGwJEbMOFRnOx5HfCEKeZVC25AJA"
    "oMHXrf0DRJMJ5yYJRnjW3+CVUOGlMMHokVtSERdksiMPSi2BAV57WKy+tMHGyEjTVZ/M0e"
    "dDN7UJNqpm1aV5hHcuu1cOqse3Z9Usg4mKoAXYPRKa7BOEjurzOvLiuGFvufarHH62zCAT"
    "UcArZHqmk5EL9++HpyGqpyqn1+YNWyHWuM9QYotiY5kJQuFFxIVlfFnEi2kVThRgivJnaq"
    "nGLeCPzxdH4IvoijgL/EJ6PPeNPwMXTw78gGomXxeufCDcIGE9cHNBiJA9XFqek+Vp/R0M"
    "RjhBNrVMHU5UiHlaMXgG3pFBu6vYb1cHHh1RG9QYpywYwiZ9IBCI6n/DlhatghGc3B8OC/"
    "h/y3UJd/k5XFoeM28sHPwwPx3vIFwGX/Uw/8fCi///knePNfb74AXrXwMom6CAin8erUzj"
    "NZcO+P/I5hc3bM5kgl5HCu5hISyzbF7Gxg8D246t4NpNeH/ByS295d7/JSXIm/Dcn5/d3g"
    "5kpci79lu/puvEPMiR/NZpYauzMPklou8gmRFmTp3wrGhPG52kIzqHLvLUM6I9g+vE+qxC"
    "XwUsV4n+Ry0cWwedOamfpzgq3D+7hK8z4ubt3HucYdxRdZDiboqA7YOcHWgd3IYJKE7d2q"
    "eL8zeFcevDGrNztG5VuH7lEldI9K0D3KoytW6tDh8Nm1BuqMWOuwfletIZe04/ycGBC+5a"
    "43Gy5E2gdwFXyL4c2iy1sjCxRORtX2kEvpre0iD7rng/6PvZpgH3zuXV/0r787BdGXIQnr"
    "OQXh55Dc3d+Je72LU7D4OiQXvcveQFyLvuixtwxxt0Zo4vooZg3X0mG+Lo0PfGqZNgVDV2"
    "sOicq3LtT75KjK6MZLFYIr72VPBvVU8N7NoOMUxncvhFoT3P3+3bcfFnHd4p+ykO67q+7l"
    "ZT6u23NgXfNwQsT4N+yxc9hWB4X99BIyvmF/R61X8g0bM+mKvYres7ImR4I+is73bxpQD3"
    "EYV9F0VtZoWn9Ni+Aaiw9ctN4pPUphjTdcq67nKxFvJyXE20meeFt2k9HcWmlxr65hpZW+"
    "bvBvbq0fEgGrg6ySNxArIa4/VaQlzUSh80ThBf4DsuCEqYK7y9WcEd2KnjXZSO+dmpO+cZ"
    "V95xMyjbIjunTeGvRIapKuB6tC1HBPpQEJoh3mEW7ag1vPdvt6IEKi16Z8tm/5IHLbPx8c"
    "FDbkDWDc6kAERc+tnbU5Qbt4WBw4u2YKha6HP4WpdfeMUKuUZgIGNmYWekJElcKsFk6ipp"
    "6oqD1dP2tIgj6brY/UxaKitraq5Ul+a0KVPjqwjVAtk5KuCVU6C2oboRKJTKgVBlAhxYqw"
    "DlpxMpfW4mTgKYJnPMWO7SMFYVsHoXaudXPm/jXb0WdeRVvbEV+IP+Hxuj3tLqylTSDVCk"
    "xN4jkOxHG1luc6eKzYK8Ww3hA0cPmfKuCGVX5e1NiSblo3nDdgI/elJ4NxVNG8idud0mBe"
    "WXAZ1VMhmJcAWRqI41kYIkCeQIzAKKCYyNNdfD7IwDAOU0TDUnFejCOCbsUpMVAcgsxc1b"
    "HMG6y4Suzr0tWVoBdmQf7MmcdMSrMVmvPWgmDVODcd+LpDg+umzspJ5ItzrSj8pg7EaakW"
    "At1I9B8NRr+iscIYWOZIsBBpIcrvK/kPvC/xH3if9x8YubZibVGcATEu3wp8t50BUffwEk"
    "UYTxRSUHMOVIQk3PWuB6dA/B2Sj93+pYg7CD+zi5kqfaGB4yvCJUydY8+SIq3xjN/YsWcO"
    "pMxCvq9KOFU8vqSl2uAEtu1BZr886Y1T9elGXOmz27CaqleIGz8qnR1sxP59Fa/qpZjRr2"
    "76zfmk7Cbb3WdI6bPr27eIIhaelaBgyRSlOmVkmReVt3whYLGFRIUMeJRr3UFfBxSBuBog"
    "qwEOJo9vKJC1dYBIIify0oljBB/RnH+dQjpVJbvbQI1rnGVsmLCtJPcXKrSEvuqRNUmp1g"
    "UVb54TM+vNv+N6E7142Bf+B7W1npZsX7zunii50ipTJHZdJTqXmmiMvdBvPALXdirPCRqX"
    "8mzH0fZoyP1As8RBX7uTIXV0Hq91MOSyO28PVy27/auw5ga+2h75jW7dhYOZarMeOZ6VbM"
    "/jEq9ux/8VuIzvhz3kg8jnCwgfAvD2WuRS/18QEAfPMMfoK+loIrxQxH2xgxYPAYiIZypS"
    "0G+yYrM512AI75Rszk0+8GbTnWJqjQPK3Fke5DPXdRAkBe05KZcBe8QFm0J7cWW7Lfjs5u"
    "YytVg/62dNbPdXZ73bt0cSfF4IhyN93t75jEaU37R+E8NYHvVCK3JOrkV5ATZmTBbjyAjS"
    "+ujmBQ28eXiF66hwZa2Lbk7OgJsHd8I8C45lFt7aACtlDciKAYJQ63e+Tqw/QOQEDbx5eM"
    "X2JPBqg5sVM9AqWi6mjyFC1mxUp+Fm5Qy4eXDDPaFtyY1iHtwf7m6uC6wUWcEskY3HDPwJ"
    "HEwbc/RLbPNGAXYYJvRQPG8XOz0BVGqdnPNUyzqlddJbQlGB8VQzlkOT9LV9WleYmnLhoT"
    "tMCKUngb9Zk8iOchbpCe3qOYt2fM5sJkBXQeTnQ3iLKX1FBPGr7H4x1IZR12AE6JQw6jNM"
    "rIWTZUQuV99NFEibPUV+T+Gj3wLsIyvwPOSPIVXYMUopdqX8alS7Zkhvh2iP8ROnQK+Df0"
    "re4F8bfxs/YMUavhL2C1mDe23c6Xw2chXnz1YCfilskK+M/GJilL6rc8uGqjSKhXNrkbiZ"
    "XBWEXQgRX0sT/ti6SBdIG6BVJr8XawKx4Dgd9wGrUluVmP0UsgZkRQy0O350A2bx1XWgzE"
    "JXCLFC0gCcBxg6YhVnW9izfEgeVBAXc/xK4bV4fs3Q3jahTxGVp7g4eCIp2BXafVkVpgPk"
    "O4Bh04uhbjGbnqBp65LqedHtcm37Qa3XIYDVeskrJc7UuCUuXgdVvE7F55tjBUZ+TZY9zD"
    "GqpNcX6UfLePVloVe95bm6RWC5G/hjBNwJgCB0r0U+eAtB5PvZ4ZcjV7oOODw8/OoUUMQY"
    "x5cClw9gHUDQE5cQ3G/eb76ZR1TJAqlQnkwnaHJA7tYUUJwD8vUsY/uQD/Lgp97ZXX/QOw"
    "XRlyHhs3L3rHvHL8XfhuSq2788u/n5FERfhuTj4LPVPT+/uRe5yBL/cPnrO0tM1lw++jYk"
    "Z93zT/efT0H4me13VVz7N5+mzMRNJLJOnlSJmzg5Kck6eZLLOrl/Kfq654P+j72aI1QkdQ"
    "rCT94B+nfdM5mVL/6mR4OPZ6k6G/ukjB5+e+Kxxm/P+O1puues4ren755TX5ZtDYeu0p2k"
    "Bn5du4C4od3kFv27JLlZmFMtdb9TvgcNadJaadRGCPp8iydlwMR3Z+CLNN98Aa4PvuCZh3"
    "zqEt4qvvxT7gkBZjSR9QxgGuVDU2VU22zlxttMg+GpU7LFNMnVFKvfzSdXW/Yb0dv54oKq"
    "poNiwIvk25BYOY39SaUo+pOSKPqTfBS9F/i8XxRsuF/fDibEt7gf/CgSkNTDXMqcAvF3SD"
    "ga19/1rM/du7ufbm75hjBzQY99YXiwX+V+4LWz1R9XoUCOixmQ4xwBYjZ3xdC3d3Nn0jmu"
    "sHzSSckKq3Feyz564guwVfp2WtIkddRZy8s1n1s34k4hahI7FoO7PK14HZxztRjI056qq6"
    "K8SWD3Z1YyWUr1YHBNltJNZymdpc50XxPXTR8QryO6uQHwdYyTM9P2Wq+W09ar8CpWS/UA"
    "tnbXoluAeHnr3nUqXtnyFTaeuEcU23biiaOKSUeaWA7BF3n485elEQXI4NavRXSrLbwAz7"
    "/vnX8CS3zB1OU/AmAGmAvYFLKvOoCKb0hh2tn8Q4bEc3gJEDY/IBudqJf/TBeI+r7GhCJC"
    "McNPKColj7EOj672nxCV+X/lm/G/7mPgGbuRLouiTondaHFYelXmdiHQOmtRI6cmT7BPmV"
    "XXSzAttUVbRVONN2N9qGQbOiqxDR3lbUPypNK6QKeEDM5VcF5ET9c1NucE2+gD20TucAeS"
    "h4Cvauo17KXMFtt16PyyhZa9eb9W42isl6PxYrgYT0Uw8CpWkoIqjClUF/tJFVNoNluHSC"
    "axXmtQVWRMaDqb0JLJLSyZfT2v/OKc7UrhlYLXV+r23zTV5xtIjsFx4viodoTlfSsra7qT"
    "zt1J7nrC/lB/GM0JG13via7ruejlBI23Xtu89bbKtbV3hWpyvrRN64qRNZfzxUYe9NkMEV"
    "bTZSMnaPyLyvw2lnDlQa5tk71IVbaP4L5qk801r9pm2EQ6Nw9bj2hOrWh2ymvgLKrh46db"
    "5CzCGdXgdz3MNbV/i4Yi5NOZ7wIbMws9ISG0Hkyipt7Tptqo3lBZiUjEdZtX23GTvVjEjf"
    "3qjtZsYxdRVT+4o5aChckTZhKFNaHqLyraw/VXJaiWjjtrQrVpHz79oCIuQ9R69jFjSBH4"
    "WQesa15VS/seX9shFsbCb2jp8Dni7m9FzYt4/JZDtwPI9rJTpoOqo1QMa6KXTf3Qwqa2E6"
    "D2poE16YvaRT4eCwIy540a3emU+aPCZRltjo8qNL4pGQ6FsS3qQPq6Cm7E2Fbsh/nERzBl"
    "aqFigj4h0kZPqiayCYpOVQPhqHgL0W3EM5A/kSlpuuLMgAmR7ScG3A0TurEUgDnOdJuBFX"
    "/9P77b0CE="
)
