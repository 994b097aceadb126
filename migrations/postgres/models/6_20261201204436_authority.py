from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "invitation" (
    "id" UUID NOT NULL PRIMARY KEY,
    "role" VARCHAR(16) NOT NULL,
    "access_rights" JSONB NOT NULL,
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
        ALTER TABLE "organization" ADD "suspended_by_depth" SMALLINT;
        ALTER TABLE "organization" ADD "deleted_by_depth" SMALLINT;
        ALTER TABLE "organization" ADD "suspended_by_id" UUID;
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
        ALTER TABLE "organization" DROP COLUMN "suspended_by_depth";
        ALTER TABLE "organization" DROP COLUMN "deleted_by_depth";
        ALTER TABLE "organization" DROP COLUMN "suspended_by_id";
        ALTER TABLE "session_token" DROP COLUMN "impersonator_membership_id";
        DROP TABLE IF EXISTS "invitation";"""


MODELS_STATE = (
    "eJztXWtT67a6/isaZs6s1ZmUU1iwuod9zpkJkNWmCwIbQtvZzR4vJ1aIiiO7lgykl/9+JN"
    "lOfJGNndiJ4uoLCbZe2XleXZ/3oj8O5o4FbXLYddFnuDg4A38cYHMO2ZfUnQ44MF13dZ1f"
    "oObYFkVNFxlPYaExoZ45oezy1LQJZJcsSCYecilyMC/cBa7pUQw9gDCFj57Jb7wjYOJBC2"
    "KKTLsDxo6PLUAd4GAIHO/RxOh3UQ6Y7Dq/6Dk2POQPtJwJeyLCjw3U7WP0mw8N6jxCOoMe"
    "e8Iv/2GXEbbgKyTRv+6TMUXQthLoIYtXIK4bdOGKaw8P/ctPoiR/77ExcWx/jlel3QWdOX"
    "hZ3PeRdchl+L1HyH6VSaEVAxb7th2qILoUvDG7QD0fLl/VWl2w4NT0ba6eg/+Z+ngifrh4"
    "Ev9z8n/hq8WKGcbgZmjc94aGcZDRJn+FlBLCSxMH85bA9MCB+uOvoN4VIOLqAX/Axffdu/"
    "cfPn4lIHAIffTETQHXwV9C0KRmICpAX6EsPjM4X8xMT45zVD6FNHvRdTCOLqxAXjX5CL4I"
    "oAYgPZibr4YN8SOdsX+Pv/mmAOMfu3cCZlZK4OywPhr03UF46zi4x/Fe4ct7ghzfHvbnAu"
    "M+eycTT2AG60hWZawPbn4a9O7OgPgY4e7ldX9wBsTHCF/3rs/5zeAzPdaU0cnRxxIqOfqY"
    "qxF+K6kQczKBhBgeepxRktXMD/c3A3nLzwim1GKhCQV/AhsR2pR6YgPO2Ec2RZgc8uftYs"
    "zhQPGa54T8ZsdBf3/d/Tmtj4urm/P04MQrOE8px/XgFL1WGY9WEk31ksywv7UBqf7GTyCb"
    "x6kxM8msCsgpsXqQfnt+3RrQH09KAP3xJBdofisJNMOLQ2GYNIvzJbtD0RzKsU5KpseYUP"
    "Qw+qLORFAeevYDrRtsL0KVF0A/7F/37ofd69vEQHPZHfb4nWNxdZG6+j7dH5aVgJ/6w+8B"
    "/xf8+2bQS49Hy3LDfx/wdzJ96hjYeTFMK9Y6o6sRagmtw1cXsdrW0HpSsgath6+ritL3RM"
    "kRJoVa9uCz87RW305Kai2rrGXbJNTwyVp6TstqTaus6WjGHS+MapxDRnAD+uFt/W5zebQJ"
    "17ACNk4NVYRWIlont7Ov6HKybPokJXLiiGWR/uR4ED3iz3CRoRxSuIak5U2qur1EeHV19X"
    "zPfFmSjbJmxr4wACANtkTd+4vuZe8gZ7yoAecHAsvsnpQcHt6ENzNAJsBlbwEGD1dXB6JZ"
    "j83J04vpWUZO+zZ9C1EDPkMso23OQ+lPn++gvWy0csi7vKYer2hv590M8gJC59iJQZcANX"
    "trfjxPXzGx+Sh+En82f1IWMJl5IwFngYljpcBSZo58TN42Kvwi69mxnTUr/gt7M49VkHMz"
    "Ie+adJYupO0WO7Vb7BfBslVqq738ijmRr27ymcuVRPvo4fpZS4aW4xlwbiK7Ishxse2Zqw"
    "6aGrNShsHTMkizUvmGwdMM1mjuQo842FwLcrn0WsgrtsLZAvRBe91gd5pbQaMEgCoEz7oM"
    "QLSKKtvGpcKtG1xOj45LtHBWKreFi3tJ3MOlrUCpAuIpMZX9DtZE+0MZsD/kY/0hD+pqA0"
    "hCSA8aUkSreialxFo3UDQyFRJ/Pjc9CZGV7wcTE1HDA4Y/tjUeMMittAx027nsOzkt0dRP"
    "TnNbOr8lW/Ots8zTph3JGB36K1cFNCGlIc3fEFYkEbOiGlw1TZGKDbuNmCLFuKltY8W2sf"
    "jkkmMWyxsdNLTF0EqGwxIIx0JwNgR3FfDTSniTs3gJZHfrmqDmiLuxa0IZ63mTRuFL/ibs"
    "3X5wxgcSq3D8dqfILGyFBY1fw5Jlwt98ttUHzjQTgPaOMCwhPATDGQ9CewGIXWBfGcB09k"
    "/xlTUCH4I5JIT9LmCyn2U9yuPgGnlIGds16wDUFyjNoOnRMTSpNjlva82Yb3JWZg2pmFWy"
    "gRV6Ve5PKtxC+rqREMV9NtJsDflGzDQeNAlhax9j4hPqzNmilU0MVcaV3Ar0DjXFcy+n1H"
    "UCcVfSW7Qq/Ouh99C7rDhFhlJnIPgc4buHwaA/+O4MhF9G+PJm0DsD/O8If+r2r3jp4DO9"
    "CCrTL+qPUXRnJqk0+C8FWmfyqd9aabHFbBbbPqZyaKPiKWRRKdfZtZD9pilgH/kbfH18dP"
    "LtyT8+fDz5Bysi3nJ55dsCrPuDYdpI6VBT4rGTi+SyvIYyDaVJKZy7Mq/uXDTjIhrQNKDQ"
    "82Qk4RC+5sC5FGiDJbHI37X387DYYrt0d726GXwXFU+bcXWot3ZFZktCbz2tJyV1aKjKoa"
    "FThBGZraXmlKjWs8p6TvCsFRWdltWaVlnTHmSQkrXCvSWi2suiyA8gDlgNdr9W26wljUsx"
    "cx/PCznPiQGN3e0UG/sS5UqY+h49x3e5Fc5n2icAYYIsblGLCM8OeEF0BhAlwHnBYOyZ2G"
    "L66AACKWVfiMhJ2b8F7MYjJDJDXxOPkJj5pDGpAsf/pCyA2s63UzufTonZrL0p/mYZmPNJ"
    "ipRYC8jebTMVroe45z7HVMYPFSVZTAm2gSdKtvQihi2C/tvcVv5tuo3bzqNj+F6lmM64TP"
    "sAZgNBybGkcDDJjCZTx6GwEtu5ktBjSOUxxGZrHJ8tESs17JhM+xp2/RZQzhL8LjXUFUS/"
    "xWTah3EDqQ5s23lhuy3kGsGyPQt2QSpombAawXCtSgetTSv5/aO9phXftdbUelJSa10VrU"
    "uY2fDt99O7VhX2vcXZIvcyJmOZLjKfo40Nc5xtzGJfJZNhbYy4Emg3msOwb8G5y/Z9eLK4"
    "gxPHSxKruYU6RWw2WhU3vFX5N1ltHjcyRR6hgPVXBi3nnk0QLFnYJYYetALOmceSEPaO4A"
    "kuwHix+n/ClqDQy7LZ9VYtZbGDwMUwUs5xobdspPya5rKV4rITyiq7l0wItZDVrn83megG"
    "pUMn4kIa5hIwV2zH7W3BzRxVJmaMKjzISkIN8qNVmYA0+ZHfGfZzG7xnRwiV0LoiLkoqKT"
    "nXCy2zG9+NI08fPyNqhuBnd0Cru8Vbn2S5Eo48czgfsw3vDHFXmyn0oDhB1sQAvrJZgike"
    "2M4jwmwfYlKxGRGPgB6wHEgAdiiYsh+yAKY15561VLb7aeQpIzzCfQoePZM1RF5kxqvxMU"
    "W2qCGokJ8O6bL7iJ6xaQ8/8TImIGxtwl4hKDL32baMP2LG/YWY6AhHT2eNZeZ4iC6A88z/"
    "jb+lw7deiQQEhO3k2Ds6OH+TxsmFiKFIkRZ6h6bUDk0fEKsPiNUWQb0o1otivSj++y2KEy"
    "nuxGJojcCMjKAOy9hb0+r+oRtbapdFNSai0dxvO7WKsURrnWroE5kXbVNBWnuKbHxb/Sai"
    "q2lpe7gqOX29nbA1PYErFfp2xbmY4cxzKBUYZ0izZIFOEW8meB2DxsuW4M4mjo8p4CwT4M"
    "tU8MLU6bx0InppvADwGXoL0L3tA9dz+Db0LM5NhdlSwmSWEtqs3geM8MRGkFXIFn9spCcd"
    "UXRqIjviwqKSwMdPmAfViSOsgnJMAtLgAgGEV0OdoNawOsHI3eAg96YLPeHBIH4Bq96DEy"
    "ZiL8541k34Ev4SQau9eKyRBak6RdZODFzbnDDAl3Qcmcyg5ducDhStj/CCBLzMHBJhIgqP"
    "bWfyBGbmMwRjh86AaxLCnv2eQCiqD17GIyPMmgCrj/9aft1y2K9ij2XNkjW1r0omBM0l6H"
    "ZpDn2bnNs7O3M+R8ebru/JfMRzMxTFRXSGonSGoqAvGSIVStUtfVpWb+pV3tSLoZJN7cJe"
    "UlXVGWGdW0M1XSti1bxe2v1kC7TY3cLV2TxZ7m1HTsSWCKbIGxAuUhJ2usDR0gTcTBMtMk"
    "BgJQCBlQBMPYetFLBFeCUSd84GHrCpvVCax0BYonSCcm1K1KZEbUrUpkRtSlTVlLhPthBV"
    "FqItMYbsCZwF1hDlOHol4sY6m5D0yhuYlIS41kDI1XFtvDbCFj7cxzGrjCqRkfdBLUPnCb"
    "bojLBEy90JUPvSYBuNJR04VGoHEtc7RQQDjkqUOeTMQ888apPLAHPs+JT7Mcd7Xgc8I4JY"
    "1Zwb4OkJAzfidyRJEkxmDBjpCWf1P6HM8WaSwSO2otYkwm5JBApfJRui/GxaUXmViYNa2F"
    "h9doDeg9azB9UJbtqmdYl5JLNeC6bOipvjhJB2a5UBugGjk1+DdsvcXxdiVVYMLfZ6VWKP"
    "16nD7TUYArZHqik5EL995Ht8Gipx4rtkYFWyHSuMdQ0UW5McSEIXEi4krat8TiTdSMpwI5"
    "hVEzlVzhBrBN5ktjgEX/gBxF+i89jnrGl4yLTR79ACvGWxehfcDcICU8cDxB/zY9z5We0e"
    "kp8M0cRjuPNqWMHMYUgHlcNXgCzhFRs42gb1MHHu1RG+QYJyQZRAe9oB0JzM2HOChLQjPF"
    "6A0cF/j9hvIQ77JiqLAtYt6IGfRwf8vcULgKv+5x74+VB8//NP8O6/3n0BrGruZRJ2ERBM"
    "4+WpnRe85N6f2B3N5uyYzRFKyOBcziUkkm2K2alh8D247t4PhdeH+Bzhu9597+qKX4m+jf"
    "DFw/3w5ppfi76lu/puvEP0OSPN5rOaOHPXxJVc5GMiLTgbYCsYY8rmakOEa1RDOiXYPrxP"
    "y8QlsFL5eJ9mMuBFsLmziucDZARbh/dJmeZ9kt+6TzKNO4w3MmyE4VEVsDOCrQO7kcEkDt"
    "vxungfa7xLD96IVpsdw/KtQ/eoFLpHBegeZdHlK3XTZvBZlQbqlFjrsD4u15AL2nF2TvQx"
    "23JXmw2XIu0DuAy++fCm0WWtkfoSJ6Nye8iV9NZ2kQfdi2H/x15FsA9ue4PL/uC7MxB+Ge"
    "GgnjMQfI7w/cM9v9e7PAPLryN82bvqDfm18Isae8sAd2MMp44HI9ZwIx1m61L4mKmWaZMz"
    "dJXmkLB860K9T4/KjG6sVC644l76PFJXBu/93LTt3PjupVBrgrs/HH/7cRnXzf8pCum+v+"
    "5eXWXjul3brGoejolo/4Y9dg7b6qCwn15C2jfs76j1Ur5hEypcsdfRe1pW50hQR9HZ/k18"
    "4kIG4zqaTstqTauvaR5cY7CBi1Q7G0gqrPCGa931fCni7bSAeDvNEm+rbjJeGGst7uU1rL"
    "XSVw3++tb6ARGwPsgyeQ2xFOLqU0VSUk8UKk8Uru89QsOcUllwd7GaU6Jb0bMiG+m9U3Pc"
    "N66073xMplF2RJXOW4EeSUzS1WCViGruqTAggbfDLMJNe3Cr2W7fDkSI9dqEz/YdG0Tu+h"
    "fDg9yGXAPGrQ5EkPTcyrmiY7SLi/gxtxumUOi66HOQWnfPCLVSaSZM30LUgM8Qy1KYVcKJ"
    "19TjFbWn66cNSaZH55sjdbmsqK2tanV+4IZQJQ8sbCNUq6SkG0KVzILaRqh4IhNiBAFUUL"
    "IirIJWlMyltThpePLgmcyQbXlQQthWQaida92MuX/DdnTLqmhrO2IL8Wc02bSn3Qe1tAmk"
    "SoGpcTwnPj8k13AdG00ke6UI1hsMhw77UwbcoMrbZY0t6aZVw3l9OnZeeyIYRxbNG7vdKQ"
    "zmFQVXUT0lgnnDw18AP56FQgzEuccQjH2CME9kzuQxMYM4TB4NK46EsXnQLT+XxuRHL1NH"
    "dhh0jRWXiX1dubpi+EqN8EwcndJsjea8tSBYOc5NB77u0OBa11k5sXxxjhGG31SBOCnVQq"
    "Abif4j/vhXOJEYA4scCZYiLUT5Qyn/gQ8F/gMfsv4DY8eSrC3yMyBG5VuB77YzIKoeXiIJ"
    "4wlDCirOgZKQhPveYHgG+N8R/tTtX/G4g+AzvZgp0xcaOL4iPNYvq51cp464SGs842s79s"
    "w2CTWg58kSTuWPL0mpNjiBbXuQ2S9Peu1UfVaLK316G1ZR9RJx7UelsoMN37+v41W9EtP6"
    "VU2/GZ+U3WS7uzUJeXE8646fTRyclSBhySSlOkVkmRuWN8SRxwZdSpTIgEeY1m34tU8giK"
    "oJT062EX56R4CorQN4Ejmel44fI/gEF+zrzCQzWbK7Gmrc4CxjzYRtJbk/V6HB9VWNrIlL"
    "tS6ouH5OTK83/47rTfjqIo/7H1TWelKyffG6e6LkUqtMnth1nehcoqMx9kK/0Qhc2ak8I6"
    "hdytMdR9mjIfcDzQIHfeVOhlTRebzSwZCr7rw9XJXs9m/Cmhn4KnvkN7p15w5mss166HhW"
    "sD2PSry5Hf+X71C2H3ahB0KfL8B9CMD7Ac+l/r/AxzaaI4bRV8LRhHuh8Pt8B80fAiDmz5"
    "SkoK+zYr05V2AI7xRsznU+8GbTnSJiTHxCnXkW5HPHsaGJc9pzXC4F9pgJNoX28sp2W/D5"
    "zc1VYrF+3k+b2B6uz3t3748E+KwQCkb6rL3zBY4Ju2n8xoexLOq5VuSMXIvyAtRmTObjyN"
    "gk1dHNCmp4s/By11HuyloV3YycBjcL7pS6hjkRWXgrAyyV1SBLBghMjN/ZOrH6AJER1PBm"
    "4eXbE9+tDG5aTEMrabmIPAUIGfNxlYabltPgZsEN9oSWITaKWXB/uL8Z5Fgp0oJpIhtNKP"
    "gT2Ig05ugX2+aNfWRThMkhf94udnocqMQ6OeOplnZK6yS3hLwC7ammLYc66Wv7tC4xNWXC"
    "Q3eYEEpNAr9ek8iOchapCe36OYt2fM5sKkBXQuRnQ3jzKX1JBPGb7H4+1JpRV2AE6BQw6n"
    "OEjaWTZUgul99N5EjrPUV2T+HB33zkQcN3XehNTCKxYxRS7FL59ah2xZDeDtEe4cdPgd4E"
    "/4S8xr8y/hZ6RJI1fCnsl7Ia98q4k8V87EjOny0F/EpYI18a+eXEKHxXF4ZlytIo5s6tee"
    "J6cpUQdgFEbC2N2WOrIp0jrYGWmfxejamJOMdpO49IltqqwOwnkdUgS2KgncmT41ODra59"
    "aRa6XIglkhrgLMCmzVdxloFcwzPxowzifI5fKrwRz68Y2tsm9Akk4hQXG00FBbtGuy+qQn"
    "eAbAfQbHo+1C1m02M0bVVSPSu6Xa5tP6j1KgSwXC9ZpUSZGrfExaugirep+GxzLMHIb8iy"
    "BzlGpfT6Mv1oEa++KvSmtzxTNw8sd3xvAoEzBSYI3GuhB96bIPT97LDLoStdBxweHn51Bg"
    "iklOFLgMMGsA7A8JlJcO436zffzCPKZIGUKE+kE9Q5IHdrCsjPAfl2lrF9yAd58FPv/L4/"
    "7J2B8MsIs1m5e969Z5eibyN83e1fnd/8fAbCLyP8aXhrdC8ubh54LrLYP0x+cG/wyZrJh9"
    "9G+Lx78fnh9gwEn+l+V8a1v/40ZTpuIpZ18rRM3MTpaUHWydNM1sn9S9HXvRj2f+xVHKFC"
    "qTMQfLIO0L/vnousfNE3NRp8NEtV2djHZdTw2+OP1X572m9P0T1nGb89dfec6rJsGzh0Fe"
    "4kFfDr2gXEDe0mt+jfJcjN3Jxqifud4j1oQJNWSqM2hqbHtnhCBkw9Zw6+CPPNF+B44Aua"
    "u9AjDmat4ss/xZ4QIEpiWc8AImE+NFlGtXor195mCgxPnYItpk6uJln91p9cbdVveG9niw"
    "simw7yAc+Tb0Ni5ST2p6Wi6E8LouhPs1H0ru+xfpGz4X57OxgT3+J+8BNPQFINcyFzBvjf"
    "EWZoDL7rGbfd+/ufbu7YhjB1QY19YXCwX+l+4Laz1Z+UoUBO8hmQkwwBojd3+dC3d3On0z"
    "musXxSSckSq3FWyx58Zguwdfp2UlIndVRZy6s1n1M14k4iqhM75oO7Oq14E5wztWjIk56q"
    "66JcJ7D7MyvpLKVqMLg6S2ndWUrniTPdN8S17gPiVUQ3MwC+jXF8Ztpe61Vy2noTXslqqR"
    "rAxu5adAsQL27du07FK1q+xMYT9Yh82040cZQx6QgTyyH4Ig5//rIyogAR3Po1j261uBfg"
    "xfe9i89ghS+YOexHAEQBdQCdmfSrDiD8G5SYdup/yAi7NisBguYHRKPj9bKf6QBe39cIE4"
    "gJougZhqXEMdbB0dXeMyQi/694M/bXefJdbTdSZVHUKbAbLQ9LL8vcLgVaZy1q5NTkKfII"
    "Nap6CSaltmiraKrxpqwPpWxDRwW2oaOsbUicVFoV6ISQxrkMzsvo6arG5oxgG31gm8gdbp"
    "v40WermmoNeyWzxXYdOL9soWXX79eqHY3VcjReDheTGQ8GXsdKklOFNoWqYj8pYwpNZ+vg"
    "ySQ2aw2yirQJTWUTWjy5hSGyr2eVn5+zXSq8VvD6Wt3+m6b6fAPJMRhODB/ZjrC4b6VldX"
    "dSuTuJXU/QH6oPoxlhres90XU1F72MoPbWa5u33la5tvauUHXOl7ZpXTKyZnK+WNA1PTqH"
    "mFZ02cgIav+iIr+NFVxZkCvbZC8Tle0juG/aZDPNq7IZNpbOzUXGE1wQI5ydsho4D2v49P"
    "kO2stwRjn4XRcxTe3foiEP+WTmO99C1IDPkAttBhOvqfdcVxtVGyojFom4afNqO26iF/O4"
    "sV+d8YZt7DKs6gdn3FKwEH5GVKCwIVT9ZUV7uP4qBdXKcWdDqOr24VMPKuxQSIwXD1EKJY"
    "GfVcAasKpa2vfY2g7SIBa+pqXDbcjd3/Gal/H4LYduB5DtZadMBlWHqRg2RC+d+qGFTW0n"
    "QO1NA2vSF7ULPTThBGTGGzW80ynyRzVXZZQ5PirX+CZlOCTGtrADqesqWIuxLd8P85mNYN"
    "LUQvkEfUykjZ5UTWQT5J2qAsJh8Rai24hnIHsildJ0+ZkBYyLbTwy4Gya0thSAGc50m4EV"
    "f/0/DZtxfg=="
)
