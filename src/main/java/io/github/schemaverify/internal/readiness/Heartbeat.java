package io.github.schemaverify.internal.readiness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.schemaverify.internal.report.AtomicFile;
import io.github.schemaverify.internal.report.Json;
import io.github.schemaverify.internal.report.RunReport;

/**
 * The heartbeat file of a timeline: level, time, every gate (as {@code report.json} shows gates, durations in whole
 * milliseconds) and the number of transitions, written through the library's one JSON writer and replaced atomically,
 * so a reader never sees half a file.
 */
final class Heartbeat {
    private Heartbeat() {
    }

    static String json(MutableTimeline.Snapshot snapshot) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("level", snapshot.level().wireName());
        json.put("updatedAt", snapshot.at().toString());
        json.put("gates", snapshot.gates().stream()
                .map(g -> RunReport.gate(g, g.duration().map(Duration::toMillis).orElse(null))).toList());
        json.put("transitions", snapshot.transitions());
        return Json.write(json);
    }

    static void write(Path file, MutableTimeline.Snapshot snapshot) {
        try {
            AtomicFile.write(file, json(snapshot));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the readiness heartbeat " + file, e);
        }
    }
}
