from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE INDEX "idx_api_key_organiz_677338" ON "api_key" ("organization_id");
        CREATE INDEX "idx_api_key_created_b7a2e4" ON "api_key" ("created_by_id");
        CREATE INDEX "idx_audit_event_target__b49eac" ON "audit_event" ("target_id", "created_at");
        CREATE INDEX "idx_audit_event_organiz_dff89b" ON "audit_event" ("organization_id", "created_at");
        CREATE INDEX "idx_audit_event_actor_i_770e12" ON "audit_event" ("actor_id");
        CREATE INDEX "idx_audit_event_imperso_1ad14d" ON "audit_event" ("impersonator_id");
        CREATE INDEX "idx_audit_event_api_key_60a724" ON "audit_event" ("api_key_id");
        CREATE INDEX "idx_deletion_jo_request_55ec56" ON "deletion_job" ("requested_by_id");
        CREATE INDEX "idx_note_author__f19dda" ON "note" ("author_organization_id");
        CREATE INDEX "idx_note_author__892eac" ON "note" ("author_id");
        CREATE INDEX "idx_password_re_user_id_7d5532" ON "password_reset_token" ("user_id");
        CREATE INDEX "idx_password_re_created_3c2689" ON "password_reset_token" ("created_by_id");
        CREATE INDEX "idx_plan_owner_i_d5a9f4" ON "plan" ("owner_id");
        CREATE INDEX "idx_session_tok_imperso_60d524" ON "session_token" ("impersonator_id");
        CREATE INDEX "idx_session_tok_members_2a3409" ON "session_token" ("membership_id");
        CREATE INDEX "idx_session_tok_user_id_7f74df" ON "session_token" ("user_id");
        CREATE INDEX "idx_user_departm_06deb5" ON "user" ("department_id");"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP INDEX IF EXISTS "idx_user_departm_06deb5";
        DROP INDEX IF EXISTS "idx_session_tok_user_id_7f74df";
        DROP INDEX IF EXISTS "idx_session_tok_members_2a3409";
        DROP INDEX IF EXISTS "idx_session_tok_imperso_60d524";
        DROP INDEX IF EXISTS "idx_plan_owner_i_d5a9f4";
        DROP INDEX IF EXISTS "idx_password_re_created_3c2689";
        DROP INDEX IF EXISTS "idx_password_re_user_id_7d5532";
        DROP INDEX IF EXISTS "idx_note_author__892eac";
        DROP INDEX IF EXISTS "idx_note_author__f19dda";
        DROP INDEX IF EXISTS "idx_deletion_jo_request_55ec56";
        DROP INDEX IF EXISTS "idx_audit_event_api_key_60a724";
        DROP INDEX IF EXISTS "idx_audit_event_imperso_1ad14d";
        DROP INDEX IF EXISTS "idx_audit_event_actor_i_770e12";
        DROP INDEX IF EXISTS "idx_audit_event_organiz_dff89b";
        DROP INDEX IF EXISTS "idx_audit_event_target__b49eac";
        DROP INDEX IF EXISTS "idx_api_key_created_b7a2e4";
        DROP INDEX IF EXISTS "idx_api_key_organiz_677338";"""


MODELS_STATE = (
    "eJztXftzozi2/ldUrtrqnipP7uTVPZW5d6ucxD3r6cTJxs5O1463aGxkWxMsGCTymMf/fi"
    "XANiCBwTa2zOqXhICOIN8RQuc7D/3RmDkWtMlRy0Wf4VvjAvzRwOYMsoPUlSZomK67PM9P"
    "UHNoB01NFxlPUaMhoZ45ouz02LQJZKcsSEYecilyMG/cAq7pUQw9gDCFE8/kF94RMPKgBT"
    "FFpt0EQ8fHFqAOcDAEjjcxMfo9aAdMdp6f9BwbHvEbWs6I3RHhSQV9+xj95kODOhNIp9Bj"
    "d/jlP+w0whZ8hWT+p/tkjBG0rQR6yOIdBOcN+uYG5x4fO9efgpb8uYfGyLH9GV62dt/o1M"
    "GL5r6PrCMuw69NIPuvTAqtGLDYt+1IBfNT4ROzE9Tz4eJRreUJC45N3+bqafzv2Mej4B8P"
    "7sR/nP09erRYM8Po3vWNXrtvGA1Bm/wRUkqITo0czEcC0wMH6o+/wn6XgARnG/wGV/9oPb"
    "w//fBNAIFD6MQLLgZwNf4KBE1qhqIB6EuUg98CzldT05PjPG+fQpo96DoYz08sQV4O+Tl8"
    "c4AqgLQxM18NG+IJnbI/T777Lgfjf7UeAphZqwBnh72j4bvbjS6dhNc43kt8+Zsgx7eN/V"
    "mAcYc9k4lHUMB6Lqsy1o27n7vthwsQ/Brg1vVtp3sBgl8DfNu+veQXw9/puaaITo4/FFDJ"
    "8YdMjfBLSYWYoxEkxPDQZEqJqJmfendd+cgXBFNqsdCIgj+BjQitSj2xCWfoI5siTI74/f"
    "Yx53CgeM8zQn6z46C/v219Sevj6ubuMj058Q4uU8pxPThGr2Xmo6VEVW+JMO3vbELa/uAn"
    "kH3HqTE1ybQMyCmx7SC9+vu6M6A/nBUA+sNZJtD8UhJohheHwjCpiPM1u0LRDMqxTkqm55"
    "hI9Gh+oM6HoDj07B+07rD9Fqk8B/p+57bd67du7xMTzXWr3+ZXToKzb6mz79Pvw6IT8HOn"
    "/w/A/wT/vuu20/PRol3/3w3+TKZPHQM7L4ZpxUbn/OwctYTW4auLWG9raD0puQWtR4+rit"
    "IPRMlzTHK17MFn52mtdzspqbWsspZtk1DDJ2vpOS2rNa2ypudf3OGbUY5zEAQ3oB9W63eX"
    "y6NNuIYlsHFqqCS0EtFtcjuHii4ny8ZPUiInjpiI9CfHg2iCP8M3gXJI4RqRlnep7g4S4e"
    "XZ5f0982VBNsqGGTtgAEAamkSt3lXrut3ImC+2gPMjgUWsJyWnh5XwChNkAlz2FKD7eHPT"
    "CIb10Bw9vZieZWSMb9O3EDXgM8Qy2uYykv70+QHai0Erh7zFe2rzjg72uysgH0DonDgx6B"
    "KgipdmJ7P0GRObk+Bf4vfmdxIBk7k3EnDmuDiWCizk5sjGZLVT4RfZmx2zrFnzX9iTeawD"
    "yUXtktirS+KwuJOdslb1pU7MkXzhkk1KLiXqx/xun5BkaDmeAWcmskuCHBfbnSeqUdWclf"
    "L5nRdBmrXK9vmdC1ijmQs94mBzLcjl0mshr9jiZQfQJz77rklLuTmkwrUb8ufHJwVwZ60y"
    "cQ+uJXGP1lIBSiUQT4mp7OheE+3TImCfZmN9mgV1ubVoQqhSmkoVGrIETxWBUzYUJiVWu4"
    "mikgma+LOZ6UmYk+zAi5iIGiEX/La1CblAbqnFiVvPxcjZeYGhfnaeOdL5JdmCu9wsHZfR"
    "voQknGGAbFlAE1Ia0mwzpSS1JYpqcNX0fSk27Vbi+wrmTe2MyXfGxD8uGX6YrNlBQ5sPrW"
    "Q6LIBwLOdjQ3CXGSa1hDf5FS+A7H594WrOuBv7wou4a6v0Ql7zJ2HP9pMzbEjckPHLzTw/"
    "pBU1NH6NWhbJt/KZqQ+csZDx9I4wLCE8Av0pz3p6AYidYIcMYDr9IThkg8CHYAYJYf8XMN"
    "m/ZU3kiVeV3KSIs5S9ANQPUJpC06NDaFLtCN3VmjHbEarMGlIxX1kFK/Sy3J9UuIb0dSU5"
    "cYfspNkZ8pW4aTxoEsLWPsbIJ9SZsUUr+zCUmVcyO9AWaornXnxS18n8XErv0Kvwz8f2Y/"
    "u65CcykroA4e8BfnjsdjvdHy9AdDDA13fd9gXgPwf4U6tzw1uHv9OLoCLvxfaT4typSUpN"
    "/guB2rl8tu+ttNhiVsS2g6kc2nnzFLKoUKzmWsh+VxWwE/4E354cn308+/70w9n3rEnwlI"
    "szH3Ow7nT7aSelQ01JHEkmkov2Gso0lCalcObKwogz0YyLaEDTgELPk5GEffiaAedCoA6e"
    "xLwozPaXfr7HdhGEeXPX/XHePO3G1bnFOkCWLQm99bSelNS5iCrnIo4RRmS6lppTolrPKu"
    "s5wbOWVHRaVmtaZU17kEFK1sovlojqKIu8OIA4YFvw+9XaZy0ZXIq5+3ghwllG0mHsajPf"
    "2ZdoV8DVN/Ec3+VeOJ9pnwCECbK4R21OeDbBC6JTgCgBzgsGQ8/EFtNHExBIKTsgQRHEzj"
    "1gFyaQyBx9VdxC4uaTJkEGOP4n5QHUfr69+vl0DcZq/U3xJxNgziYpUmI1IHt3zVS4HuKR"
    "+xxTGT+UV9UvJVgHnig50vMYtjn0HzNH+cf0GLediWP4XqlMw7hM/QBmE0HBuSR3MhFmk7"
    "HjUFiK7VxK6Dmk9BxiszWOz5aIpQZ2TKZ+A3v7HlDOEvwuddTlZL/FZOqHcQUJ+LbtvDBr"
    "C7lGuGwXwc6pPSwTViMZrlb1h7VrJfv9qK9rxXetNbWelNRaV0XrEmY2evrDjK5VhX2vcX"
    "nCg8zJWNQnLFJBL2AbRezLlM7bGiOuBNqVFs3rWHDmMrsPj94e4MjxksRqZqNmHpuNls0N"
    "b9l+JavN80bGyCMUsPeVQcu5ZxOESxZ2iqEHrZBz5rkkhD0jeIJvYPi2/HvElqDQE9ns7X"
    "YtZbHDxMUoU85xobcYpPyc5rKV4rITyipqSyaEashqb9+aTLwGhVMn4kIa5gIwlxzH9R3B"
    "1eyNFXwxyvAgSwk1yI9aVQLS5Ef2y3CYZvCB7VlTQOuKhCippOTMKDTBGt9PIM8tnA2Z4T"
    "lFbkNiAcWu5po+s2S71SYPgoQZItzmle5UGpgkZrBRaRBNw62RcIc/EO7wB8aeg5mpZRHe"
    "icTwqeAGUvOH32Fu+6fogLTtI434CXaR1Kn8+zWL9DagehtQ7YbTK1G9Es1eiWqHTKUVCW"
    "LriKKwxkQ0nPn+LZ/IYsKqSjlQFNKV/qz4WnblPlvaZbh3lyFhSx3Wz4Zew17YS995gnVC"
    "vlL3YdcJ1CXYy8H5Zp6ljOctitS189Azd9RxGWAOHZ8yWzVhxzbBMyKIdc2NXJ6Rwj7hU8"
    "d7R5LW7mjKgJEWtdv+Hbaw/Ze2hvdqDVP4KlnZZwdQz9urbAErG0CtjalMVdTYmNIxjXXT"
    "epGYxvDTWXaThLiQTjCXAboBNZHdgy7IquiWCapNWDog9/Csa3ES2R07pOREvLrKf/wzVG"
    "T7BHFiVXIcK4z1FriiKjmQhC4kXEhaV9mcSHqQFOFGMOuGRzNzx/0UsUHgjaZvR+Arrzn9"
    "dV6Cf8aGhodMG/0OLcBHFuv3jfvzLTB2PED8Ia/cz8vze0heDKSK2wzwAEcdTB2GdNg5fA"
    "WIHbN7wWfIxMN+mDgPT4ieIEG5IEqgPW4CaI6m7D5hDuIAD9/AoPE/A/a/EIcdBZ3RKfuH"
    "gM8GvQe+DBr8uYMHADedz23w5Sg4/vNP8O5v774C1jUPl4heERB+xotTOy94QSI/sSuazd"
    "kzmxMoQcC5WGzDXFbhLbwbt61ePwhfCH4P8EO717654WfmRwN89djr393yc/Oj9Ku+nzAH"
    "XVqm2hDmkTNzTVwqSDwmUoNyEDvBGFP2rS6/k7ogWD+8q9iidw6bOy1ZEkIQrB3eZ0WG91"
    "n26D4TBrdpWR6PJ7MRhsdlwBYEawd2JZNJHLaTdfE+0XgXnrwRLfd1jNrXDt3jQuge56B7"
    "LKLLV+qmzeCzym1gkhSrHdYnxQZyzjgWv4k+prJt6/O+hguR+gFcBN9seNPoqr5Zkmi2t6"
    "76nX+1S4LduG93r4O9kaKDAQ77uQDh7wHuPfb4Nb5F0uJwgK/bN+0+PxcdqGFbhrgbQzh2"
    "PDhnDTfSodiXwpXFaqbNsvvwbXfrvdVM2c54gko23rOgK4O3NzNtO3szrLlQbXYcOj35+G"
    "Gx2RD/I68Kau+2dXMjbjbk2mZZ93BMRMc3HHBw2E4nhcOMEtKxYf+NWi8UGzaiQSj2OnpP"
    "y+otZ9RRtPh+E5+4kMG41mZhKVmtafU1zZNrDL4zc7lyUFJhhQ2uddfzhYi38xzi7Vy2pQ"
    "S3UNd5wZKS+vVS+fVyfW8CDXMsrfefr+aU6E70rIj5cXBqjkcUFY44jslUalOq8vJuEGnM"
    "oRKxrTo0U01oV0cYxwZWIhjzgY3zh85Vv1jmrukiXlBzw8zdlos+hzUND8yOy8zZTUYQW4"
    "ga8BliWQmYUjjxntrPsBAxdyADM81fRvvobYhUcuO+Oo6qZaWyDaFKlkarI1Q8KZwYYTA6"
    "lHx+y6A1T4yvLU4anix4RlNkWx6UGL9lEKrn8kJwnWw4ju5ZF3UdRwR6z2i06ZvWC3upE0"
    "ilknzieI58D9E3w3VsNJIEz8xhvcOw77AfRcANu7xf9FiT17RsapRPh85rOwhslmVGxS43"
    "cxOjgobLCOkCiVEYBK3BC9MDhRggHGQODX2CMK9uyuQxMcOcFp5ZRNhaD9g8gYnv+mCyk7"
    "zavyQVaosdF8kjWoYNYfhKDZPdc+ZSXR5mjeG8s4QiOc5VJxHtkbze/pYG1DGiUOYyECel"
    "agh0JZkUxB/+CkcSF0GeU2YhUkOUTwv5Yk5zfDGnoi9m6FiStUV2Nal5+1rgu+tqUqqH6k"
    "pCoqPwzJLfQEl4Z6/d7V8A/nOAP7U6NzyGM/ydXszsJ4QzWsJItJMZYhgXqU2U4cnx2cez"
    "708/nC1CDRdn8uINxVBD2yTUgJ4nK96RPb8kpergUNcl65RRxYEGqBUJS0ybYSVVLxHX0R"
    "Uqu925/b5OhNpSTOtXNf0KYQD7qRx0bxLy4njWAySQhnWnJSyZpFUzjyxzo/aGxwUMupAo"
    "UE2IMK3b8FufQDDvBgTdABvhp3cEBL01AS/Iw2v88L2FnuAbO5yaZCorHLSFHlfTZJoJ2y"
    "sTFqjQ4PoqR9bEpWqXoLV9TkyvN/8b15t658O6rkJS296slelEdIz2Qeh3PgMP30pG8AqC"
    "OjU0/eIou1/UYaCZExOt3HZRKlapLbVb1PJ13h2uSr72K2EVJr6MYst7Mt15gJnMWI8Cz3"
    "LM83mLleb4P32HMnvYhR6IYr4AjyEA77u8Lu3/AR/baIYYRt8stu7l17kFzW8CIOb3lJTz"
    "3WbH2jhXYApv5hjnurZqtaXjEDFGPqHOTAT50nFsaOKM8RyXS4E9ZIJVob04s9sRfHl3d5"
    "NYrF920i62R77v8vvjAHzWCIUzvejvfIFDwi4av/FpTEQ904ssyK3lSlbMSNq2M5nPI0OT"
    "lEdXFNTwivDy0FEeyloWXUFOgyuCO6auYY6CioalAZbKapAlEwQmxu9snVh+ghAENbwivN"
    "w88d3S4KbFNLSSkYvIU4iQMRuWGbhpOQ2uCG5oE1pGYCiK4P7Uu+tmeCnSgmkiG40o+BPY"
    "iFQW6Bcz84Y+sinC5Ijfbx+WHgcqsU4WItXSQWnNpEnIO9CRatpzqAvo1U/rEleTkB66xz"
    "IxahL423WJ7KlMjJrQrl8mZs979qUSdCVEvpjCm03pSzKIV7L72VBrRl2BGaCZw6jPEDYW"
    "QZYRuVzcmsiQ1jaFaFN48DcfedDwXRd6I5NI/Bi5FLtUfj2qXTGkd0O0z/HjO2pugn9CXu"
    "NfGn8LTZBkDV8I+4Wsxr007uRtNnQke/kVAn4prJEvjPziwxjErr4ZlimrDZj5bc0S1x9X"
    "CWEXQsTW0pjdtizSGdIaaJnL79UYm4hznLYzQbLSVjluP4msBlmSA+2MnhyfGmx17Uur0G"
    "VCLJHUAIsAm+G+6gZyDc/EExnE2Ry/VHgjnl8xtHdN6BNIgor4NhoHFOwa4z6vC/0CiC+A"
    "ZtOzoa4xmx6jacuS6qLobrm2w6DWyxDAcr2ISplXatwRF6+CKlZT8eJwLMDIb8iyhzVGpf"
    "T6ovxoHq++bLQyWp6pmyeWO743gsAZAxOE4bXQA+9NEMV+NtnpKJSuCY6Ojr65AARSyvAl"
    "wGETWBNg+MwkOPcrxs1Xc4siVSAlygvKCeoakPt1BWTXgFxdZewQ6kE2fm5f9jr99gWIDg"
    "aYfZVbl60eOzU/GuDbVufm8u7LBYgOBvhT/95oXV3dPfJaZLE/mHy3Z/CPNZOPjgb4snX1"
    "+fH+AoS/0+9dkdD+7Zcp03kTsaqT50XyJs7Pc6pOnh/abtqSMLH1ttNOb7d83em1LoOqfP"
    "MjNQb8/CtVxrCPy6gRt8dvq+P2dNyeojZnkbg9dW1OdVm2DQK6ci1JBeK69gFxRdbkDuO7"
    "AnIzs6Za4noz3wYNadJSZdSG0PSYiRfIgLHnzMDXwH3zFTge+IpmLvSIg9mo+PpDYBMCRE"
    "ms6hlAJKqHJquott3OdbSZAtNTM8fE1MXVJKvf7RdXW743621TnCVfh8LKO9ip2PU99l5k"
    "GNyrzcGY+A7twU+8AEk5zAOZC8B/DjBDo/tj27hv9Xo/3z0wgzB1Qg27MNzYr/B74NZz1J"
    "8VoUDOshmQM4EA0cZdNvT1Ne50Occ1lk8qKVniNRa17MFntgBb591OSuqijiprebnmc8pm"
    "3ElEdWHHZNjkYl/hktAKgjqjUZfM3BmdqEtmbrtk5iyxwfiGuG57t3IV0RUmwNUYxz9Hux"
    "u9Sn62VsIr+XSrRH0H2Eso77lOsqnu+dRVhOEOGOcj8DXYC/frklMGQa7ftzzZz/oBmCDU"
    "LQg0ChwcXn4fSH0D+D9MAJ2aFPiujOqu6C6a81bgG9rM4bwXGz0XZZ0WArWMvqlgz9cx8g"
    "g1ysY4JaV2yLRWNXxT3GkhZvs4h9k+FpntYJ/FskAnhDTORXBe5H6WdZUJgnWcQ6qofGyb"
    "eOKzRUi5gb2U2eG4Dl33OxjZ24/K02GSaoVJLqaL0ZSnMq7D8WZ0oR05qrC/RRw58bRsI6"
    "gbLA6D7GrDUmG9tbUsrZvhxPCR2QP5b1laVvtSVPalBCve8H0oP6EKwlrXB6LrcsElgqCO"
    "M6lbnMlOYwrruzrR1QrqpnXJzCpUK7Cga3p0xreeL0dUC4I6GCHPybuEawvOsutEZ4cI7k"
    "qXmTC8Su/lFytE5CLjCb4RI/o6iRq4jHr49PkB2otEHDn4LRcxTR3eoiEL+WTNJt9C1IDP"
    "kAttBhPvqf28rTGqNlRGLIdm0+FVd9yCt5hnPPzqDDccY9dRVz85w5qCtQzM2BCqbUexqA"
    "cVdigkxouHKIWSPJwyYHVZVzUdUGzBAmmYmril7+F9RE0/8J4X6ZE1h24PkB3kS5nMcYsy"
    "YzdEL52JW8OhthegDmaAVRkL14IeGnFWTYiGi6408+LhzGUbZXbzyPQoSc12iQcpeoE2iz"
    "Grkp3ZigcpO7Tsmc1g0koP2axzTKSOoSFVFHfiL1UJhKPmNUS3klAndkcq5Z6yCzXFRHZf"
    "p2k/9N7WKjIJROAuA7v/+n+0WLxX"
)
