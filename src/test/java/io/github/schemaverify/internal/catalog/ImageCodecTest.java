package io.github.schemaverify.internal.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.sql.Connection;
import java.util.List;
import java.util.zip.DeflaterOutputStream;

import org.junit.jupiter.api.Test;

import io.github.schemaverify.MigratedDatabase;
import io.github.schemaverify.schema.diff.SchemaDiff;

/**
 * A reading of the schema that holds every object kind (the catalog fixture), as bytes and back: equal to the reading
 * in every record, and bytes that are not such a reading (another format, a class outside the snapshot's packages)
 * refused by name.
 */
@MigratedDatabase(locations = "classpath:fixtures/catalog", schemas = {"public", "app"})
class ImageCodecTest {

    @Test
    void a_reading_of_every_object_kind_comes_back_equal(Connection c) throws Exception {
        CatalogImage image = new CatalogReader(List.of("public", "app"), true).readImage(c, 42,
                new CatalogImage.Facts("roles digest"));

        CatalogImage back = ImageCodec.decode(ImageCodec.encode(image));

        assertThat(back).isEqualTo(image);
        assertThat(SchemaDiff.between(image.snapshot(), back.snapshot()).isEmpty()).isTrue();
        assertThat(back.snapshot().tables()).isNotEmpty();
        assertThat(back.snapshot().routines()).isNotEmpty();
        assertThat(back.snapshot().roles()).isNotEmpty();
    }

    @Test
    void bytes_of_another_format_or_with_another_class_are_refused() throws Exception {
        assertThatThrownBy(() -> ImageCodec.decode(deflated("schemaverify catalog image 0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the bytes are a \"schemaverify catalog image 0\", not a \"schemaverify catalog image 1\"");
        assertThatThrownBy(() -> ImageCodec.decode(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the bytes are not a catalog image: ");
        // a record tag naming a class outside the snapshot's packages is never loaded
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
            out.writeUTF(ImageCodec.FORMAT);
            out.writeByte(13);
            out.writeInt(-1);
            byte[] name = "java.lang.ProcessBuilder".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(name.length);
            out.write(name);
        }
        assertThatThrownBy(() -> ImageCodec.decode(bytes.toByteArray()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the bytes are not a catalog image: a kept value holds no java.lang.ProcessBuilder");
    }

    private static byte[] deflated(String format) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
            out.writeUTF(format);
        }
        return bytes.toByteArray();
    }
}
