package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExternalDatabaseTest {

    @Test
    void embeddedUnlessAUrlIsGiven() {
        assertThat(ExternalDatabase.fromEnvironment(Map.of("HERALD_DB_USER", "u")))
                .isEmpty();
        assertThat(ExternalDatabase.fromEnvironment(Map.of("HERALD_DB_URL", " ")))
                .isEmpty();
    }

    @Test
    void externalFromTheThreeVariables() {
        ExternalDatabase db = ExternalDatabase.fromEnvironment(Map.of(
                        "HERALD_DB_URL",
                        "jdbc:postgresql://db:5432/herald",
                        "HERALD_DB_USER",
                        "herald",
                        "HERALD_DB_PASSWORD",
                        "s3cret"))
                .orElseThrow();

        assertThat(db.url()).isEqualTo("jdbc:postgresql://db:5432/herald");
        assertThat(db.user()).isEqualTo("herald");
        assertThat(db.password()).isEqualTo("s3cret");
    }

    @Test
    void passwordNeverAppearsInItsDescription() {
        ExternalDatabase db = new ExternalDatabase("jdbc:postgresql://db/h", "u", "s3cret");

        assertThat(db.toString()).doesNotContain("s3cret").contains("jdbc:postgresql://db/h");
    }
}
