package io.github.schemaverify.bench;

import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.TestDatabase;

/**
 * Run by {@link SharedServerBenchmark} in each fork: {@code tests} tests (100 by default), each writing to its own clone
 * and checking that it sees no other test's row, and each printing how long it waited for its database (from the
 * first beforeEach callback to the method body: clone and readiness bootstrap).
 */
@ExtendWith(SharedServerLoadFixture.Clock.class) // before @MigratedDatabase's extension, so its beforeEach runs first
@MigratedDatabase(placeholders = "EMBEDDING_DIM=3")
class SharedServerLoadFixture {
    static final ConcurrentHashMap<String, Long> STARTED = new ConcurrentHashMap<>();

    @RepeatedTest(value = 100, name = "test {currentRepetition}")
    void writes_to_its_own_database(TestDatabase db, org.junit.jupiter.api.TestInfo info) throws Exception {
        long waited = System.nanoTime() - STARTED.remove(info.getDisplayName() + "|" + Thread.currentThread().getId());
        System.out.println("SV-WAIT " + waited);
        db.execute("INSERT INTO documents (title, content_hash) VALUES ('" + db.name() + "', 'h')");
        try (var c = db.connect(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT count(*), min(title) FROM documents")) {
            rs.next();
            if (rs.getInt(1) != 1 || !rs.getString(2).equals(db.name())) {
                throw new AssertionError("isolation leak: " + db.name() + " sees " + rs.getInt(1) + " rows");
            }
        }
    }

    /** Records when a test's callbacks start, on the thread that runs them. */
    static final class Clock implements BeforeEachCallback {
        @Override
        public void beforeEach(ExtensionContext context) {
            STARTED.put(context.getDisplayName() + "|" + Thread.currentThread().getId(), System.nanoTime());
        }
    }
}
