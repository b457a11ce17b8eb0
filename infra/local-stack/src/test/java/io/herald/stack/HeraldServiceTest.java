package io.herald.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HeraldServiceTest {

    @Test
    void serviceIsFoundByShortOrModuleNameInAnyCase() {
        assertThat(HeraldService.byName("ingest")).isEqualTo(HeraldService.INGEST);
        assertThat(HeraldService.byName("Dispatcher-Service")).isEqualTo(HeraldService.DISPATCHER);
    }

    @Test
    void unknownServiceNameListsTheKnownOnes() {
        assertThatThrownBy(() -> HeraldService.byName("mailer"))
                .hasMessage("Unknown service 'mailer'; known: ingest, signer, dispatcher, audit");
    }

    @Test
    void executableJarIsTheBootRepackagedOneInTheModuleTarget() {
        assertThat(HeraldService.AUDIT.executableJar(Path.of("/repo")))
                .isEqualTo(Path.of("/repo/audit-service/target/audit-service-exec.jar"));
    }

    @Test
    void onlyIngestAndAuditGetADatabase() {
        assertThat(HeraldService.values())
                .filteredOn(HeraldService::usesDatabase)
                .containsExactly(HeraldService.INGEST, HeraldService.AUDIT);
    }
}
