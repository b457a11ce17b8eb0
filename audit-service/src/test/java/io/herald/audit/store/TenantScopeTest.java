package io.herald.audit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.contract.security.Caller;
import io.herald.contract.security.Role;
import java.util.Set;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

class TenantScopeTest {

    @Test
    void aCallerOfEveryTenantIsNotLimited() {
        MapSqlParameterSource params = new MapSqlParameterSource();

        TenantScope scope = TenantScope.of(caller("*", "acme"));

        assertThat(scope).isEqualTo(TenantScope.EVERY_TENANT);
        assertThat(scope.condition("n.tenant", params)).isNull();
        assertThat(params.getParameterNames()).isEmpty();
    }

    @Test
    void aCallerOfSomeTenantsIsLimitedToThemAndNeverSeesNotificationsWithoutTenant() {
        MapSqlParameterSource params = new MapSqlParameterSource();

        String condition = TenantScope.of(caller("beta", "acme")).condition("n.tenant", params);

        // SQL's IN never matches a NULL tenant
        assertThat(condition).isEqualTo("n.tenant IN (:scopeTenants)");
        assertThat(params.getValue("scopeTenants"))
                .asInstanceOf(InstanceOfAssertFactories.ITERABLE)
                .containsExactly("acme", "beta");
    }

    @Test
    void aCallerOfNoTenantSeesNothing() {
        assertThat(TenantScope.of(caller()).condition("tenant", new MapSqlParameterSource()))
                .isEqualTo("FALSE");
    }

    private static Caller caller(String... tenants) {
        return new Caller("someone", Set.of(Role.READ), Set.of(tenants), Set.of());
    }
}
