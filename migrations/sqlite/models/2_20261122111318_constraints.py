from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE INDEX "idx_audit_event_organiz_5403c8" ON "audit_event" ("organization_path", "created_at");
        CREATE UNIQUE INDEX "uid_user_email_1b4f1c" ON "user" ("email");
-- Hand-written. SQLite cannot add CHECK constraints to existing tables: triggers enforce
-- the same rules as PostgreSQL's constraints (see the postgres migration of this number).
DROP INDEX IF EXISTS "uniq_user_email_ci";
CREATE TRIGGER IF NOT EXISTS "chk_user_insert" BEFORE INSERT ON "user"
WHEN NEW."email" <> LOWER(NEW."email")
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: chk_user_email_lower'); END;
CREATE TRIGGER IF NOT EXISTS "chk_user_update" BEFORE UPDATE OF "email" ON "user"
WHEN NEW."email" <> LOWER(NEW."email")
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: chk_user_email_lower'); END;
CREATE TRIGGER IF NOT EXISTS "chk_organization_insert" BEFORE INSERT ON "organization"
WHEN NEW."kind" NOT IN ('MASTER', 'RESELLER', 'CUSTOMER')
  OR NEW."status" NOT IN ('PENDING', 'ACTIVE', 'SUSPENDED', 'DELETED')
  OR ((NEW."kind" = 'MASTER') <> (NEW."owner_id" IS NULL))
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: organization'); END;
CREATE TRIGGER IF NOT EXISTS "chk_organization_update" BEFORE UPDATE ON "organization"
WHEN NEW."kind" NOT IN ('MASTER', 'RESELLER', 'CUSTOMER')
  OR NEW."status" NOT IN ('PENDING', 'ACTIVE', 'SUSPENDED', 'DELETED')
  OR ((NEW."kind" = 'MASTER') <> (NEW."owner_id" IS NULL))
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: organization'); END;
CREATE TRIGGER IF NOT EXISTS "chk_membership_insert" BEFORE INSERT ON "membership"
WHEN NEW."role" NOT IN ('OWNER', 'ADMIN', 'MEMBER')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: chk_membership_role'); END;
CREATE TRIGGER IF NOT EXISTS "chk_membership_update" BEFORE UPDATE OF "role" ON "membership"
WHEN NEW."role" NOT IN ('OWNER', 'ADMIN', 'MEMBER')
BEGIN SELECT RAISE(ABORT, 'CHECK constraint failed: chk_membership_role'); END;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "uid_user_email_1b4f1c";
        DROP INDEX IF EXISTS "idx_audit_event_organiz_5403c8";"""


MODELS_STATE = (
    "eJztXftzozi2/ldUrtrqnipP7uTVPZW9d6ucxD3j6cTJxs5O1463aGxkWxMsGCTymMf/fi"
    "XANiCBwTa2zOqXhICOIN8RQuc7D/3RmDkWtMlRy0Wf4VvjAvzRwOYMsoPUlSZomK67PM9P"
    "UHNoB01NFxlPUaMhoZ45ouz02LQJZKcsSEYecilyMG/cAq7pUQw9gDCFE8/kF94RMPKgBT"
    "FFpt0EQ8fHFqAOcDAEjjcxMfo9aAdMdp6f9BwbHvEbWs6I3RHhSQV9+xj95kODOhNIp9Bj"
    "d/jlP+w0whZ8hWT+p/tkjBG0rQR6yOIdBOcN+uYG5x4fO9efgpb8uYfGyLH9GV62dt/o1M"
    "GL5r6PrCMuw69NIPuvTAqtGLDYt+1IBfNT4ROzE9Tz4eJRreUJC45N3+bqafzv2Mej4B8P"
    "7sR/nP0jerRYM8Po3vWNXrtvGA1Bm/wRUkqITo0czEcC0wMH6o+/wn6XgARnG/wGVz+2Ht"
    "6ffvgmgMAhdOIFFwO4Gn8FgiY1Q9EA9CXKwW8B56up6clxnrdPIc0edB2M5yeWIC+H/By+"
    "OUAVQNqYma+GDfGETtmfJ999l4Pxv1oPAcysVYCzw97R8N3tRpdOwmsc7yW+/E2Q49vG/i"
    "zAuMOeycQjKGA9l1UZ68bdz932wwUIfg1w6/q2070Awa8Bvm3fXvKL4e/0XFNEJ8cfCqjk"
    "+EOmRvilpELM0QgSYnhoMqVE1MxPvbuufOQLgim1WGhEwZ/ARoRWpZ7YhDP0kU0RJkf8fv"
    "uYczhQvOcZIb/ZcdDf37a+pPVxdXN3mZ6ceAeXKeW4Hhyj1zLz0VKiqrdEmPZ3NiFtf/AT"
    "yL7j1JiaZFoG5JTYdpBe/X3dGdAfzgoA/eEsE2h+KQk0w4tDYZhUxPmaXaFoBuVYJyXTc0"
    "wkejQ/UOdDUBx69g9ad9h+i1SeA32/c9vu9Vu394mJ5rrVb/MrJ8HZt9TZ9+n3YdEJ+LnT"
    "/xHwP8G/77rt9Hy0aNf/d4M/k+lTx8DOi2FasdE5PztHLaF1+Ooi1tsaWk9KbkHr0eOqov"
    "QDUfIck1wte/DZeVrr3U5Kai2rrGXbJNTwyVp6TstqTaus6fkXd/hmlOMcBMEN6IfV+t3l"
    "8mgTrmEJbJwaKgmtRHSb3M6hosvJsvGTlMiJIyYi/cnxIJrgz/BNoBxSuEak5V2qu4NEeH"
    "l2eX/PfFmQjbJhxg4YAJCGJlGrd9W6bjcy5ost4PxIYBHrScnpYSW8wgSZAJc9Beg+3tw0"
    "gmE9NEdPL6ZnGRnj2/QtRA34DLGMtrmMpD99foD2YtDKIW/xntq8o4P97grIBxA6J04Mug"
    "So4qXZySx9xsTmJPiX+L35nUTAZO6NBJw5Lo6lAgu5ObIxWe1U+EX2Zscsa9b8F/ZkHusg"
    "42JC3jXpNN1I+y326rc4LIJlp9RWffkVcyRf3WQzl0uJ+tHD22ctGVqOZ8CZieySIMfFdu"
    "eualQ1Z6Ucg+dFkGatsh2D5wLWaOZCjzjYXAtyufRayCu2wtkB9NJve1HkpcK1G/LnxycF"
    "cGetMnEPriVxjxZcAUolEE+JqewNXxPt0yJgn2ZjfZoFdbm1aEKoUi5LFa6yBJkVgVM2Xi"
    "YlVruJopIJmvizmelJ6JXs6IyYiBpxGfy2tYnLQG6pxYlbz8XI2XmBoX52njnS+SXZgrvc"
    "LB2X0Q6HJJxhFG1ZQBNSGtJsM6UktSWKanDVdJApNu1W4iAL5k3tscn32MQ/LhnOmqzZQU"
    "ObD61kOiyAcCwxZENwl2kotYQ3+RUvgOx+HeZqzrgbO8yL+HSrdFVe8ydhz/aTM2xIfJXx"
    "y808Z6UVNTR+jVoWScrymakPnLGQFvWOMCwhPAL9KU+NegGInWCHDGA6/XtwyAaBD8EMEs"
    "L+L2Cyf8uayLOzKrlJEY8qewGoH6A0haZHh9Ck2hG6qzVjtiNUmTWkYr6yClboZbk/qXAN"
    "6etKEucO2UmzM+QrcdN40CSErX2MkU+oM2OLVvZhKDOvZHagLdQUz734pK6THrqU3qFX4Z"
    "+P7cf2dclPZCR1AcLfA/zw2O12uj9cgOhggK/vuu0LwH8O8KdW54a3Dn+nF0FF3ovtZ865"
    "U5OUmvwXArVz+WzfW2mxxayIbQdTObTz5ilkUaGAzrWQ/a4qYCf8Cb49OT77ePb96Yez71"
    "mT4CkXZz7mYN3p9tNOSoeakjiSTCQX7TWUaShNSuHMlcUaZ6IZF9GApgGFnicjCfvwNQPO"
    "hUAdPIl5UZjtL/18j+0iCPPmrvvDvHnajasTkHWALFsSeutpPSmpExZVTlgcI4zIdC01p0"
    "S1nlXWc4JnLanotKzWtMqa9iCDlKyVhCwR1VEWeXEAccC24Pertc9aMrgUc/fxaoWzjMzE"
    "2NVmvrMv0a6Aq2/iOb7LvXA+0z4BCBNkcY/anPBsghdEpwBRApwXDIaeiS2mjyYgkFJ2QI"
    "JKiZ17wC5MIJE5+qq4hcTNJ82UDHD8T8oDqP18e/Xz6UKN1fqb4k8mwJxNUqTEakD27pqp"
    "cD3EI/c5pjJ+KK/0X0qwDjxRcqTnMWxz6D9mjvKP6TFuOxPH8L1SmYZxmfoBzCaCgnNJ7m"
    "QizCZjx6GwFNu5lNBzSOk5xGZrHJ8tEUsN7JhM/Qb29j2gnCX4Xeqoy8l+i8nUD+MKEvBt"
    "23lh1hZyjXDZLoKdU6BYJqxGMlytihRr10r2+1Ff14rvWmtqPSmpta6K1iXMbPT0hxldqw"
    "r7XuMahgeZk7EoYpjN0camOc42itiXqa+3NUZcCbQrrazXseDMZXYfHr09wJHjJYnVzEbN"
    "PDYbLZsb3rL9Slab542MkUcoYO8rg5ZzzyYIlyzsFEMPWiHnzHNJCHtG8ATfwPBt+feILU"
    "GhJ7LZ2+1aymKHiYtRppzjQm8xSPk5zWUrxWUnlFXUlkwI1ZDV3r41mXgNCqdOxIU0zAVg"
    "LjmO6zuCq9lAK/hilOFBlhJqkB+1qgSkyY/sl+EwzeAD29imgNYVCVFSScmZUWiCNb6fQJ"
    "5bOBsyw3OK3IbEAopdzTV9Zsl2q00eBAkzRLjNK93ONDBJzGA30yCahlsj4TaAINwGEIw9"
    "BzNTyyK8E4nhU8ENpOYPv8Pc9k/RAWnbRxrxE2w1qVP592sW6b1C9V6h2g2nV6J6JZq9Et"
    "UOmUorEsTWEUVhjYloOPP9Wz6RxYRVlXKgKKQr/VnxtezKzbi0y3DvLkPCljqsnw29hr2w"
    "l77zBOuEfKXuw64TqEuwl4PzzTxLGc9bFKlr56Fn7qjjMsAcOj5ltmrCjm2CZ0QQ65obuT"
    "wjhX3Cp473jiSt3dGUASMtarf9O2xhjzBtDe/VGqbwVbKyzw6gnrdX2QJWNoBaG1OZqqix"
    "MaVjGuum9SIxjeGns+wmCXEhnWAuA3QDaiK7B12QVdEtE1SbsHRA7uFZ1+Iksjt2SMmJeH"
    "WV//hnqMj2CeLEquQ4VhjrLXBFVXIgCV1IuJC0rrI5kfQgKcKNYNYNj2bmjvspYoPAG03f"
    "jsBXXnP667wE/4wNDQ+ZNvodWoCPLNbvG/fnW2DseID4Q165n5fn95C8GEgVtxngAY46mD"
    "oM6bBz+AoQO2b3gs+QiYf9MHEenhA9QYJyQZRAe9wE0BxN2X3CHMQBHr6BQeN/Bux/IQ47"
    "CjqjU/YPAZ8Neg98GTT4cwcPAG46n9vgy1Fw/Oef4N3f3n0FrGseLhG9IiD8jBendl7wgk"
    "R+Ylc0m7NnNidQgoBzsdiGuazCW3g3blu9fhC+EPwe4Id2r31zw8/Mjwb46rHXv7vl5+ZH"
    "6Vd9P2EOurRMtSHMI2fmmrhUkHhMpAblIHaCMabsW11+J3VBsH54V7FF7xw2d1qyJIQgWD"
    "u8z4oM77Ps0X0mDG7TsjweT2YjDI/LgC0I1g7sSiaTOGwn6+J9ovEuPHkjWu7rGLWvHbrH"
    "hdA9zkH3WESXr9RNm8FnldvAJClWO6xPig3knHEsfhN9TGXb1ud9DRci9QO4CL7Z8KbRVX"
    "2zJNFsb131O/9qlwS7cd/uXgd7I0UHAxz2cwHC3wPce+zxa3yLpMXhAF+3b9p9fi46UMO2"
    "DHE3hnDseHDOGm6kQ7EvhSuL1UybZffh2+7We6uZsp3xBJVsvGdBVwZvb2badvZmWHOh2u"
    "w4dHry8cNisyH+R14V1N5t6+ZG3GzItc2y7uGYiI5vOODgsJ1OCocZJaRjw/4btV4oNmxE"
    "g1DsdfSeltVbzqijaPH9Jj5xIYNxrc3CUrJa0+prmifXGHxn5nLloKTCChtc667nCxFv5z"
    "nE27lsSwluoa7zgiUl9eul8uvl+t4EGuZYWu8/X80p0Z3oWRHz4+DUHI8oKhxxHJOp1KZU"
    "5eXdINKYQyViW3VopprQro4wjg2sRDDmAxvnD52rfrHMXdNFvKDmhpm7LRd9DmsaHpgdl5"
    "mzm4wgthA14DPEshIwpXDiPbWfYSFi7kAGZpq/jPbR2xCp5MZ9dRxVy0plG0KVLI1WR6h4"
    "UjgxwmB0KPn8lkFrnhhfW5w0PFnwjKbItjwoMX7LIFTP5YXgOtlwHN2zLuo6jgj0ntFo0z"
    "etF/ZSJ5BKJfnE8Rz5HqJvhuvYaCQJnpnDeodh32E/ioAbdnm/6LEmr2nZ1CifDp3XdhDY"
    "LMuMil1u5iZGBQ2XEdIFEqMwCFqDF6YHCjFAOMgcGvoEYV7dlMljYoY5LTyziLC1HrB5Ah"
    "Pf9cFkJ3m1f0kq1BY7LpJHtAwbwvCVGia758ylujzMGsN5ZwlFcpyrTiLaI3m9/S0NqGNE"
    "ocxlIE5K1RDoSjIpiD/8FY4kLoI8p8xCpIYonxbyxZzm+GJORV/M0LEka4vsalLz9rXAd9"
    "fVpFQP1ZWEREfhmSW/gZLwzl67278A/OcAf2p1bngMZ/g7vZjZTwhntISRaCczxDAuUpso"
    "w5Pjs49n359+OFuEGi7O5MUbiqGGtkmoAT1PVrwje35JStXBoa5L1imjigMNUCsSlpg2w0"
    "qqXiKuoytUdrtz+32dCLWlmNavavoVwgD2Uzno3iTkxfGsB0ggDetOS1gySatmHlnmRu0N"
    "jwsYdCFRoJoQYVq34bc+gWDeDQi6ATbCT+8ICHprAl6Qh9f44XsLPcE3djg1yVRWOGgLPa"
    "6myTQTtlcmLFChwfVVjqyJS9UuQWv7nJheb/43rjf1zod1XYWktr1ZK9OJ6Bjtg9DvfAYe"
    "vpWM4BUEdWpo+sVRdr+ow0AzJyZaue2iVKxSW2q3qOXrvDtclXztV8IqTHwZxZb3ZLrzAD"
    "OZsR4FnuWY5/MWK83xf/oOZfawCz0QxXwBHkMA3nd5Xdr/Az620QwxjL5ZbN3Lr3MLmt8E"
    "QMzvKSnnu82OtXGuwBTezDHOdW3VakvHIWKMfEKdmQjypePY0MQZ4zkulwJ7yASrQntxZr"
    "cj+PLu7iaxWL/spF1sj3zf5ffHAfisEQpnetHf+QKHhF00fuPTmIh6phdZkFvLlayYkbRt"
    "ZzKfR4YmKY+uKKjhFeHloaM8lLUsuoKcBlcEd0xdwxwFFQ1LAyyV1SBLJghMjN/ZOrH8BC"
    "EIanhFeLl54rulwU2LaWglIxeRpxAhYzYsM3DTchpcEdzQJrSMwFAUwf2pd9fN8FKkBdNE"
    "NhpR8CewEaks0C9m5g19ZFOEyRG/3z4sPQ5UYp0sRKqlg9KaSZOQd6Aj1bTnUBfQq5/WJa"
    "4mIT10j2Vi1CTwt+sS2VOZGDWhXb9MzJ737Esl6EqIfDGFN5vSl2QQr2T3s6HWjLoCM0Az"
    "h1GfIWwsgiwjcrm4NZEhrW0K0abw4G8+8qDhuy70RiaR+DFyKXap/HpUu2JI74Zon+PHd9"
    "TcBP+EvMa/NP4WmiDJGr4Q9gtZjXtp3MnbbOhI9vIrBPxSWCNfGPnFhzGIXX0zLFNWGzDz"
    "25olrj+uEsIuhIitpTG7bVmkM6Q10DKX36sxNhHnOG1ngmSlrXLcfhJZDbIkB9oZPTk+Nd"
    "jq2pdWocuEWCKpARYBNsN91Q3kGp6JJzKIszl+qfBGPL9iaO+a0CeQBBXxbTQOKNg1xn1e"
    "F/oFEF8AzaZnQ11jNj1G05Yl1UXR3XJth0GtlyGA5XoRlTKv1LgjLl4FVaym4sXhWICR35"
    "BlD2uMSun1RfnRPF592WhltDxTN08sd3xvBIEzBiYIw2uhB96bIIr9bLLTUShdExwdHX1z"
    "AQiklOFLgMMmsCbA8JlJcO5XjJuv5hZFqkBKlBeUE9Q1IPfrCsiuAbm6ytgh1INs/Ny+7H"
    "X67QsQHQww+yq3Lls9dmp+NMC3rc7N5d2XCxAdDPCn/r3Rurq6e+S1yGJ/MPluz+AfayYf"
    "HQ3wZevq8+P9BQh/p9+7IqH92y9TpvMmYlUnz4vkTZyf51SdPD+03bQlYWLrbaed3m75ut"
    "NrXQZV+eZHagz4+VeqjGEfl1Ejbo/fVsft6bg9RW3OInF76tqc6rJsGwR05VqSCsR17QPi"
    "iqzJHcZ3BeRmZk21xPVmvg0a0qSlyqgNoekxEy+QAWPPmYGvgfvmK3A88BXNXOgRB7NR8f"
    "XvgU0IECWxqmcAkagemqyi2nY719FmCkxPzRwTUxdXk6x+t19cbfnerLdNcZZ8HQor72Cn"
    "Ytf32HuRYXCvNgdj4ju0Bz/xAiTlMA9kLgD/OcAMje4PbeO+1ev9fPfADMLUCTXswnBjv8"
    "LvgVvPUX9WhAI5y2ZAzgQCRBt32dDX17jT5RzXWD6ppGSJ11jUsgef2QJsnXc7KamLOqqs"
    "5eWazymbcScR1YUdk2GTi32FS0IrCOqMRl0yc2d0oi6Zue2SmbPEBuMb4rrt3cpVRFeYAF"
    "djHP8c7W70KvnZWgmv5NOtEvUdYC+hvOc6yaa651NXEYY7YJyPwNdgL9yvS04ZBLl+3/Jk"
    "P4sHRV392L76DJaYgqnD/gmAKKAOoFOTftMEhB9BCdO9/ZsMsGuzFiAcciAYaLxf9m86gP"
    "f3LcIEYoIoeoZRq2BX33AnX+8ZkqAcavBk7Kfz5LuaRlfls9zModEXe0cXJbIWArUjzyvZ"
    "RHaMPEKNskFTSakdUrdVDd4UGVuIKj/OocqPRao82LixLNAJIY1zEZwXyaRlfW+CYB1DAq"
    "sopWybeOKzVU25gb2U2eG4DmMBdjCytx/mp+Mu1Yq7XEwXoynPjVyHNM7oQnuGVKGTi3iG"
    "4nneRlCIWBwG2eWLpcJ6r2xZnjjDieEjswby37K0rHbOqOycCVa84ftQfkIVhLWuD0TX5a"
    "JVBEEduFK3wJWd8iz1XZ3o8gd107pkZhXKH1jQNT0643vZl6OpBUEd3ZDnNV7CtQXv23Wi"
    "s0MEd6UPThhepTcHjFU2cpHxBN+IEX2dRA1cRj18+vwA7UVmjxz8louYpg5v0ZCFfLIIlG"
    "8hasBnyIU2g4n31H7e1hhVGyojlpSz6fCqO27BW8xTKH51hhuOseuoq5+cYU3BWkZ6bAjV"
    "tsNi1IMKOxQS48VDlEJJYk8ZsLqsq5oOKLZggTTMddzS9/A+oqYfeM+LfMuaQ7cHyA7ypU"
    "wmzUWpthuil07treFQ2wtQBzPAqgyua0EPjTirJoTXRVeaeQF25rKNMtuDZHqUpGa7xIMU"
    "vUDqxj5txYOUHVj2zGYwaemIbNY5JlLH0JAqqkXxl6oEwlHzGqJbSagTuyOVck/ZlZ9iIr"
    "sv/LQfem9rJZ4EInCXkeJ//T8afuav"
)
