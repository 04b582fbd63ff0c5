package io.github.schemaverify.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/** Reads a run's {@code report.json} and checks it against {@code report.schema.json}, the schema shipped in the jar. */
public final class ReportSchema {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportSchema() {
    }

    /** The report, after asserting that it has no schema violation. */
    public static JsonNode validate(Path report) throws Exception {
        JsonSchema schema;
        try (InputStream in = ReportSchema.class.getResourceAsStream("/io/github/schemaverify/report.schema.json")) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        JsonNode json = JSON.readTree(report.toFile());
        Set<ValidationMessage> errors = schema.validate(json);
        assertThat(errors).as("schema violations").isEmpty();
        return json;
    }
}
