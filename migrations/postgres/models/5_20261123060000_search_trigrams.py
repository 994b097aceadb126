from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

# Hand-written. Searching customers (`organizations(filter: {search})`) matches name, company,
# contact email and the owner user's email and names anywhere in the text, in any letter
# case: Tortoise writes that as UPPER(CAST(col AS VARCHAR)) LIKE UPPER('%text%'), which no
# B-tree index serves. Trigram indexes on exactly those expressions do. pg_trgm is a
# trusted extension (PostgreSQL 13+): the database's owner may create it.
_COLUMNS = (
    ("organization", "name"),
    ("organization", "company"),
    ("organization", "contact_email"),
    ("user", "email"),
    ("user", "first_name"),
    ("user", "last_name"),
)


def _index(table: str, column: str) -> str:
    return f"idx_{table}_{column}_trgm"


def _create(table: str, column: str) -> str:
    return (
        f'CREATE INDEX IF NOT EXISTS "{_index(table, column)}" ON "{table}" '
        f'USING gin ((UPPER(CAST("{column}" AS VARCHAR))) gin_trgm_ops)'
    )


# Where pg_trgm cannot be had (a server without it, or a role that may not create it), the
# migration warns and goes on without the indexes: the search gives the same answers by
# reading the tables (docs/search.md says how to add them later). Amended after release:
# databases that ran the first version have the extension and the indexes already.
_EXTENSION = """
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
    RAISE WARNING 'pg_trgm unavailable (%): the search reads the tables instead', SQLERRM;
END $$;
"""


async def upgrade(db: BaseDBAsyncClient) -> str:
    creates = "\n".join(f"        EXECUTE '{_create(t, c)}';" for t, c in _COLUMNS)
    return (
        _EXTENSION
        + "DO $$\nBEGIN\n"
        + "    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN\n"
        + creates
        + "\n    END IF;\nEND $$;"
    )


async def downgrade(db: BaseDBAsyncClient) -> str:
    return "\n".join(
        f'DROP INDEX IF EXISTS "{_index(table, column)}";' for table, column in _COLUMNS
    )


