package io.github.schemaverify;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

/** Fixture: 50 test methods on PER_METHOD, each recording the database it got. Generated; run through EngineTestKit. */
@MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
class FiftyMethodsFixture {
    static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    @Test
    void method01(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method02(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method03(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method04(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method05(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method06(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method07(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method08(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method09(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method10(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method11(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method12(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method13(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method14(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method15(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method16(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method17(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method18(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method19(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method20(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method21(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method22(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method23(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method24(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method25(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method26(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method27(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method28(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method29(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method30(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method31(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method32(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method33(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method34(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method35(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method36(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method37(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method38(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method39(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method40(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method41(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method42(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method43(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method44(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method45(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method46(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method47(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method48(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method49(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

    @Test
    void method50(TestDatabase db) {
        SEEN.add(db.name());
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('t', 'same-hash')");
    }

}