MODELS_STATE = (
    "eJztXW1z4ji2/iuqVN3q7iomd5JOurey994qktAzmU5INpCdrh223AYL0MTIHktOmnn571"
    "eSbfCLbGzAILz6EoitI5vnyLLOc170x9HMsaBNjtsu+gznRxfgjyNsziD7kjrTAkem6y6P"
    "8wPUHNqiqeki4zlsNCTUM0eUHR6bNoHskAXJyEMuRQ7mjdvANT2KoQcQpnDimfzEGwJGHr"
    "Qgpsi0W2Do+NgC1AEOhsDxJiZGv4t2wGTH+UHPseExv6DljNgVEZ7U0LeP0W8+NKgzgXQK"
    "PXaFX/7NDiNswW+QRP+6z8YYQdtKoIcs3oE4btC5K449Pd1cfxIt+X0PjZFj+zO8bO3O6d"
    "TBi+a+j6xjLsPPTSD7VSaFVgxY7Nt2qILoUHDH7AD1fLi4VWt5wIJj07e5eo7+Z+zjkfjh"
    "4kr8z9n/hbcWa2YY3fu+0ev0DeMoo01+CyklhIdGDuYjgemBA/XHX0G/S0DE0SN+gasf24"
    "9v3394JyBwCJ144qSA6+gvIWhSMxAVoC9RFp8ZnK+mpifHOWqfQprd6DoYRweWIC+HfARf"
    "BFANkB7NzG+GDfGETtm/p99/X4DxP9uPAmbWSuDssGc0eHa74anT4BzHe4kvfxLk+HawPx"
    "MY37B7MvEIZrCOZFXG+uj+527n8QKIjwFuX9/ddC+A+Bjgu87dJT8ZfKbnmjI6OflQQiUn"
    "H3I1wk8lFWKORpAQw0OTKSVZzfzUu+/KR35GMKUWC40o+BPYiNC61BObcIY+sinC5Jhfbx"
    "9zDgeK9zwj5Dc7Dvrbu/aXtD6ubu8v05MT7+AypRzXg2P0rcp8tJSo6ynJTPs7m5C2P/gJ"
    "ZO9xakxNMq0CckpsO0ivfr/uDOgPZyWA/nCWCzQ/lQSa4cWhMEyaxfmanaFoBuVYJyXTc0"
    "woehx9UedFUB569gOte2zPQ5UXQN+/uev0+u27h8REc93ud/iZU3F0njr6Nv08LDoBP9/0"
    "fwT8X/Cv+24nPR8t2vX/dcTvyfSpY2Dn1TCt2OiMjkaoJbQOv7mI9baG1pOSW9B6eLuqKP"
    "1AlBxhUqhlD744z2s920lJrWWVtWybhBo+WUvPaVmtaZU1Hb1xh3OjGueQEdyAflit310u"
    "jzbhGpbAxqmhitBKRLfJ7RwqupwsGz9LiZw4YlmkPzkeRBP8Gc4zlEMK15C0vE91d5AIL4"
    "8ur++ZrwuyUTbM2BcGAKSBSdTuXbWvO0c588UWcH4isIz1pOT0sBLezASZAJfdBeg+3d4e"
    "iWE9NEfPr6ZnGTnj2/QtRA34ArGMtrkMpT99foT2YtDKIW/znjq8o4N972aQFxA6p04Mug"
    "So2VOz01n6iInNifhJ/Nr8SlnAZO6NBJwFLo6lAku5OfIxWe1U+EX2ZMcsa9b8F3ZnHusg"
    "52RC3jXpNN1I+y326rc4LIJlp9RWc/kVcyRf3eQzl0uJ5tHD22ctGVqOZ8CZieyKIMfFdu"
    "euOqprzko5Bs/LIM1a5TsGzzNYo5kLPeJgcy3I5dJrIa/YCmcH0Evf7WWRlwo3bsifn5yW"
    "wJ21ysVdnEviHi64BEoVEE+JqewNXxPt92XAfp+P9fs8qKutRRNCtXJZqnCVFcisEJyq8T"
    "IpscZNFLVM0MSfzUxPQq/kR2fERNSIy+CXbUxcBnIrLU7cZi5Gzs5LDPWz89yRzk/JFtzV"
    "Zum4jHY4JOEMomirApqQ0pDmmykVqa2sqAZXTQeZYtNuLQ4yMW9qj02xxyb+cslx1uTNDh"
    "raYmgl02EJhGOJIRuCu0xDaSS8ybd4CWT36zBXc8bd2GFexqdbp6vymt8Ju7efnOGRxFcZ"
    "P90qclZaYUPj17BlmaQsn5n6wBln0qLeEIYlhMegP+WpUa8AsQPsKwOYTv8uvrJB4EMwg4"
    "Sw3wVM9rOsiTw7q5aLlPGosgeA+gKlKTQ9OoQm1Y7QXa0Z8x2hyqwhFfOV1bBCr8r9SYUb"
    "SF/Xkjh3yE6anSFfi5vGgyYhbO1jjHxCnRlbtLIXQ5V5JbcDbaGmeO7FK3Wd9NCl9A69Cv"
    "946jx1riu+IkOpCxB8DvDjU7d70/3hAoRfBvj6vtu5APzvAH9q39zy1sFnehFU5rnYfuac"
    "OzVJpcl/IdA4l8/2vZUWW8xmsb3BVA5t1DyFLCoV0LkWst/XBeyE38F3pydnH8/+9v7D2d"
    "9YE3GXiyMfC7C+6fbTTkqHmpI4klwkF+01lGkoTUrhzJXFGueiGRfRgKYBhZ4nIwn78FsO"
    "nAuBJngSi6IwO1/6xR7bRRDm7X33h6h52o2rE5B1gCxbEnrraT0pqRMWVU5YHCOMyHQtNa"
    "dEtZ5V1nOCZ62o6LSs1rTKmvYgg5SslYQsEdVRFkVxAHHAtuD3a7TPWjK4FHP38WqFs5zM"
    "xNjZVrGzL9GuhKtv4jm+y71wPtM+AQgTZHGPWkR4tsArolOAKAHOKwZDz8QW00cLEEgp+0"
    "JEpcSbB8BOTCCROfrquITEzSfNlBQ4/jvlAdR+vr36+XShxnr9TfE7y8CcT1KkxBpA9u6a"
    "qXA9xCP3OaYyfqio9F9KsAk8UXKkFzFsEfQfc0f5x/QYt52JY/hepUzDuEzzAGYTQcm5pH"
    "AyycwmY8ehsBLbuZTQc0jlOcRmaxyfLRErDeyYTPMG9vY9oJwl+F3qqCvIfovJNA/jGhLw"
    "bdt5ZdYWco1g2Z4Fu6BAsUxYjWS4RhUp1q6V/Oejua4V37XW1HpSUmtdFa1LmNnw7g8zul"
    "YV9r3BNQwPMidjUcQwn6ONTXOcbcxiX6W+3tYYcSXQrrWy3o0FZy6z+/Bo/ghHjpckVnMb"
    "tYrYbLRsbnjL9itZbZ43MkYeoYA9rwxazj2bIFiysEMMPWgFnDPPJSHsHsEznIPhfPn/iC"
    "1BoZdls7fbtZTFDhIXw0w5x4XeYpDyY5rLVorLTiirrC2ZEGogq719azLxGJROnYgLaZhL"
    "wFxxHDd3BNezgZZ4Y1ThQZYSapAfjaoEpMmP/IfhMM3gA9vYpoTWFQlRUknJuVFoGWt8P4"
    "E8t84E4f7UcygVvztjBCUbFBpANm9q0HjblcbPJxPZzAYRoiRKrx/ZCGIKGIIMZNIChL3T"
    "WSNmlsAX6M1B++EGuJ7DtwXM2jwb9zjAA3yPg1x+tiaLhJhJZFL2M0TvzL5j/dnzC57ND1"
    "+ZDYUt1txhnb16iMKgBICoBoCBa5sj9tNNbA2wsKtGU2j5zKoCAVdAeEMCXqcOgVFPPIZo"
    "aDujZzA1XyAYOsxGc01C2LXfEgiDCgMh0gPMlMH64z+WH7ecmckvywYIU/q7TfeD3ecyq4"
    "F71eVbZ3xs+Z7M95Sb+RQX0ZlP6cyn4FkyRIpF1fdnWla/QVV7g8Y1LaZKtsb1MZXV8y5W"
    "dUZYx+yrpmtFVkt3cDaEHpkiV7ZUip0tXCfNku1WE8SILRFMEY8s3fxdELim2PtdrBv4Gi"
    "DYNBkEmyaDsedgCrFFeCcSmriGC0jJYn6FyFOScp6kmWJpfLTYmFsXPtoviax3Vtc7q+ug"
    "Jc3bad4ufz2qw1dqrd8UW0eUhTUmouEsjgbyiSyCvq4ETUUhXRn9E1/Lrty6VAdY7T3Air"
    "ClDutnwxirXtBL33mGTUK+1mCrrkOlrgVxvFVkKeOoRZkqwB564WFNXAaYQ8enzFZN2LEt"
    "8IIIYl1zI5fn77JX+NTx3pCktTuaMmCkJYC3f4Ut7KiqreG9WsMUfpOs7PPTzaL2KlvAyq"
    "abaWMqVxUNNqZ0BkjTtF4mAyR4dVbdUioupMvxyADdgJrI70GXr1d0gynVJiydvnR41nV2"
    "EtkdO6TkRLx6T6T4a6jMZlPZiVXJcaww1lvgiurkQBK6kHAhaV3lcyLpQVKGG8Gsmyg6cI"
    "rYIPBG0/kx+Mp36PgabVg0Y0PDQ6aNfocW4COL9Tvn/nwLjB0PEH/I9znimxl5SF46rY7L"
    "8GjMsIOpw5AOOoffALJEdGcQvxn0w8R5eEJ4BwnKBVEC7XELQHM0ZdcJKjYM8HAOBkf/PW"
    "C/hTjsm+iMTtkPAj4b9B74Mjji9y1uANzefO6AL8fi+59/gjf/9eYrYF3zcInwEQHBa7w8"
    "tfOKFyTyMzuj2Zw9szlCCRmcy8U2RLJ1MTtbmHyP7tq9vghfEJ8D/NjpdW5v+ZHo2wBfPf"
    "X693f8WPQt/ajvJ8xBF+KrN+Fr5MxcE1eK9Y6JNKB41k4wxpS9qw04M2VxqkVIpwSbh/d5"
    "mQB71iof7/NMimgEmzutWEArI9g4vM/KDO+z/NF9lhncYaKMYSMMT6qAnRFsHNi1TCZx2E"
    "7XxftU41168ka02tsxbN84dE9KoXtSgO5JFl2+UjdtBp9Vbbu3pFjjsD4tN5ALxnH2nehj"
    "ZnJXexsuRJoHcBl88+FNo6v61pJZs7191b/5Z6ci2EcPne612Eky/DLAQT8XIPgc4N5Tj5"
    "/jG0ouvg7wdee20+fHwi9q2JYB7sYQjh0PRqzhRjrM9qVwHdaGabPqrsXb3ahYoZzlWrYp"
    "tqArg7c3M207f+vQSKgxWcrvTz9+WCQo83+KcpN7d+3b22yCsmubVd3DMREd33DAwWE7nR"
    "QOM0pIx4b9J2q9VGzYiIpQ7HX0npbVyf7qKDr7fBOfuJDBuNbWqilZrWn1Nc2Taww2cZFq"
    "xTOlwgobXOuu50sRb+cFxNu5bAMubqGu84AlJfXjpfLj5freBBrmWLo7UrGaU6I70bMi5s"
    "fBqTkeUVQ64jgmU6tNqcrDu0GkMYcqi23doZlqQrs6wjg2sBLBmI9snD/eXPXLZe6aLuLl"
    "xzfM3G276HNQmvDA7LjcnN1kBLGFqAFfIJaVgKmEE++p8wJLEXMHMjDT/GW46/CGSCW3OW"
    "7iqFpWKtsQqmRptCZCxZPCiREEo0PJ67cKWlFifGNx0vDkwTOaItvyoMT4rYJQM5cXGdfJ"
    "huPogXXR1HFEoPeCRps+ab2glyaBVCnJJ47nyPcQnRuuY6ORJHgmgvUew77D/pQBN+jyYd"
    "FjQx7TqqlRPh063zoisFmWGRU73SpMjBINlxHSJRKjMBCtAa/ZTiHmxdp55tDQJwiLku8e"
    "m2TMIKeFZxYRXkTe5glMvHS8yQ7yvZEkqVBb7LhMHtEybAjDb9Qw2TVnLtXlYdYYzjtLKJ"
    "LjXHcS0R7J6+1vAEUdIwxlrgJxUqqBQNeSSUH84a9wJHERFDllFiINRPl9KV/M+wJfzPus"
    "L2boWJK1RX41qah9I/DddTUp1UN1JSHRYXhmxXegJLyz1+n2LwD/O8Cf2je3PIYz+EwvZv"
    "YTwhkuYarshRIXaUyU4db2QrFNQg3oebLiHfnzS1KqCQ51XbJOGVUcaIBambDEtBlWUfUS"
    "cR1dobLbndvv60SoLcW0flXTbyYMYD+Vgx5MQl4dz3qEBNKg7rSEJZO0ahWRZW7Y3vC4gE"
    "EXEiWqCRGmdRt+5xMIom6A6AbYCD+/IUD01gK8IA+v8cP3FnqGc/Z1apKprHDQFnrcYIND"
    "zYTtpFAyV6HB9VWNrIlLNS5Ba/ucmF5v/ieuN/U+0U1dhaS2vVkr04noGO2D0G80Aw/nFS"
    "N4M4I6NTT94Ci7X9RhoFkQE63cdlEqVqmttFvU8nHeHa5KPvYrYc1MfDnFlvdkuvMAM5mx"
    "HgaeFZjnUYuV5vg/fIcye9iFHghjvgCPIQBvu7wu7f8CH9tohhhG7xZb9/Lz3ILmFwEQ82"
    "tKyvlus2NtnCswhbcKjHNdW7Xe0nGIGCOfUGeWBfnScWxo4pzxHJdLgT1kgnWhvTiy2xF8"
    "eX9/m1isX96kXWxPfN/ltycCfNYIBTN91t/5CoeEnTR+49NYFvVcL3JGbi1XsmJG0radyX"
    "weGZqkOrpZQQ1vFl4eOspDWauim5HT4GbBHVPXMEeiomFlgKWyGmTJBIGJ8TtbJ1afIDKC"
    "Gt4svNw88d3K4KbFNLSSkYvIc4CQMRtWGbhpOQ1uFtzAJrQMYShmwf2pd9/N8VKkBdNENh"
    "pR8CewEakt0C9m5g19ZFOEyTG/3j4sPQ5UYp2ciVRLB6W1kiYh70BHqmnPoS6g1zytS1xN"
    "mfTQPZaJUZPA365LZE9lYtSEdv0yMXvesy+VoCsh8rMpvPmUviSDeCW7nw+1ZtQVmAFaBY"
    "z6DGFjEWQZksvlrYkcaW1TZG0KD/7mIw8avutCb2QSiR+jkGKXyq9HtSuG9G6I9gg/vqPm"
    "Jvgn5DX+lfG30ARJ1vClsF/Iatwr407ms6Ej2cuvFPBLYY18aeQXL0YRuzo3LFNWGzD33Z"
    "onrl+uEsIugIitpTG7bFWkc6Q10DKX3zdjbCLOcdrOBMlKWxW4/SSyGmRJDrQzenZ8arDV"
    "tS+tQpcLsURSA5wF2Az2VTeQa3gmnsggzuf4pcIb8fyKob1rQp9AIiri22gsKNg1xn1RF/"
    "oByD4Amk3Ph7rBbHqMpq1KqmdFd8u1HQa1XoUAluslq5SoUuOOuHgVVLGais8OxxKM/IYs"
    "e1BjVEqvL8qPFvHqy0Yro+WZunliueN7IwicMTBBEF4LPfDWBGHsZ4sdDkPpWuD4+PjdBS"
    "CQUoYvAQ6bwFoAwxcmwbnfbNx8PZcoUwVSojxRTlDXgNyvKyC/BuTqKmOHUA/y6OfOZe+m"
    "37kA4ZcBZm/l9mW7xw5F3wb4rn1ze3n/5QKEXwb4U//BaF9d3T/xWmSxf5h8t2fwlzWTD7"
    "8N8GX76vPTwwUIPtPPXZnQ/u2XKdN5E7Gqk+dl8ibOzwuqTp4f2m7akjCx9bbTTm+3fH3T"
    "a1+KqnzRNzUGfPSWqmLYx2XUiNvjl9VxezpuT1Gbs0zcnro2p7os2wYBXYWWpAJxXfuAuC"
    "ZrcofxXYLczK2pljjfKrZBA5q0Uhm1ITQ9ZuIJGTD2nBn4Ktw3X4Hjga9o5kKPOJiNiq9/"
    "FzYhQJTEqp4BRMJ6aLKKatvtXEebKTA9tQpMTF1cTbL63X5xteVzs942xXnyTSisvIOdil"
    "3fY89FjsG92hyMie/QHvzEC5BUw1zIXAD+d4AZGt0fOsZDu9f7+f6RGYSpA2rYhcHGfqWf"
    "A7eZo/6sDAVyls+AnGUIEG3c5UPfXONOl3NcY/mkkpIlXuOslj34whZg6zzbSUld1FFlLS"
    "/XfE7VjDuJqC7smAybXOwrXBHajKDOaNQlM3dGJ+qSmdsumTlLbDC+Ia7b3q1cRXQzE+Bq"
    "jOOvo92NXiVfWyvhlby6VaK+BfYSyjvSST7VHU1dZRhuwTgfg69iL9yvS04ZiFy/73iyn8"
    "WDoq5+7Fx9BktMwdRhPwIgCqgD6NSk71qA8G9QwnRv/yID7NqsBQiGHBADjffLfqYDeH/f"
    "IUwgJoiiFxi2Erv6Bjv5ei+QiHKo4s7YX+fZdzWNrspruVVAoy/2ji5LZC0EGkee17KJ7B"
    "h5hBpVg6aSUjukbusavCkythRVflJAlZ9kqXKxcWNVoBNCGucyOC+SSav63jKCTQwJrKOU"
    "sm3iic9WNdUG9lJmh+M6iAXYwcjefpifjrtUK+5yMV2Mpjw3ch3SOKcL7RlShU4u4xlKFy"
    "/gufWbjQZZR9qjoLJHIZ7rb4hi1Fnl55ewlgrr/dJltQIYTgwfmUVY/GylZfXjpPLjJKye"
    "4HmoPo1mhLWuD0TX1SKWMoI6eKlpwUs75dqau0LVJTCapnXJzJopgWFB1/ToDGJaMWggI6"
    "gjXIoiB5ZwZUGu7IG9TnR2iOCu9MNmhlflDSJj1a1cZDzDOTHCt1NWA5dhD58+P0J7kd0l"
    "B7/tIqapw1s05CGfLATmW4ga8AVyoc1g4j11XrY1RtWGyoglZm06vJqOm3iKeRrNr85wwz"
    "F2HXb1kzNsKFjLaJ8Nodp2aJR6UGGHQmK8eohSKEnuqgJWl3XV0AHFFiyQBvmuW3ofPoSE"
    "9CPveZFz23Do9gDZQT6UycTJMN16Q/TS6d0NHGp7AepgBlidAZZt6KERZ9UyIZbhmVZRkK"
    "W5bKPMFjG5HiWp2S7xIIUPkLrxb1vxIOUHF76wGUxaPiSfdY6JNDE8qI6KYfyhqoBw2LyB"
    "6NYS7sauSKXcU371r5jI7ot/7Yfe21qZrwwRuMtsgb/+HwIbi/g="
)
